package com.example.shop;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** What every entity of the shop records: when its row was created. */
@MappedSuperclass
public abstract class Audited {
    @Column(nullable = false)
    private Instant createdAt;
}
