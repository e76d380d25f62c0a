package dev.dbmigrate.lint;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The files whose findings a lint run reports ({@code -Dmigrate.lint.scope}): every file, or the migrations pending on
 * an environment. The rules always read every file (a rule asks what the migrations before a file did); only what
 * they find about the files in scope is reported. Pending are the versioned migrations the environment's history
 * table does not record as applied up to its current version, their undo scripts, and the repeatable migrations that
 * are new or changed since they were last applied; a file that is not a migration (a misnamed one) is always in scope,
 * as upgrade would refuse it.
 *
 * @param description what is in scope, for the report: "every migration", or "the migrations pending on environment
 *                    prod (at version 3)"
 * @param applied     the migration files out of scope: applied, their undo scripts, repeatables unchanged since
 * @param inScope     how many of the migration files are in scope
 * @param total       how many migration files there are
 * @param pending     whether these are an environment's pending migrations (its history table was read)
 */
public record ReportedFiles(String description, Set<Path> applied, int inScope, int total, boolean pending) {
    /** Every file. */
    public static ReportedFiles all(LintContext context) {
        int total = context.migrations().size();
        return new ReportedFiles("every migration", Set.of(), total, total, false);
    }

    /**
     * The migrations pending on the environment {@code settings} describe: its history table is read on a read-only
     * connection (nothing is written to the database).
     *
     * @throws MigrateException (connection, environment) when the database cannot be reached or read, naming the
     *     environment and the fixes
     */
    public static ReportedFiles pending(LintContext context, MigrateSettings settings, MigrateListener listener) {
        Database database;
        try {
            database = Database.open(settings, listener);
        } catch (MigrateException e) {
            if (e.code() != ErrorCode.CONNECTION && e.code() != ErrorCode.ENVIRONMENT) {
                throw e;
            }
            throw unreachable(settings, e.code(), e.getMessage(), e);
        }
        try (database) {
            return pending(context, settings, database);
        }
    }

    /** The migrations pending on the environment whose database, already open, is {@code database}. */
    public static ReportedFiles pending(LintContext context, MigrateSettings settings, Database database) {
        List<HistoryTable.Row> rows;
        try (Connection c = database.connect()) {
            c.setReadOnly(true);
            rows = new HistoryTable(settings.defaultSchema(), settings.table()).read(c);
        } catch (SQLException e) {
            throw unreachable(settings, ErrorCode.CONNECTION, e.getMessage(), e);
        } catch (MigrateException e) {
            if (e.code() != ErrorCode.CONNECTION && e.code() != ErrorCode.ENVIRONMENT) {
                throw e;
            }
            throw unreachable(settings, e.code(), e.getMessage(), e);
        }
        return pending(context, settings.env(), rows);
    }

    /** The migrations pending on the environment {@code env}, whose history table holds {@code rows}. */
    public static ReportedFiles pending(LintContext context, String env, List<HistoryTable.Row> rows) {
        String current = CurrentVersion.ofRows(rows);
        Set<String> appliedVersions = new HashSet<>();
        Map<String, Integer> repeatableChecksums = new HashMap<>();
        for (HistoryTable.Row row : rows) {
            if (!row.success() || row.is(MigrationType.DELETE) || row.is(MigrationType.SCHEMA)) {
                continue;
            }
            if (row.version() != null) {
                appliedVersions.add(Versions.normalize(row.version()));
            } else {
                repeatableChecksums.put(row.script(), row.checksum());
            }
        }
        Set<Path> applied = new HashSet<>();
        MigrationFiles files = context.files();
        for (MigrationFile v : files.versioned()) {
            if (current != null
                    && Versions.compare(v.version(), current) <= 0
                    && appliedVersions.contains(v.version())) {
                applied.add(v.path());
                files.undoFor(v.version()).ifPresent(u -> applied.add(u.path()));
            }
        }
        for (MigrationFile r : files.repeatable()) {
            if (repeatableChecksums.containsKey(r.script())
                    && Objects.equals(repeatableChecksums.get(r.script()), checksum(r))) {
                applied.add(r.path());
            }
        }
        int total = context.migrations().size();
        String description =
                "the migrations pending on environment " + env + " (at version " + Migrator.display(current) + ")";
        return new ReportedFiles(description, Set.copyOf(applied), total - applied.size(), total, true);
    }

    /** Whether a finding about {@code file} is reported. */
    public boolean reports(Path file) {
        return !applied.contains(file);
    }

    /** Flyway's checksum of a repeatable migration, or null when it cannot be read (then it counts as changed). */
    private static Integer checksum(MigrationFile file) {
        try {
            return Checksum.ofText(MigrationFiles.read(file.path()));
        } catch (MigrateException e) {
            return null;
        }
    }

    private static MigrateException unreachable(MigrateSettings settings, ErrorCode code, String cause, Exception e) {
        return new MigrateException(
                code,
                "lint " + FixHint.set(MigrateProperty.LINT_SCOPE, "pending")
                        + " reads the history table of environment "
                        + settings.env() + " to know which migrations are pending there, and could not: " + cause
                        + "; nothing was changed in any database (make the database of " + settings.env()
                        + " reachable, choose another with " + FixHint.set(MigrateProperty.ENV, "<env>")
                        + ", or lint every migration without a database with "
                        + FixHint.set(MigrateProperty.LINT_SCOPE, "all") + ")",
                e);
    }
}
