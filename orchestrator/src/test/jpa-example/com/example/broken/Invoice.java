package com.example.broken;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** A mapping Hibernate refuses: the association targets a class that is not an entity. */
@Entity
public class Invoice {
    @Id
    private Long id;

    @ManyToOne
    private Payer payer;
}
