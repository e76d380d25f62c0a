package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsedMigration.DataChange;
import dev.dbmigrate.rehearse.RehearsedMigration.Problem;
import dev.dbmigrate.schema.Difference;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.SnapshotScope;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The engine's commands on scratch databases, and one migration's round trip: on the database it was just applied
 * to, its undo runs through the engine's downgrade, the result is compared with the state before (schema exactly, and
 * the rows of every table that existed before), then it is applied again and the schema compared with the state after
 * its first application. A round trip that does not give back that state exactly makes the chain rebuild its database
 * (see {@link Rehearsal}), so one defect never hides the next.
 */
final class RoundTrip {
    private final ScratchServer scratch;
    private final MigrateSettings settings;
    private final MigrateListener engine;
    private final SnapshotScope scope;

    RoundTrip(ScratchServer scratch, MigrateSettings settings, MigrateListener listener) {
        this.scratch = scratch;
        this.settings = settings;
        this.scope = MigrationsBuild.scope(settings);
        // the engine's lines about each scratch database are detail; its warnings stay warnings
        this.engine = event -> {
            if (event instanceof MigrateEvent.Message m) {
                if (m.level() == MigrateEvent.Level.WARN) {
                    listener.warn("rehearsal: " + m.text());
                } else {
                    listener.debug("rehearsal: " + m.text());
                }
            }
        };
    }

    /** Applies the migrations up to {@code target} to database {@code name} through the engine's upgrade. */
    void upgrade(String name, String target) {
        try (Database db = scratch.database(name, settings.schemas());
                Migrator migrator = migrator(db, target)) {
            migrator.upgrade();
        }
    }

    /** Undoes the migrations above {@code target} in database {@code name} through the engine's downgrade. */
    void downgrade(String name, String target) {
        try (Database db = scratch.database(name, settings.schemas());
                Migrator migrator = migrator(db, target)) {
            migrator.downgrade();
        }
    }

    private Migrator migrator(Database db, String target) {
        MigrateSettings onScratch =
                settings.withDatabase(db.url()).withOptions(settings.options().withTarget(target));
        return new Migrator(onScratch, engine, db);
    }

    /** The state of database {@code name}. */
    DatabaseState state(String name) throws SQLException {
        return DatabaseState.read(scratch, name, scope);
    }

    /** A round trip's result, and whether it left the chain exactly as the migration's first application did. */
    record Outcome(RehearsedMigration result, boolean intact) {}

    /**
     * The round trip of {@code migration}, just applied to database {@code chain}: its undo runs there through the
     * engine's downgrade, the state is compared with {@code before}, the migration is applied again and the state
     * compared with {@code after}. When that gives back {@code after} exactly (its schema and every table's rows, the
     * sample data {@code reload} loads again included), the chain goes on from there; otherwise the caller rebuilds
     * it, so one defect never hides the next.
     *
     * @param undo       its undo script, or {@code null} (then nothing runs)
     * @param previous   the version before it ({@code 0} for the first)
     * @param before     the state before it was applied
     * @param after      the state after it was applied (and its sample data loaded)
     * @param sampleData the sample data file that failed after it, with the error, or {@code null}
     * @param reload     loads its sample data again into the chain (the undo dropped what it loaded)
     */
    Outcome run(
            MigrationFile migration,
            MigrationFile undo,
            String previous,
            DatabaseState before,
            DatabaseState after,
            String chain,
            String sampleData,
            Runnable reload)
            throws SQLException {
        Result result = new Result(migration, undo, sampleData, Instant.now());
        if (undo == null) {
            return new Outcome(result.done(null, null, List.of(), List.of(), List.of()), true);
        }
        try {
            downgrade(chain, previous);
        } catch (MigrateException e) {
            return new Outcome(result.done(Problem.UNDO_FAILED, cause(e), List.of(), List.of(), List.of()), false);
        }
        DatabaseState undone = state(chain);
        List<Difference> afterUndo = SchemaDiff.between(before.snapshot(), undone.snapshot());
        List<DataChange> data = before.changedIn(undone);
        try {
            upgrade(chain, migration.versionText());
        } catch (MigrateException e) {
            return new Outcome(result.done(Problem.REAPPLY_FAILED, cause(e), afterUndo, data, List.of()), false);
        }
        DatabaseState again = state(chain);
        List<Difference> afterReapply = SchemaDiff.between(after.snapshot(), again.snapshot());
        RehearsedMigration done = result.done(null, null, afterUndo, data, afterReapply);
        if (!afterUndo.isEmpty() || !data.isEmpty() || !afterReapply.isEmpty()) {
            return new Outcome(done, false);
        }
        if (!again.tables().equals(after.tables())) {
            reload.run();
            again = state(chain);
        }
        return new Outcome(done, again.tables().equals(after.tables()));
    }

    /**
     * What failed in the engine's failure of a command on a scratch database, without what it says about that
     * database's state and how to go on there (which is thrown away): {@code undo script U3__x.sql failed at line 1:
     * ERROR: ...}, {@code V3__x.sql failed at line 2: ERROR: ...}.
     */
    static String cause(MigrateException e) {
        if (e.getCause() instanceof MigrateException inner) {
            return inner.getMessage();
        }
        String text = e.getMessage();
        String stopped = "downgrade stopped: ";
        int end = text.indexOf("; it ");
        return text.startsWith(stopped) && end > 0 ? text.substring(stopped.length(), end) : text;
    }

    /** What every outcome of one round trip shares. */
    private record Result(MigrationFile migration, MigrationFile undo, String sampleData, Instant started) {
        RehearsedMigration done(
                Problem failed,
                String failure,
                List<Difference> afterUndo,
                List<DataChange> data,
                List<Difference> afterReapply) {
            return new RehearsedMigration(
                    migration.versionText(),
                    migration.fileName(),
                    undo == null ? null : undo.fileName(),
                    failure,
                    failed,
                    afterUndo,
                    data,
                    afterReapply,
                    sampleData,
                    Duration.between(started, Instant.now()));
        }
    }
}
