package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import dev.dbmigrate.testing.TrialWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More fault trials (docs/reliability.md): PostgreSQL itself stopped with {@code -m immediate} and restarted in the
 * middle of an upgrade; {@code pg_dump} killed halfway through a backup; a downgrade started while an upgrade runs.
 */
@Tag("postgres")
@Tag("process")
class ServerAndToolFaultTrialsTest {
    private static final int MIGRATIONS = 20;

    @TempDir
    Path project;

    private static final TrialWorkload WORKLOAD = new TrialWorkload(MIGRATIONS, 40_000, false, true);

    @BeforeEach
    void writeMigrations() throws IOException {
        WORKLOAD.write(project);
    }

    private MigrateSettings settings(String url, String... extra) {
        Map<String, String> props = new HashMap<>(
                Map.of("url", url, "user", "postgres", "password", TestPostgres.PASSWORD, "lockWait", "1min"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    @Test
    void serverStoppedImmediatelyMidUpgradeLosesNoCommittedMigrationAndARerunFinishes() throws Exception {
        Path root = Path.of("target", "test-postgres").toAbsolutePath();
        Files.createDirectories(root);
        Path data = Files.createTempDirectory(root, "crash-data-");
        Files.delete(data);
        // a durable server: crash recovery must bring back every committed migration
        EmbeddedPostgres.Options options = new EmbeddedPostgres.Options(data, root, TestPostgres.PASSWORD, true);
        EmbeddedPostgres server = EmbeddedPostgres.start(options, line -> {});
        int port = server.port();
        try {
            server.createDatabase("crash");
            String url = server.jdbcUrl("crash");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> upgrade = pool.submit(() -> MigrateCommands.upgrade(settings(url), MigrateListener.NONE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (applied(url) < 3 && System.nanoTime() < deadline && !upgrade.isDone()) {
                Thread.sleep(20);
            }
            server.stop("immediate");
            assertThrows(Exception.class, upgrade::get, "the upgrade loses its server");
            pool.shutdown();
            server = EmbeddedPostgres.start(options, line -> {});
            String after = server.jdbcUrl("crash");
            int recorded = assertWholeMigrationsOnly(after);
            assertTrue(recorded >= 3, "committed migrations survive the crash: " + recorded);
            MigrateCommands.upgrade(settings(after, "lockWait", "0s"), MigrateListener.NONE);
            assertEquals(MIGRATIONS, assertWholeMigrationsOnly(after));
            System.out.println("[trials] PostgreSQL stopped -m immediate after " + recorded + " of " + MIGRATIONS
                    + " migrations (port " + port + "): 0 half-applied, rerun completed");
        } finally {
            server.close();
            TestPostgres.deleteData(data);
        }
    }

    @Test
    void pgDumpKilledHalfwayLeavesNoBackupThatLooksGoodAndKeepsTheEarlierOne() throws Exception {
        String url = TestPostgres.newDatabase("dumpkill");
        MigrateCommands.upgrade(settings(url), MigrateListener.NONE);
        MigrateSettings settings = settings(url);
        Backups backups = new Backups(project, "dev", null, PgTools.locate(null));
        try (Database db = Database.open(settings, MigrateListener.NONE)) {
            backups.create(db, MigrateListener.NONE);
        }
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute("create table big as select g as id, md5(g::text) || md5((g * 7)::text) as payload"
                    + " from generate_series(1, 1500000) g");
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> backup = pool.submit(() -> {
            try (Database db = Database.open(settings, MigrateListener.NONE)) {
                return backups.create(db, MigrateListener.NONE);
            }
        });
        boolean killed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!killed && System.nanoTime() < deadline && !backup.isDone()) {
            for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                String cmd = p.info().commandLine().orElse("");
                if (cmd.contains("pg_dump") && cmd.contains(project.toString())) {
                    killed = p.destroyForcibly();
                }
            }
            Thread.sleep(5);
        }
        assertTrue(killed, "pg_dump was caught running and killed");
        MigrateException e = assertThrows(java.util.concurrent.ExecutionException.class, backup::get)
                                .getCause()
                        instanceof MigrateException m
                ? m
                : null;
        assertTrue(e != null, "the backup fails with the tool's own error");
        assertTrue(e.getMessage().contains("pg_dump"), e.getMessage());
        pool.shutdown();
        assertEquals(1, backups.list().size(), "only the earlier, complete backup: " + backups.list());
        try (Stream<Path> files = Files.list(backups.directory())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".partial")), "no partial file left: " + names);
        }
    }

    @Test
    void downgradeStartedWhileAnUpgradeRunsWaitsForItAndBothLeaveAConsistentDatabase() throws Exception {
        String url = TestPostgres.newDatabase("updown");
        MigrateCommands.upgrade(settings(url, "target", "10"), MigrateListener.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> upgrade = pool.submit(() -> MigrateCommands.upgrade(settings(url), MigrateListener.NONE));
        // the downgrade starts once the upgrade holds the migration lock, so it has to wait for it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean held = false;
        while (!held && !upgrade.isDone() && System.nanoTime() < deadline) {
            held = migrationLockHeld(url) && applied(url) < MIGRATIONS;
            Thread.sleep(2);
        }
        assertTrue(held, "the upgrade was seen holding the migration lock with work left");
        Future<?> downgrade =
                pool.submit(() -> MigrateCommands.downgrade(settings(url, "steps", "2"), MigrateListener.NONE));
        upgrade.get();
        downgrade.get();
        pool.shutdown();
        assertEquals(
                MIGRATIONS - 2,
                assertWholeMigrationsOnly(url),
                "the downgrade ran after the upgrade, not in" + " the middle");
    }

    /** Whether a session holds an advisory lock on {@code url}'s database (the migration lock). */
    private static boolean migrationLockHeld(String url) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_locks l join pg_database d on d.oid = l.database"
                        + " where l.locktype = 'advisory' and l.granted and d.datname = current_database()")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static int applied(String url) {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history where version is not null")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    private static int assertWholeMigrationsOnly(String url) throws SQLException {
        return WORKLOAD.assertWholeMigrationsOnly(url);
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    @Test
    void backupThatRunsOutOfSpaceLeavesNothingBehindAndTheUpgradeOfAProtectedEnvironmentDoesNotRun() throws Exception {
        // pg_dump under a 64 KiB file-size limit: the same failure as a full backup disk, for this process only
        Path bin = Files.createDirectories(project.resolve("limited-bin"));
        Path real = PgTools.locate(null).pgDump().getParent();
        Files.writeString(
                bin.resolve("pg_dump"), "#!/bin/sh\nulimit -f 64\nexec '" + real.resolve("pg_dump") + "' \"$@\"\n");
        Files.setPosixFilePermissions(
                bin.resolve("pg_dump"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("pg_restore"), real.resolve("pg_restore"));
        Files.createSymbolicLink(bin.resolve("psql"), real.resolve("psql"));
        String url = TestPostgres.newDatabase("diskfull");
        MigrateCommands.upgrade(settings(url, "target", "10"), MigrateListener.NONE);
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/prod.yml"),
                "url: " + url + "\nuser: postgres\npassword: "
                        + "${DB_PASSWORD}\nprotected: true\nbackup: { directory: backups/prod }\n");
        MigrateSettings prod = SettingsResolver.resolve(
                new HashMap<>(Map.of("env", "prod", "pgBinDir", bin.toString())),
                Map.of("DB_PASSWORD", TestPostgres.PASSWORD),
                project,
                project.resolve("target"));

        MigrateException e =
                assertThrows(MigrateException.class, () -> MigrateCommands.upgrade(prod, MigrateListener.NONE));
        assertTrue(e.getMessage().contains("pg_dump"), e.getMessage());
        assertTrue(e.getMessage().contains("prod was not changed: no backup was written"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(", or set backup.directory in environments/prod.yml to a folder with room"
                                + " that this user can write, then run migrate:upgrade -Dmigrate.env=prod again)"),
                e.getMessage());
        assertEquals(10, assertWholeMigrationsOnly(url), "no migration ran after the failed backup");
        assertFalse(
                Files.exists(project.resolve("backups")),
                "nothing left behind, not even the folders made for the backup");
    }
}
