package com.example.broken;

/** Not an entity. */
public class Payer {
    private Long id;
}
