package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The drift check: a live environment against what its applied migrations build. It reads the environment's history,
 * builds exactly the files it records as applied (copied into a folder of their own under
 * {@code target/migrate/drift/}) in a throwaway database on the scratch server, and compares that schema with the
 * live one. It only reads the environment.
 */
public final class DriftCheck {
    private DriftCheck() {}

    /** Checks the environment {@code settings} describe, through its own connection and a scratch server of its own. */
    public static Drift run(MigrateSettings settings, MigrateListener listener) {
        try (SnapshotReader reader = new SnapshotReader(settings, listener)) {
            reader.startEarly();
            try (Database db = Database.open(settings, listener)) {
                return run(db, settings, reader, listener);
            }
        }
    }

    /**
     * Checks the environment {@code settings} describe, whose database is open as {@code db}; the files are built on
     * {@code reader}'s scratch server.
     */
    public static Drift run(Database db, MigrateSettings settings, SnapshotReader reader, MigrateListener listener) {
        String env = settings.env();
        List<MigrationInfo> history =
                new Migrator(settings, listener, db).history().migrations();
        String version = CurrentVersion.of(history);
        AppliedFiles applied = AppliedFiles.of(history, MigrationFiles.scan(settings.locations(), true), env);
        Path folder = settings.buildDir()
                .resolve("migrate/drift/" + env + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        // the live schema is read while the scratch server starts and builds the files
        CompletableFuture<Snapshot> live = Background.supply(() -> SnapshotReader.of(db, settings));
        Snapshot built;
        try {
            applied.copyTo(folder);
            built = reader.ofApplied(
                    onlyThese(settings, folder), !applied.files().isEmpty());
        } catch (RuntimeException e) {
            live.exceptionally(failure -> null).join(); // the read ends before the connection closes under it
            throw e;
        } finally {
            AppliedFiles.delete(folder);
        }
        Comparison comparison = Comparison.of(SnapshotSide.Migrations.WORD, built, env, Background.join(live));
        return new Drift(env, version, applied.findings(), comparison);
    }

    /**
     * The failure of a check that found drift on {@code settings}' environment: the environment, the count, every
     * finding, that nothing was changed, and the fix.
     */
    public static MigrateException failure(Drift drift, MigrateSettings settings) {
        String env = drift.environment();
        return new MigrateException(
                ErrorCode.CHECK_FAILED,
                "drift on environment " + env + ": " + Messages.count(drift.count(), "difference") + " between "
                        + env + " and what its applied migrations (up to version "
                        + Migrator.display(drift.appliedVersion()) + ") build: "
                        + String.join("; ", drift.lines()) + "; nothing was changed (for each change that should"
                        + " stay, write a migration that makes it, with " + FixHint.goal("create")
                        + "; revert any other by hand on " + env + "; then run "
                        + FixHint.command(settings, "check") + " again)");
    }

    /** The settings with the one migration location {@code folder}. */
    private static MigrateSettings onlyThese(MigrateSettings settings, Path folder) {
        return new MigrateSettings(
                settings.projectDir(),
                settings.buildDir(),
                settings.profile(),
                settings.source(),
                settings.database(),
                settings.schemas(),
                List.of(folder),
                settings.table(),
                settings.options(),
                settings.executor());
    }
}
