package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotJson;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the snapshot of a {@link SnapshotSide}: an environment's catalogs, what the files build on the scratch server
 * (started when first needed, closed with this reader), or a snapshot file.
 */
public final class SnapshotReader implements AutoCloseable {
    private final MigrateSettings scratchSettings;
    private final MigrateListener listener;
    private ScratchServer scratch;
    private CompletableFuture<ScratchServer> starting;

    /**
     * @param scratchSettings the project whose scratch server builds the {@code migrations} side
     * @param listener        receives the progress lines
     */
    public SnapshotReader(MigrateSettings scratchSettings, MigrateListener listener) {
        this.scratchSettings = scratchSettings;
        this.listener = listener;
    }

    /** The snapshot of {@code side}. */
    public Snapshot read(SnapshotSide side) {
        if (side instanceof SnapshotSide.Environment env) {
            return ofEnvironment(env.settings());
        }
        if (side instanceof SnapshotSide.Migrations files) {
            return ofFiles(files.settings());
        }
        return ofFile((SnapshotSide.File) side);
    }

    /** The snapshot of the environment {@code settings} describe, read through its own connection. */
    public Snapshot ofEnvironment(MigrateSettings settings) {
        try (Database db = Database.open(settings, listener)) {
            return of(db, settings);
        }
    }

    /** The snapshot of an open database of the environment {@code settings} describe. */
    public static Snapshot of(Database db, MigrateSettings settings) {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, MigrationsBuild.scope(settings));
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not read the schema of environment " + settings.env() + " (database " + db.name() + "): "
                            + Messages.oneLine(e.getMessage()) + "; nothing was changed (the snapshot only reads the"
                            + " catalogs: check that the user may connect and read them)",
                    e);
        }
    }

    /** What the migration files of {@code settings} build, all of them, in a throwaway database. */
    public Snapshot ofFiles(MigrateSettings settings) {
        return ofApplied(settings, true);
    }

    /**
     * What the migration files of {@code settings} build in a throwaway database; with {@code apply} false, the
     * schema of a new database (when there are no files to build).
     */
    Snapshot ofApplied(MigrateSettings settings, boolean apply) {
        ScratchServer server = scratch();
        String name = apply
                ? MigrationsBuild.apply(server, settings, null, quiet(listener))
                : server.newDatabase(SnapshotSide.Migrations.WORD);
        try {
            return MigrationsBuild.snapshot(server, name, settings);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not read the schema the migration files built in the throwaway database " + name + ": "
                            + Messages.oneLine(e.getMessage()) + "; nothing outside it was changed",
                    e);
        } finally {
            server.drop(name);
        }
    }

    private Snapshot ofFile(SnapshotSide.File file) {
        String text;
        try {
            text = Files.readString(file.path());
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read the snapshot file " + file.path() + ": " + e.getMessage()
                            + "; nothing was changed (give a readable snapshot file written by migrate:snapshot)",
                    e);
        }
        try {
            return SnapshotJson.read(text, "snapshot file " + file.label());
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorCode.CONFIGURATION, e.getMessage() + "; nothing was changed", e);
        }
    }

    /**
     * Starts the scratch server on a thread of its own now, so that it is up by the time the files are built (while
     * the caller opens and reads an environment).
     */
    public void startEarly() {
        if (scratch == null && starting == null) {
            starting = Background.supply(() -> ScratchServer.start(scratchSettings, listener));
        }
    }

    /** The scratch server, started when first asked for (or when {@link #startEarly} started it). */
    ScratchServer scratch() {
        if (scratch == null) {
            scratch = starting == null ? ScratchServer.start(scratchSettings, listener) : started();
        }
        return scratch;
    }

    private ScratchServer started() {
        try {
            return Background.join(starting);
        } finally {
            starting = null;
        }
    }

    /**
     * The engine's lines while it builds a throwaway database, shown only in detail: the user asked for a snapshot,
     * not for an upgrade.
     */
    static MigrateListener quiet(MigrateListener listener) {
        return event -> {
            if (event instanceof MigrateEvent.Message message) {
                listener.debug(message.text());
            }
        };
    }

    /** Drops the throwaway databases and stops the scratch server, if it was started. */
    @Override
    public void close() {
        if (scratch == null && starting != null) {
            // started early but never used (the environment could not be read): stopped all the same
            scratch = starting.exceptionally(failure -> null).join();
        }
        if (scratch != null) {
            scratch.close();
        }
    }
}
