package dev.dbmigrate.history;

import java.util.List;

/**
 * The current version of a database: the highest version that a successful history entry records as applied, a
 * migration or a baseline (not Flyway's schema marker, nor a row that repair marked deleted). The one definition that
 * upgrade, downgrade, current, history, drop and backups all use, whether they read the history table themselves or
 * through Flyway's info.
 */
public final class CurrentVersion {
    private CurrentVersion() {}

    /** The current version the history rows record, or null when nothing is applied. */
    public static String ofRows(List<HistoryTable.Row> rows) {
        String current = null;
        for (HistoryTable.Row r : rows) {
            if (counts(r.version(), r.type(), r.success())) {
                current = higher(current, r.version());
            }
        }
        return current;
    }

    /** The current version of Flyway's info (or its equivalent read from the rows), or null when nothing is applied. */
    public static String of(List<MigrationInfo> info) {
        String current = null;
        for (MigrationInfo i : info) {
            if (counts(i.version(), i.type(), i.applied() && !i.is(HistoryState.FAILED))) {
                current = higher(current, i.version());
            }
        }
        return current;
    }

    /** Whether a history entry sets the current version: a successful, versioned migration or baseline. */
    private static boolean counts(String version, String type, boolean succeeded) {
        return succeeded
                && version != null
                && !MigrationType.SCHEMA.name().equals(type)
                && !MigrationType.DELETE.name().equals(type);
    }

    /** The higher of two versions (the first kept when they are equal); {@code current} may be null. */
    private static String higher(String current, String version) {
        return current == null || Versions.compare(version, current) > 0 ? version : current;
    }
}
