package dev.dbmigrate.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link MigrationsBuild} on the scratch server: what the files build, up to a version, read as a snapshot. */
@Tag("postgres")
@Tag("process")
class MigrationsBuildTest {
    @Test
    void theFilesUpToAVersionBuildTheirSchemaInAThrowawayDatabaseThatIsDroppedAfter() throws IOException, SQLException {
        // under target/, which the server's user can reach when the build runs as root (a temp folder is not)
        Path project = Path.of("target", "scratch-test-" + System.nanoTime()).toAbsolutePath();
        Path migrations = Files.createDirectories(project.resolve("db/migration"));
        Files.writeString(migrations.resolve("V1__create_users.sql"), "create table users (id bigint primary key);\n");
        Files.writeString(migrations.resolve("V2__add_email.sql"), "alter table users add column email text;\n");
        MigrateSettings settings = SettingsResolver.resolve(
                Map.of("locations", migrations.toString()), Map.of(), project, project.resolve("target"));
        String name;
        Path dataDir;
        try (ScratchServer scratch = ScratchServer.start(settings, MigrateListener.NONE)) {
            dataDir = scratch.dataDir();
            name = MigrationsBuild.apply(scratch, settings, "1", MigrateListener.NONE);
            Snapshot atOne = MigrationsBuild.snapshot(scratch, name, settings);
            assertEquals(
                    List.of("public.users.id"),
                    atOne.of(ObjectKind.COLUMN).stream().map(SchemaObject::name).toList());
            Snapshot all = MigrationsBuild.snapshot(
                    scratch, MigrationsBuild.apply(scratch, settings, null, MigrateListener.NONE), settings);
            assertTrue(all.find(ObjectKind.COLUMN, "public.users.email").isPresent());
            assertTrue(
                    all.find(ObjectKind.TABLE, "public.flyway_schema_history").isEmpty());
        }
        try (ScratchServer again = ScratchServer.start(settings, MigrateListener.NONE);
                var c = again.connect("postgres");
                var rows = c.createStatement()
                        .executeQuery("select count(*) from pg_database where datname like 'scratch_%'")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "the throwaway databases are dropped when the scratch server closes");
        }
        Path memory = Path.of("/dev/shm");
        if (Files.isDirectory(memory) && Files.getFileStore(memory).getUsableSpace() > 2L << 30) {
            assertTrue(dataDir.startsWith(memory), "the server ran on a copy in memory: " + dataDir);
            assertFalse(Files.exists(dataDir), "the copy in memory is deleted when the scratch server closes");
        } else {
            assertEquals(project.resolve("target/migrate/scratch/data"), dataDir, "no memory folder: on disk");
        }
        assertTrue(Files.isRegularFile(project.resolve("target/migrate/scratch/data/PG_VERSION")), "the cluster kept");
    }
}
