package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;

/** One line of an order (its id from a sequence, its order's key named by the implicit naming). */
@Entity
public class OrderLine {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_line_seq")
    @SequenceGenerator(name = "order_line_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(optional = false)
    private PurchaseOrder purchaseOrder;

    private String productCode;

    private int quantity;
}
