package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.history.HistoryTable.Row;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Where the history table and the migration files disagree about what was applied, read without Flyway, each finding
 * naming its file or version and the fix: a failed row, an applied migration whose file is gone (the newest one
 * included, which Flyway calls "future" and lets pass), a file edited or renamed after it was applied. {@code validate}
 * reports them all, the {@code current -Dmigrate.failIfPending=true} gate fails on them, and {@code upgrade} refuses
 * the ones Flyway would refuse, in the same words.
 */
final class HistoryCheck {
    /** What kind of disagreement. */
    enum Kind {
        /** A row records a failed migration (it ran outside a transaction and may be partly applied). */
        FAILED,
        /** An applied migration's file is not in the locations. */
        MISSING_FILE,
        /** A file's checksum differs from the one recorded when it was applied. */
        CHECKSUM,
        /** A file's description (its name) differs from the recorded one. */
        DESCRIPTION,
        /** A migration older than the current version was never applied (and {@code outOfOrder} is off). */
        OUT_OF_ORDER,
        /**
         * A repeatable migration's file changed after it was last applied: pending work the next upgrade applies
         * again, not a disagreement to repair ({@code validate} warns, the gate counts it as pending).
         */
        REPEATABLE_CHANGED
    }

    /**
     * One disagreement.
     *
     * @param kind    what kind
     * @param version the version, or null for a repeatable migration
     * @param future  for {@link Kind#MISSING_FILE}: the version is above every file's (Flyway lets it pass)
     * @param text    the message: the file or version, what disagrees, the fix
     */
    record Finding(Kind kind, String version, boolean future, String text) {}

    private HistoryCheck() {}

    /**
     * Compares the rows with the files.
     *
     * @param files     the migration files
     * @param checksum  Flyway's checksum of a file
     * @param rows      the history table's rows, in rank order
     * @param table     the history table, qualified, for messages
     * @param locations the locations, for messages
     * @param settings  the run's settings: with {@code outOfOrder}, migrations older than the current version are
     *                  pending, not a disagreement; each fix names the command for this database
     *                  ({@link FixHint#command})
     */
    static List<Finding> of(
            MigrationFiles files,
            ToIntFunction<MigrationFile> checksum,
            List<Row> rows,
            String table,
            String locations,
            MigrateSettings settings) {
        Set<String> deleted = new HashSet<>();
        for (Row row : rows) {
            if (row.is(MigrationType.DELETE)) {
                deleted.add(key(row));
            }
        }
        String newestFile = files.versioned().stream()
                .map(MigrationFile::version)
                .max(Versions::compare)
                .orElse(null);
        Map<String, Row> lastRepeatable = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Row row : rows) {
            if (!row.is(MigrationType.SQL) || deleted.contains(key(row))) {
                continue; // the baseline, the schema marker, Java migrations, rows repair marked deleted
            }
            String script = row.script();
            if (!row.success()) {
                findings.add(new Finding(
                        Kind.FAILED,
                        row.version(),
                        false,
                        script + " (" + versionText(row)
                                + ") is recorded as failed in " + table
                                + ": it ran outside a transaction and may be partly"
                                + " applied (undo what it did by hand, fix the file, run "
                                + FixHint.command(settings, "repair")
                                + " to remove the failed row, then run " + FixHint.command(settings, "upgrade") + ")"));
                continue;
            }
            if (row.version() == null) {
                lastRepeatable.put(row.description(), row);
                continue;
            }
            versioned(row, files, checksum, newestFile, locations, settings).ifPresent(findings::add);
        }
        if (!settings.outOfOrder()) {
            findings.addAll(outOfOrder(files, rows, deleted, settings));
        }
        findings.addAll(repeatables(files, checksum, lastRepeatable.values(), locations, settings));
        return findings;
    }

    /** What is wrong with an applied versioned migration's row against its file, if anything. */
    private static Optional<Finding> versioned(
            Row row,
            MigrationFiles files,
            ToIntFunction<MigrationFile> checksum,
            String newestFile,
            String locations,
            MigrateSettings settings) {
        String script = row.script();
        MigrationFile file = files.versionedFor(row.version()).orElse(null);
        if (file == null) {
            boolean future = newestFile == null || Versions.compare(row.version(), newestFile) > 0;
            return Optional.of(new Finding(
                    Kind.MISSING_FILE,
                    row.version(),
                    future,
                    "version " + row.version()
                            + " (" + script + ") is applied but its file is not in " + locations + " (restore "
                            + script + " from version control; if it was removed on purpose, run "
                            + FixHint.command(settings, "repair")
                            + " to record version " + row.version() + " as deleted)"));
        }
        int now = checksum.applyAsInt(file);
        if (row.checksum() == null || row.checksum() != now) {
            // in the same words as upgrade's refusal (ScriptChecks) and Flyway's, translated
            return Optional.of(new Finding(
                    Kind.CHECKSUM,
                    row.version(),
                    false,
                    Messages.checksumProblem(file.fileName(), row.version(), row.checksum(), now)));
        }
        if (!file.description().equals(row.description())) {
            return Optional.of(new Finding(
                    Kind.DESCRIPTION,
                    row.version(),
                    false,
                    file.script()
                            + " is recorded as '" + row.description() + "' but its name now says '"
                            + file.description() + "' (rename it back, or run " + FixHint.command(settings, "repair")
                            + " to record the new description; nothing runs again)"));
        }
        return Optional.empty();
    }

    /** The applied repeatable migrations (the latest row of each) whose file is gone or was changed since. */
    private static List<Finding> repeatables(
            MigrationFiles files,
            ToIntFunction<MigrationFile> checksum,
            Collection<Row> lastRows,
            String locations,
            MigrateSettings settings) {
        Map<String, MigrationFile> repeatables = new HashMap<>();
        files.repeatable().forEach(f -> repeatables.put(f.description(), f));
        List<Finding> findings = new ArrayList<>();
        for (Row row : lastRows) {
            MigrationFile file = repeatables.get(row.description());
            if (file == null) {
                findings.add(new Finding(
                        Kind.MISSING_FILE,
                        null,
                        false,
                        "repeatable migration " + row.script()
                                + " is applied but its file is not in " + locations
                                + " (restore it from version control;"
                                + " if it was removed on purpose, run " + FixHint.command(settings, "repair")
                                + " to record it as deleted)"));
            } else if (row.checksum() == null || row.checksum() != checksum.applyAsInt(file)) {
                findings.add(new Finding(
                        Kind.REPEATABLE_CHANGED,
                        null,
                        false,
                        file.script() + " was changed after" + " it was applied: the next "
                                + FixHint.command(settings, "upgrade") + " applies it again"));
            }
        }
        return findings;
    }

    /**
     * The findings upgrade refuses before anything runs, as Flyway's migrate would: a failed row, and an applied
     * versioned migration without its file below the newest file. (A changed file is refused by the upgrade's own
     * checksum check.)
     */
    static List<Finding> blockingUpgrade(List<Finding> findings) {
        return findings.stream()
                .filter(f ->
                        f.kind() == Kind.FAILED || f.kind() == Kind.MISSING_FILE && !f.future() && f.version() != null)
                .toList();
    }

    /** Versioned files never applied but older than the current version (and above the baseline). */
    private static List<Finding> outOfOrder(
            MigrationFiles files, List<Row> rows, Set<String> deleted, MigrateSettings settings) {
        Set<String> applied = new HashSet<>();
        String current = null;
        String baseline = null;
        for (Row row : rows) {
            if (row.version() == null
                    || !row.success()
                    || "DELETE".equals(row.type())
                    || "SCHEMA".equals(row.type())
                    || deleted.contains(key(row))) {
                continue;
            }
            applied.add(Versions.normalize(row.version()));
            if ("BASELINE".equals(row.type())) {
                baseline = row.version();
            }
            if (current == null || Versions.compare(row.version(), current) > 0) {
                current = row.version();
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile f : files.versioned()) {
            if (current != null
                    && !applied.contains(f.version())
                    && Versions.compare(f.version(), current) < 0
                    && (baseline == null || Versions.compare(f.version(), baseline) > 0)) {
                findings.add(new Finding(
                        Kind.OUT_OF_ORDER,
                        f.version(),
                        false,
                        f.script() + " is older than the"
                                + " current version " + current + " but was never applied (apply it with "
                                + FixHint.command(
                                        settings, "upgrade", FixHint.set(MigrateProperty.OUT_OF_ORDER, "true"))
                                + " if it does not depend on the newer ones, or give it a newer"
                                + " version)"));
            }
        }
        return findings;
    }

    private static String key(Row row) {
        return row.version() == null ? "R:" + row.description() : "V:" + Versions.normalize(row.version());
    }

    private static String versionText(Row row) {
        return row.version() == null ? "repeatable" : "version " + row.version();
    }

    /** Flyway's checksum of a file, read as the upgrade reads it. */
    static int checksumOf(MigrationFile file) {
        return Checksum.ofText(MigrationFiles.read(file.path()));
    }
}
