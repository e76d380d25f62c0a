package dev.dbmigrate.trace;

import java.util.Optional;

/**
 * PostgreSQL's table-level lock modes, weakest first, named as {@code LOCK TABLE} and the documentation name them.
 * {@code pg_locks.mode} spells them {@code AccessExclusiveLock}; {@link #of} reads that spelling.
 */
public enum LockMode {
    /** SELECT. */
    ACCESS_SHARE("AccessShareLock", "ACCESS SHARE"),
    /** SELECT FOR UPDATE / FOR SHARE. */
    ROW_SHARE("RowShareLock", "ROW SHARE"),
    /** INSERT, UPDATE, DELETE, MERGE. */
    ROW_EXCLUSIVE("RowExclusiveLock", "ROW EXCLUSIVE"),
    /** VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, some ALTER TABLE forms. */
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"),
    /** CREATE INDEX without CONCURRENTLY: stops writes. */
    SHARE("ShareLock", "SHARE"),
    /** CREATE TRIGGER, some ALTER TABLE forms (a foreign key): stops writes. */
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE"),
    /** REFRESH MATERIALIZED VIEW CONCURRENTLY: stops writes. */
    EXCLUSIVE("ExclusiveLock", "EXCLUSIVE"),
    /** Most ALTER TABLE forms, DROP, TRUNCATE, VACUUM FULL: stops reads and writes. */
    ACCESS_EXCLUSIVE("AccessExclusiveLock", "ACCESS EXCLUSIVE");

    private final String catalogName;
    private final String words;

    LockMode(String catalogName, String words) {
        this.catalogName = catalogName;
        this.words = words;
    }

    /** The mode {@code pg_locks.mode} names ({@code AccessExclusiveLock}); empty for a mode that is not a table's. */
    public static Optional<LockMode> of(String catalogName) {
        for (LockMode mode : values()) {
            if (mode.catalogName.equals(catalogName)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** {@code ACCESS EXCLUSIVE}: the name in PostgreSQL's documentation and in the trace's output. */
    public String words() {
        return words;
    }

    /**
     * Whether the lock stops the application's writes while it is held (SHARE and stronger: INSERT, UPDATE and
     * DELETE take ROW EXCLUSIVE, which conflicts with each of them): such a lock is timed until the commit.
     */
    public boolean strong() {
        return compareTo(SHARE) >= 0;
    }

    /** Whether it stops the application's reads too: only ACCESS EXCLUSIVE conflicts with a SELECT's ACCESS SHARE. */
    public boolean blocksReads() {
        return this == ACCESS_EXCLUSIVE;
    }

    @Override
    public String toString() {
        return words;
    }
}
