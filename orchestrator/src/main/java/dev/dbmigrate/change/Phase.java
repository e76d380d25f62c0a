package dev.dbmigrate.change;

/**
 * Which generated migration a {@link Change} goes into. The migrations are written in this order; the statements of a
 * phase that needs a migration of its own per change ({@link #INDEX}) each get one.
 */
public enum Phase {
    /**
     * Enum values added to an existing type: a value added in a transaction cannot be used before it commits, so they
     * come in a migration before the one that may use them.
     */
    ENUM_VALUES(false),
    /** Everything else, in one transaction: drops, alterations, creations. */
    MAIN(false),
    /** {@code CREATE INDEX CONCURRENTLY} on a table that already exists: alone in its migration, outside a transaction. */
    INDEX(true),
    /**
     * {@code VALIDATE CONSTRAINT} of a foreign key or check added {@code NOT VALID} in {@link #MAIN}: its scan takes
     * only a SHARE UPDATE EXCLUSIVE lock, not the ADD's stronger one.
     */
    VALIDATE(false),
    /** What needs a validated constraint first: {@code SET NOT NULL} after its check was validated. */
    FINISH(false);

    private final boolean alone;

    Phase(boolean alone) {
        this.alone = alone;
    }

    /** Whether each change of this phase is a migration of its own. */
    public boolean alone() {
        return alone;
    }
}
