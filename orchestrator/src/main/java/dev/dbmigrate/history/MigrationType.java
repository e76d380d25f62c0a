package dev.dbmigrate.history;

/**
 * The {@code type} column of the history table, with Flyway 13's names ({@code CoreMigrationType}): what a row
 * records. SQL is a migration script this tool or Flyway applied; SCHEMA, BASELINE and DELETE are rows Flyway writes
 * without a script (the schemas it created, the baseline, a missing migration marked deleted by repair); the others
 * are written only by Flyway's Java, script and Teams features, which this tool reads but never writes.
 */
public enum MigrationType {
    SCHEMA,
    BASELINE,
    DELETE,
    SQL,
    JDBC,
    SCRIPT,
    UNDO_SCRIPT,
    CUSTOM;

    /** Whether {@code type} (a value of the {@code type} column, which is case-sensitive) is this type. */
    public boolean matches(String type) {
        return name().equals(type);
    }
}
