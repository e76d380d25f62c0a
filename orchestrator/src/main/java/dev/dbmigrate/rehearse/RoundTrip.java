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
import dev.dbmigrate.support.Background;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's commands on scratch databases, and one migration's round trip: on a copy of the database it was just
 * applied to, its undo runs through the engine's downgrade, the result is compared with the state before (schema
 * exactly, and the rows of every table that existed before), then it is applied again and the schema compared with
 * the state after its first application. The copy is dropped after, so one defect never hides the next. The round
 * trip on a copy runs on a thread of its own, beside the chain's next migration.
 */
final class RoundTrip {
    private final ScratchServer scratch;
    private final MigrateSettings settings;
    private final MigrateListener engine;
    private final SnapshotScope scope;
    /** The round trip running beside the chain, if any. */
    private CompletableFuture<?> running = CompletableFuture.completedFuture(null);

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

    /**
     * Starts the round trip of {@code migration}, just applied to database {@code chain}: the copy is made now (while
     * nobody is connected to the chain), the rest runs on a thread of its own, beside the chain's next migration, and
     * the copy is dropped after. The chain is left as it is.
     *
     * @param undo       its undo script, or {@code null}
     * @param previous   the version before it ({@code 0} for the first)
     * @param before     the state before it was applied
     * @param after      the state after it was applied (and its sample data loaded)
     * @param sampleData the sample data file that failed after it, with the error, or {@code null}
     */
    CompletableFuture<RehearsedMigration> start(
            MigrationFile migration,
            MigrationFile undo,
            String previous,
            DatabaseState before,
            DatabaseState after,
            String chain,
            String sampleData) {
        Result result = new Result(migration, undo, sampleData, Instant.now());
        if (undo == null) {
            return CompletableFuture.completedFuture(result.done(null, null, List.of(), List.of(), List.of()));
        }
        String copy = scratch.copy(chain, "undo_" + migration.version());
        running.exceptionally(e -> null).join(); // one round trip at a time beside the chain
        CompletableFuture<RehearsedMigration> trip = Background.supply(() -> {
            try {
                return onCopy(copy, result, previous, before, after);
            } catch (SQLException e) {
                throw Rehearsal.unreadable(e);
            } finally {
                scratch.drop(copy);
            }
        });
        running = trip;
        return trip;
    }

    private RehearsedMigration onCopy(
            String copy, Result result, String previous, DatabaseState before, DatabaseState after)
            throws SQLException {
        try {
            downgrade(copy, previous);
        } catch (MigrateException e) {
            return result.done(Problem.UNDO_FAILED, cause(e), List.of(), List.of(), List.of());
        }
        DatabaseState undone = state(copy);
        List<Difference> afterUndo = SchemaDiff.between(before.snapshot(), undone.snapshot());
        List<DataChange> data = before.changedIn(undone);
        try {
            upgrade(copy, result.migration().versionText());
        } catch (MigrateException e) {
            return result.done(Problem.REAPPLY_FAILED, cause(e), afterUndo, data, List.of());
        }
        List<Difference> afterReapply =
                SchemaDiff.between(after.snapshot(), state(copy).snapshot());
        return result.done(null, null, afterUndo, data, afterReapply);
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
