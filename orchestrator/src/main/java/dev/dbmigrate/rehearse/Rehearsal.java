package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.rehearse.RehearsedMigration.Problem;
import dev.dbmigrate.support.Messages;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rollback rehearsal ({@code migrate:test-rollback}): in a throwaway database on the scratch server, the versioned
 * migrations are applied one at a time through the engine; after each (and its sample data, {@link SampleData}), its
 * undo runs, which must give back exactly the schema before and the rows of every table that existed before, and then
 * applying it again must give exactly the schema after ({@link RoundTrip}). When a round trip does not give back
 * exactly what the first application left, the chain's database is rebuilt up to that migration before the next one
 * runs, so one defect never hides the next, and the run goes on to the end: one report names every migration whose
 * undo is missing, fails or leaves differences.
 *
 * <p>Repeatable migrations have no undo, so they are not rehearsed: the engine applies them as on any upgrade (after
 * the versioned migrations of the first step), and the versioned ones run over them. Nothing here touches a real
 * database but {@link #pending}'s one read of an environment's history table.
 */
public final class Rehearsal {
    private final MigrateSettings settings;
    private final MigrateListener listener;

    private Rehearsal(MigrateSettings settings, MigrateListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Rehearses every versioned migration of {@code settings}'s files, from an empty database. */
    public static RehearsalReport all(MigrateSettings settings, MigrateListener listener) {
        return new Rehearsal(settings, listener).run(null, "every migration");
    }

    /**
     * Rehearses only the migrations pending on the environment {@code settings} describe: its history table is read
     * (nothing else, and nothing is written there), the files are applied up to the version it records in a throwaway
     * database, with their sample data, and the migrations above it are rehearsed from there. This is what
     * {@code promote} calls before touching an environment.
     */
    public static RehearsalReport pending(MigrateSettings settings, MigrateListener listener) {
        String applied;
        try (Migrator migrator = new Migrator(settings, listener)) {
            applied = migrator.appliedVersion();
        }
        return pendingAbove(settings, listener, applied);
    }

    /**
     * Rehearses the migrations above {@code applied} ({@code null}: every migration), built up to it from the files
     * in a throwaway database.
     */
    public static RehearsalReport pendingAbove(MigrateSettings settings, MigrateListener listener, String applied) {
        String scope = "the migrations pending on environment " + settings.env() + " (at version "
                + Migrator.display(applied) + ")";
        return new Rehearsal(settings, listener).run(applied, scope);
    }

    private RehearsalReport run(String startAfter, String scope) {
        Instant started = Instant.now();
        MigrationFiles files = MigrationFiles.scan(settings.locations(), settings.allowEmpty());
        List<MigrationFile> migrations = files.versioned().stream()
                .sorted(Comparator.comparing(MigrationFile::version, Versions.ORDER))
                .toList();
        SampleData sample = SampleData.read(settings, migrations);
        listener.info("test-rollback: rehearsing " + scope + " in throwaway databases ("
                + Messages.count(migrations.size(), "versioned migration") + ", "
                + Messages.count(sample.size(), "sample data file") + ")");
        List<RehearsedMigration> results = new ArrayList<>();
        try (ScratchServer scratch = ScratchServer.start(settings, listener)) {
            new Chain(scratch, files, sample, startAfter).walk(migrations, results);
        } catch (SQLException e) {
            throw unreadable(e);
        }
        return new RehearsalReport(scope, results, Duration.between(started, Instant.now()));
    }

    /** The failure to read a throwaway database. */
    static MigrateException unreadable(SQLException e) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "test-rollback could not read a throwaway database on the scratch PostgreSQL (" + e.getMessage()
                        + "); nothing was changed on any real database; delete target/migrate/scratch and run again",
                e);
    }

    /**
     * One walk along the migrations, on one chain database. A round trip that does not give back exactly the state the
     * migration's first application left (a defect) makes the chain rebuild its database up to that migration from
     * the files and their sample data, so the next migration runs where it would have run.
     */
    private final class Chain {
        private final ScratchServer scratch;
        private final MigrationFiles files;
        private final SampleData sample;
        private final String startAfter;
        private final RoundTrip trip;
        private String name;

        Chain(ScratchServer scratch, MigrationFiles files, SampleData sample, String startAfter) {
            this.scratch = scratch;
            this.files = files;
            this.sample = sample;
            this.startAfter = startAfter;
            this.trip = new RoundTrip(scratch, settings, listener);
            this.name = scratch.newDatabase("rehearsal");
        }

        /** Applies the migrations to the chain, each one's round trip after it. */
        void walk(List<MigrationFile> migrations, List<RehearsedMigration> results) throws SQLException {
            DatabaseState before = trip.state(name);
            String previous = "0";
            String stopped = null;
            for (MigrationFile migration : migrations) {
                boolean rehearsed = startAfter == null || Versions.compare(migration.version(), startAfter) > 0;
                if (stopped != null) {
                    if (rehearsed) {
                        results.add(skipped(migration, "not reached: " + stopped + " failed to apply before it"));
                    }
                    continue;
                }
                Instant started = Instant.now();
                try {
                    trip.upgrade(name, migration.versionText());
                } catch (MigrateException e) {
                    if (!rehearsed) {
                        throw buildFailed(migration, e);
                    }
                    results.add(applyFailed(migration, RoundTrip.cause(e), started));
                    stopped = migration.fileName();
                    continue;
                }
                String sampleError = load(migration);
                DatabaseState after = trip.state(name);
                if (rehearsed) {
                    RoundTrip.Outcome outcome = trip.run(
                            migration,
                            files.undoFor(migration.version()).orElse(null),
                            previous,
                            before,
                            after,
                            name,
                            sampleError,
                            () -> load(migration));
                    listener.debug("test-rollback: " + outcome.result().file() + ": "
                            + outcome.result().verdict());
                    results.add(outcome.result());
                    if (!outcome.intact()) {
                        rebuild(migrations, migration);
                    }
                } else if (sampleError != null) {
                    throw buildFailed(migration, new MigrateException(ErrorCode.CONFIGURATION, sampleError));
                }
                before = after;
                previous = migration.versionText();
            }
        }

        private String load(MigrationFile migration) {
            return sample.load(scratch, name, migration, settings.schemas()).orElse(null);
        }

        /** A new chain database holding the migrations up to {@code last} and their sample data; the old one goes. */
        private void rebuild(List<MigrationFile> migrations, MigrationFile last) {
            String old = name;
            name = scratch.newDatabase("rehearsal");
            for (MigrationFile migration : migrations) {
                trip.upgrade(name, migration.versionText());
                load(migration);
                if (migration == last) {
                    break;
                }
            }
            scratch.drop(old);
        }

        private RehearsedMigration skipped(MigrationFile migration, String why) {
            return new RehearsedMigration(
                    migration.versionText(),
                    migration.fileName(),
                    files.undoFor(migration.version())
                            .map(MigrationFile::fileName)
                            .orElse(null),
                    why,
                    Problem.NOT_REHEARSED,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    Duration.ZERO);
        }

        private RehearsedMigration applyFailed(MigrationFile migration, String error, Instant started) {
            return new RehearsedMigration(
                    migration.versionText(),
                    migration.fileName(),
                    files.undoFor(migration.version())
                            .map(MigrationFile::fileName)
                            .orElse(null),
                    error,
                    Problem.APPLY_FAILED,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    Duration.between(started, Instant.now()));
        }

        private MigrateException buildFailed(MigrationFile migration, MigrateException cause) {
            return new MigrateException(
                    ErrorCode.CHECK_FAILED,
                    "test-rollback could not build environment " + settings.env() + "'s version "
                            + Migrator.display(startAfter) + " from the migration files: " + migration.fileName()
                            + " failed in the throwaway database (" + cause.getMessage() + "); nothing was changed on"
                            + " any real database (fix the file, or the sample data after it, so that the files build"
                            + " what the environment's history records)",
                    cause);
        }
    }
}
