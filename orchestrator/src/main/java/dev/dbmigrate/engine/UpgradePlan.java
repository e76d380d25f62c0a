package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.HistoryTable.Row;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.sql.SqlStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upgrade will apply, worked out from the migration files and one read of the history table, without
 * Flyway: the lean executor's plan. It covers what nearly every run is (plain SQL versioned migrations on a history
 * that Flyway's validation would pass) and names a reason to hand the run to Flyway for anything else, so whatever
 * Flyway reports or does in those cases stays exactly as it was: a changed checksum, an applied migration newer than
 * every file, a repeatable migration to apply, placeholders, SQL callbacks, a script this project's parser cannot
 * split, or a schema that does not exist yet. What Flyway would refuse in its own words (a failed row, a missing file,
 * a migration mixing statements that cannot run in a transaction with others) {@link Upgrade} and this plan refuse
 * first, in this project's, whichever executor runs.
 */
final class UpgradePlan {
    /** The history rows of a plain history: SQL migrations, a baseline, the schema marker. */
    static final Set<String> PLAIN_ROW_TYPES = Set.of("SQL", "BASELINE", "SCHEMA");

    /**
     * One migration to apply, parsed; or, for a script too large to hold ({@code streamed} not null), what a first
     * reading found, its statements read again from the file as they are sent.
     */
    record Pending(
            MigrationFile file,
            int checksum,
            List<SqlStatement> statements,
            boolean noTransaction,
            MigrationScript.Streamed streamed) {
        /** Whether the script holds no statement at all (only comments, or nothing). */
        boolean empty() {
            return streamed == null ? statements.isEmpty() : streamed.statements() == 0;
        }

        /** Whether the script may change a setting of its session that would carry over (a role, a search path). */
        boolean changesSettings() {
            return streamed == null ? ScriptRunner.changesSettings(statements) : streamed.changesSettings();
        }

        /** Whether the script may share a transaction with others: a streamed one always runs alone. */
        boolean canShareATransaction() {
            return streamed == null && ScriptRunner.canShareATransaction(statements);
        }
    }

    private final List<Pending> pending;
    private final String current;
    private final List<MigrationFile> outOfOrder;
    private final int nextRank;
    private final String fallback;

    private UpgradePlan(
            List<Pending> pending, String current, List<MigrationFile> outOfOrder, int nextRank, String fallback) {
        this.pending = pending;
        this.current = current;
        this.outOfOrder = outOfOrder;
        this.nextRank = nextRank;
        this.fallback = fallback;
    }

    private static UpgradePlan flyway(String reason) {
        return new UpgradePlan(List.of(), null, List.of(), 0, reason);
    }

    /**
     * Plans the upgrade.
     *
     * @param files          the migration files
     * @param scripts        every versioned file, read
     * @param rows           the history table's rows, in rank order (empty when it does not exist)
     * @param missingSchemas the managed schemas that do not exist yet
     * @param target         the target version, or null / "latest" for all
     * @param outOfOrder     whether migrations older than the current version may be applied
     * @param command        the command, for messages
     * @param again          the command as it was run, to run again ({@link dev.dbmigrate.config.FixHint#rerun})
     * @throws MigrateException when a migration to apply mixes statements that cannot run in a transaction with
     *                          others (Flyway refuses it too, without naming the file)
     */
    static UpgradePlan of(
            MigrationFiles files,
            Map<Path, MigrationScript> scripts,
            List<Row> rows,
            List<String> missingSchemas,
            String target,
            boolean outOfOrder,
            String command,
            String again) {
        refuseMixed(files, scripts, rows, target, command, again);
        if (!files.callbacks().isEmpty()) {
            return flyway("SQL callback " + files.callbacks().get(0).getFileName());
        }
        if (!files.duplicates().isEmpty()) {
            return flyway("duplicate versions");
        }
        Map<String, MigrationFile> byVersion = new HashMap<>();
        files.versioned().forEach(f -> byVersion.put(f.version(), f));
        String notPlain = historyFallback(files, scripts, rows, byVersion);
        if (notPlain != null) {
            return flyway(notPlain);
        }
        int maxRank = rows.stream().mapToInt(Row::installedRank).max().orElse(0);
        String current = CurrentVersion.ofRows(rows);
        String upTo = target == null || target.equals("latest") ? null : target;
        if (upTo != null && !byVersion.containsKey(Versions.normalize(upTo))) {
            return flyway("no migration has the target version " + upTo);
        }
        Selection selection = select(files, scripts, rows, current, upTo, outOfOrder);
        if (selection.fallback() != null) {
            return flyway(selection.fallback());
        }
        if (!missingSchemas.isEmpty()) {
            return flyway("schema " + String.join(", ", missingSchemas) + " does not exist yet");
        }
        return new UpgradePlan(
                List.copyOf(selection.pending()), current, List.copyOf(selection.skipped()), maxRank + 1, null);
    }

    /** The migrations to apply and those skipped over, or why Flyway must apply them instead. */
    private record Selection(List<Pending> pending, List<MigrationFile> skipped, String fallback) {}

    /**
     * Selects, in version order, the files not applied, above the baseline and up to {@code upTo}; those older than
     * the current version only with {@code outOfOrder} (and listed as skipped either way).
     */
    private static Selection select(
            MigrationFiles files,
            Map<Path, MigrationScript> scripts,
            List<Row> rows,
            String current,
            String upTo,
            boolean outOfOrder) {
        Set<String> applied = new HashSet<>();
        rows.stream()
                .filter(r -> r.version() != null && r.is(MigrationType.SQL))
                .forEach(r -> applied.add(Versions.normalize(r.version())));
        String baseline = rows.stream()
                .filter(r -> r.version() != null && r.is(MigrationType.BASELINE))
                .map(Row::version)
                .reduce((a, b) -> b)
                .orElse(null);
        List<Pending> pending = new ArrayList<>();
        List<MigrationFile> skipped = new ArrayList<>();
        List<MigrationFile> sorted = new ArrayList<>(files.versioned());
        sorted.sort(Comparator.comparing(MigrationFile::version, Versions::compare));
        for (MigrationFile f : sorted) {
            if (applied.contains(f.version())
                    || baseline != null && Versions.compare(f.version(), baseline) <= 0
                    || upTo != null && Versions.compare(f.version(), upTo) > 0) {
                continue;
            }
            if (current != null && Versions.compare(f.version(), current) < 0) {
                skipped.add(f);
                if (!outOfOrder) {
                    continue;
                }
            }
            MigrationScript script = scripts.get(f.path());
            String scriptFallback = scriptFallback(f, script);
            if (scriptFallback != null) {
                return new Selection(List.of(), List.of(), scriptFallback);
            }
            int count = script.statementCount();
            pending.add(new Pending(
                    f,
                    script.checksum(),
                    script.streamed() == null ? script.statements() : List.of(),
                    count > 0 && outsideTransaction(script) == count,
                    script.streamed()));
        }
        return new Selection(pending, skipped, null);
    }

    /**
     * Why the history table is not one the lean executor takes on (a row of another type, a failed row, an applied
     * migration without its file or differing from it, a repeatable migration to apply), or null when it is plain.
     */
    private static String historyFallback(
            MigrationFiles files,
            Map<Path, MigrationScript> scripts,
            List<Row> rows,
            Map<String, MigrationFile> byVersion) {
        Map<String, MigrationFile> repeatables = new HashMap<>();
        files.repeatable().forEach(f -> repeatables.put(f.description(), f));
        Map<String, Row> appliedRepeatables = new HashMap<>();
        Set<String> applied = new HashSet<>();
        for (Row row : rows) {
            if (!PLAIN_ROW_TYPES.contains(row.type())) {
                return "the history table holds a " + row.type() + " row";
            }
            if (!row.success()) {
                return "the history table records a failed migration";
            }
            if (row.type().equals("SCHEMA") || row.type().equals("BASELINE") && row.version() != null) {
                continue;
            }
            if (row.version() == null) {
                if (!repeatables.containsKey(row.description())) {
                    return "applied repeatable migration " + row.script() + " has no file";
                }
                appliedRepeatables.put(row.description(), row); // the latest run counts
                continue;
            }
            String version = Versions.normalize(row.version());
            MigrationFile file = byVersion.get(version);
            if (file == null) {
                return "applied migration " + row.script() + " has no file";
            }
            if (!applied.add(version)
                    || !file.description().equals(row.description())
                    || row.checksum() == null
                    || row.checksum() != scripts.get(file.path()).checksum()) {
                return file.fileName() + " differs from its history row";
            }
        }
        for (var entry : repeatables.entrySet()) {
            Row last = appliedRepeatables.get(entry.getKey());
            Integer checksum = last == null ? null : last.checksum();
            if (checksum == null
                    || checksum != ScriptReader.checksumOf(entry.getValue().path())) {
                return "repeatable migration " + entry.getValue().fileName() + " is to be applied";
            }
        }
        return null;
    }

    /**
     * Why a script to apply is left to Flyway (it may hold placeholders, this project's parser cannot split it, it
     * mixes statements that cannot run in a transaction with others), or null.
     */
    private static String scriptFallback(MigrationFile f, MigrationScript script) {
        if (script.mayHoldPlaceholders()) {
            return f.fileName() + " may hold placeholders";
        }
        if (script.parseError() != null) {
            return f.fileName() + ": " + script.parseError();
        }
        long outside = outsideTransaction(script);
        if (outside > 0 && outside < script.statementCount()) {
            return f.fileName() + " mixes statements that cannot run in a transaction with others";
        }
        return null;
    }

    /** How many of a script's statements cannot run in a transaction. */
    private static long outsideTransaction(MigrationScript script) {
        return script.streamed() != null
                ? script.streamed().outsideTransaction()
                : script.statements().stream()
                        .filter(SqlStatement::requiresNoTransaction)
                        .count();
    }

    /**
     * Refuses a migration to apply (not in the history, above the baseline, up to the target) that mixes statements
     * that cannot run in a transaction with others, whichever executor would run it.
     */
    private static void refuseMixed(
            MigrationFiles files,
            Map<Path, MigrationScript> scripts,
            List<Row> rows,
            String target,
            String command,
            String again) {
        List<MigrationFile> sorted = new ArrayList<>(ScriptChecks.toApply(files, rows, target));
        sorted.sort(Comparator.comparing(MigrationFile::version, Versions::compare));
        for (MigrationFile f : sorted) {
            MigrationScript script = scripts.get(f.path());
            if (script == null || script.statements() == null) {
                continue;
            }
            MigrateException mixed = ScriptChecks.mixed(command, again, f, script.statements());
            if (mixed != null) {
                throw mixed;
            }
        }
    }

    /** Why the run goes to Flyway, or null when the lean executor takes it. */
    String fallback() {
        return fallback;
    }

    List<Pending> pending() {
        return pending;
    }

    /** The highest applied version (or the baseline), or null. */
    String current() {
        return current;
    }

    /** Versioned migrations never applied but older than the current version. */
    List<MigrationFile> outOfOrder() {
        return outOfOrder;
    }

    /** The installed rank the first applied migration gets. */
    int nextRank() {
        return nextRank;
    }
}
