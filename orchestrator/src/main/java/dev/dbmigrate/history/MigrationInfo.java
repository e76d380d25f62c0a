package dev.dbmigrate.history;

import java.time.Instant;

/**
 * One migration as the history table and the migration folders see it.
 *
 * @param version       the version, or null for a repeatable migration
 * @param description   the description from the file name
 * @param script        the file name
 * @param type          the history row's type: a {@link MigrationType} name (SQL, BASELINE, SCHEMA, ...)
 * @param state         Flyway's state: a {@link HistoryState} display name (Pending, Success, Failed, ...)
 * @param installedRank the history row's rank, or null when not applied
 * @param installedOn   when it was applied, or null
 * @param installedBy   the database user that applied it, or null
 * @param executionMs   how long it took, or null
 * @param checksum      the checksum Flyway recorded or computed, or null
 * @param applied       true when the history table holds it
 * @param undoScript    the undo script's file name, or null when there is none
 */
public record MigrationInfo(
        String version,
        String description,
        String script,
        String type,
        String state,
        Integer installedRank,
        Instant installedOn,
        String installedBy,
        Integer executionMs,
        Integer checksum,
        boolean applied,
        String undoScript) {
    public boolean versioned() {
        return version != null;
    }

    /** Whether the migration is in {@code state}. */
    public boolean is(HistoryState state) {
        return state.matches(this.state);
    }

    /** Whether the migration is of {@code type}. */
    public boolean is(MigrationType type) {
        return type.matches(this.type);
    }

    public MigrationInfo withUndoScript(String undo) {
        return new MigrationInfo(
                version,
                description,
                script,
                type,
                state,
                installedRank,
                installedOn,
                installedBy,
                executionMs,
                checksum,
                applied,
                undo);
    }
}
