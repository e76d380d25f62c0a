package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.rehearse.RehearsedMigration.DataChange;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import dev.dbmigrate.schema.SqlNames;
import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proof of migrations not yet written ({@code create -Dmigrate.autogenerate=true}): on the database the project's
 * migrations built, with their sample data ({@link #buildCurrent}), the new migrations are applied through the engine
 * and must give exactly the expected schema while every table keeps its rows; their undo scripts must give back
 * exactly the schema before and every table's rows; applied again, they must give the expected schema again.
 */
public final class ChangeProof {
    private ChangeProof() {}

    /**
     * What the proof found.
     *
     * @param tables   how many tables held rows before the change (each checked in both directions)
     * @param rows     how many rows they held
     * @param problems each difference or failure, one line each; empty when the proof passed
     */
    public record Result(int tables, long rows, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        /** Whether the change did exactly what it says, both ways. */
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * Applies the migrations of {@code settings} to a new scratch database, each version's sample data loaded right
     * after it (as a rehearsal does), and returns the database's name.
     */
    public static String buildCurrent(ScratchServer scratch, MigrateSettings settings, MigrateListener listener) {
        List<MigrationFile> migrations = MigrationFiles.scan(settings.locations(), true).versioned().stream()
                .sorted(Comparator.comparing(MigrationFile::version, Versions.ORDER))
                .toList();
        if (migrations.isEmpty()) {
            return managedSchemasOnly(scratch, settings);
        }
        SampleData sample = SampleData.read(settings, migrations);
        if (sample.size() == 0) {
            return MigrationsBuild.apply(scratch, settings, null, listener);
        }
        RoundTrip trip = new RoundTrip(scratch, settings, listener);
        String name = scratch.newDatabase("current");
        for (MigrationFile migration : migrations) {
            trip.upgrade(name, migration.versionText());
            sample.load(scratch, name, migration, settings.schemas()).ifPresent(failure -> {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "the sample data did not load: " + failure + "; nothing was written (fix the file, or move"
                                + " it out of the sample data folder)");
            });
        }
        return name;
    }

    /**
     * A new project's database: empty but for the managed schemas, which the engine creates before it applies the
     * first migration (so a migration must not create them).
     */
    private static String managedSchemasOnly(ScratchServer scratch, MigrateSettings settings) {
        String name = scratch.newDatabase("current");
        try (Connection c = scratch.connect(name);
                Statement s = c.createStatement()) {
            for (String schema : settings.schemas()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.identifier(schema));
            }
        } catch (SQLException e) {
            throw Rehearsal.unreadable(e);
        }
        return name;
    }

    /**
     * Proves the migrations of {@code withChange} above {@code previous} (the last version the project had, {@code 0}
     * for none) on database {@code name}, which holds the project's migrations. {@code lost} are the tables and
     * columns the change drops on purpose (destructive changes allowed): their rows are not expected back.
     */
    public static Result prove(
            ScratchServer scratch,
            MigrateSettings withChange,
            String name,
            String previous,
            Snapshot expected,
            Collection<SchemaObject> lost,
            MigrateListener listener) {
        RoundTrip trip = new RoundTrip(scratch, withChange, listener);
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> lostColumns = new HashMap<>();
        Set<String> lostTables = new HashSet<>();
        for (SchemaObject object : lost) {
            if (object.kind() == ObjectKind.TABLE) {
                lostTables.add(object.name());
            } else if (object.kind() == ObjectKind.COLUMN) {
                lostColumns
                        .computeIfAbsent(SqlNames.owner(object.name()), t -> new HashSet<>())
                        .add(SqlNames.last(object.name()));
            }
        }
        SnapshotScope scope = MigrationsBuild.scope(withChange);
        try {
            DatabaseState before = DatabaseState.read(scratch, name, scope, lostColumns);
            long rows = before.tables().values().stream()
                    .mapToLong(DatabaseState.Fingerprint::rows)
                    .sum();
            int tables = (int)
                    before.tables().values().stream().filter(f -> f.rows() > 0).count();
            if (!step(() -> trip.upgrade(name, null), "applying the migrations", problems)) {
                return new Result(tables, rows, problems);
            }
            DatabaseState after = trip.state(name);
            compare(scratch, withChange, expected, after.snapshot(), "after the migrations", problems);
            rowCounts(before.tables(), after.tables(), problems);
            if (!step(() -> trip.downgrade(name, previous), "running the undo scripts", problems)) {
                return new Result(tables, rows, problems);
            }
            DatabaseState undone = DatabaseState.read(scratch, name, scope, lostColumns);
            compare(scratch, withChange, before.snapshot(), undone.snapshot(), "after the undo scripts", problems);
            for (DataChange change : before.changedIn(undone)) {
                if (!lostTables.contains(change.table())) {
                    problems.add("after the undo scripts: " + change.line());
                }
            }
            if (step(() -> trip.upgrade(name, null), "applying the migrations again", problems)) {
                // the schema only: the rows were compared after the first application
                compare(
                        scratch,
                        withChange,
                        expected,
                        MigrationsBuild.snapshot(scratch, name, withChange),
                        "after the migrations again",
                        problems);
            }
            return new Result(tables, rows, problems);
        } catch (SQLException e) {
            throw Rehearsal.unreadable(e);
        }
    }

    private static boolean step(Runnable command, String what, List<String> problems) {
        try {
            command.run();
            return true;
        } catch (MigrateException e) {
            problems.add(what + " failed: " + RoundTrip.cause(e));
            return false;
        }
    }

    private static void compare(
            ScratchServer scratch,
            MigrateSettings settings,
            Snapshot expected,
            Snapshot actual,
            String when,
            List<String> problems) {
        Canonical.of(scratch, settings, expected, actual)
                .differences()
                .forEach(difference -> problems.add(when + ": " + difference.line("expected", "database")));
    }

    /** Every table that held rows and still exists holds as many after the migrations. */
    private static void rowCounts(
            Map<String, DatabaseState.Fingerprint> before,
            Map<String, DatabaseState.Fingerprint> after,
            List<String> problems) {
        before.forEach((table, fingerprint) -> {
            DatabaseState.Fingerprint now = after.get(table);
            if (now != null && now.rows() != fingerprint.rows()) {
                problems.add("after the migrations: table " + table + " holds " + now.rows() + " rows instead of "
                        + fingerprint.rows());
            }
        });
    }
}
