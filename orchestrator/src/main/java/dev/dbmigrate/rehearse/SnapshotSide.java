package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import java.nio.file.Path;

/**
 * Where one side of a comparison comes from: a live environment, what the migration files build (on the scratch
 * server), or a snapshot file written by {@code migrate:snapshot}. {@link SnapshotSides#parse} reads one from what the
 * user wrote; {@link SnapshotReader} reads its snapshot.
 */
public sealed interface SnapshotSide {
    /** The word that names the side in messages and difference lines: {@code prod}, {@code migrations}, a file. */
    String label();

    /**
     * An environment's database, reached through its profile's connection.
     *
     * @param settings the environment's settings
     */
    record Environment(MigrateSettings settings) implements SnapshotSide {
        @Override
        public String label() {
            return settings.env();
        }
    }

    /**
     * What the migration files build in a throwaway database on the scratch server.
     *
     * @param settings the locations, schemas and history table the files are built with
     */
    record Migrations(MigrateSettings settings) implements SnapshotSide {
        /** What the user writes for this side. */
        public static final String WORD = "migrations";

        @Override
        public String label() {
            return WORD;
        }
    }

    /**
     * A snapshot file.
     *
     * @param path    the file, resolved against the project
     * @param written the path as the user wrote it, shown in messages
     */
    record File(Path path, String written) implements SnapshotSide {
        @Override
        public String label() {
            return written;
        }
    }
}
