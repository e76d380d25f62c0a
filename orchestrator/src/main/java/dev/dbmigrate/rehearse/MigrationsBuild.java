package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the migration files build: they are applied, up to a version, to a new database on the scratch server, and the
 * result is read as a {@link Snapshot}. The database stays on the scratch server until it closes.
 */
public final class MigrationsBuild {
    private MigrationsBuild() {}

    /**
     * Applies the files of {@code settings} up to {@code target} ({@code null}: all of them) to a new scratch database
     * and returns its name. The engine's events go to {@code listener}.
     */
    public static String apply(
            ScratchServer scratch, MigrateSettings settings, String target, MigrateListener listener) {
        String name = scratch.newDatabase("migrations");
        upgrade(scratch, name, settings, target, listener);
        return name;
    }

    /**
     * Applies the files of {@code settings} up to {@code target} ({@code null}: all of them) to database {@code name}
     * on the scratch server, through the engine's upgrade (the ones its history records are not run again).
     */
    public static void upgrade(
            ScratchServer scratch, String name, MigrateSettings settings, String target, MigrateListener listener) {
        try (Database db = scratch.database(name, settings.schemas())) {
            MigrateSettings onScratch = settings.withDatabase(db.url())
                    .withOptions(settings.options().withTarget(target));
            try (Migrator migrator = new Migrator(onScratch, listener, db)) {
                migrator.upgrade();
            }
        }
    }

    /** The snapshot of database {@code name} on the scratch server, in the scope of {@code settings}. */
    public static Snapshot snapshot(ScratchServer scratch, String name, MigrateSettings settings) throws SQLException {
        try (Connection connection = scratch.connect(name)) {
            return CatalogReader.read(connection, scope(settings));
        }
    }

    /** What a snapshot of a database of {@code settings} reads: its schemas, without the history and tool tables. */
    public static SnapshotScope scope(MigrateSettings settings) {
        return SnapshotScope.of(settings.schemas(), settings.table());
    }
}
