package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.SettingsResolver;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault trials of promises 1 and 2 (docs/reliability.md): an upgrade of many migrations, some of them moving data, is
 * interrupted for real — the migrating JVM is killed with SIGKILL at a random moment, or its database session is
 * terminated — and afterwards every migration is either wholly applied and recorded or not applied and not recorded,
 * no lock is left behind, and a plain rerun reaches the same schema and data as an uninterrupted run.
 *
 * <p>{@code -Dmigrate.trials=N} sets the number of kill trials (default 3; the figures in docs/reliability.md come
 * from long runs).
 */
@Tag("postgres")
@Tag("process")
class InterruptedUpgradeTrialsTest {
    private static final int MIGRATIONS = 30;
    private static final int ROWS = 20_000;
    private static final long SEED = 20261125L;

    @TempDir
    Path project;

    private static final TrialWorkload WORKLOAD = new TrialWorkload(MIGRATIONS, ROWS);

    @BeforeEach
    void writeMigrations() throws IOException {
        WORKLOAD.write(project);
    }

    private static int trials() {
        return Integer.getInteger("migrate.trials", 3);
    }

    private String libpqUrl(String jdbcUrl) {
        return jdbcUrl.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
    }

    private void upgradeInProcess(String jdbcUrl) {
        MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        new HashMap<>(Map.of("lockWait", "30s")),
                        Map.of("DATABASE_URL", libpqUrl(jdbcUrl)),
                        project,
                        project.resolve("target")),
                MigrateListener.NONE);
    }

    /** Starts the CLI's upgrade in its own JVM; the password travels in DATABASE_URL, not on the command line. */
    private Process upgradeInChildJvm(String jdbcUrl) throws IOException {
        return cliInChildJvm(project, jdbcUrl, "upgrade");
    }

    private Process cliInChildJvm(Path dir, String jdbcUrl, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MigrateCli.class.getName()));
        line.addAll(List.of(command));
        line.addAll(List.of("--project-dir", dir.toString(), "--lockWait", "30s"));
        ProcessBuilder pb = new ProcessBuilder(line);
        pb.environment().put("DATABASE_URL", libpqUrl(jdbcUrl));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    @Test
    void killedUpgradeLeavesWholeMigrationsOnlyAndARerunFinishesTheJob() throws Exception {
        String reference = TestPostgres.newDatabase("reference");
        upgradeInProcess(reference);
        List<String> expected = snapshot(reference);

        Random random = new Random(SEED);
        int interruptedMidway = 0;
        for (int trial = 0; trial < trials(); trial++) {
            String url = TestPostgres.newDatabase("killed");
            Process child = upgradeInChildJvm(url);
            // the kill lands inside the measured window: once a random number of migrations has committed, plus a
            // random few milliseconds, so it may hit a migration's statements or its commit
            int seen = 1 + random.nextInt(MIGRATIONS / 2);
            long delay = awaitAppliedThenWait(url, child, n -> n >= seen, random.nextInt(40));
            boolean finished = !child.isAlive();
            if (!finished) {
                child.destroyForcibly().waitFor();
            }
            int applied = assertWholeMigrationsOnly(url);
            if (!finished && applied > 0 && applied < MIGRATIONS) {
                interruptedMidway++;
            }
            // promise 2: nothing to clean up by hand; the rerun does not even have to wait
            MigrateCommands.upgrade(
                    SettingsResolver.resolve(
                            new HashMap<>(Map.of("lockWait", "0s")),
                            Map.of("DATABASE_URL", libpqUrl(url)),
                            project,
                            project.resolve("target")),
                    MigrateListener.NONE);
            assertEquals(expected, snapshot(url), "trial " + trial + " (killed after " + delay + " ms)");
        }
        System.out.println("[trials] kill -9 of the migrating JVM: " + trials() + " trials, " + interruptedMidway
                + " interrupted between the first and the last migration, 0 half-applied, 0 rows lost");
        assertTrue(
                interruptedMidway > 0,
                "at least one trial killed the upgrade between its first and its last" + " migration ("
                        + interruptedMidway + " of " + trials() + ")");
    }

    /**
     * The same for a downgrade of many quick undo scripts, which commit in groups: a killed downgrade leaves every
     * migration either applied and recorded or undone and unrecorded, and its rerun undoes the rest.
     */
    @Test
    void killedDowngradeLeavesWholeUndosOnlyAndARerunFinishesTheJob() throws Exception {
        TrialWorkload undoable = new TrialWorkload(200, 10, false, true);
        Path dir = Files.createDirectories(project.resolve("undoable"));
        undoable.write(dir);
        Random random = new Random(SEED + 1);
        int interruptedMidway = 0;
        long whole = 0;
        for (int trial = -1; trial < trials(); trial++) {
            String url = TestPostgres.newDatabase("undo_killed");
            MigrateCommands.upgrade(
                    SettingsResolver.resolve(
                            new HashMap<>(), Map.of("DATABASE_URL", libpqUrl(url)), dir, dir.resolve("target")),
                    MigrateListener.NONE);
            assertEquals(200, undoable.assertWholeMigrationsOnly(url));
            long t0 = System.nanoTime();
            Process child = cliInChildJvm(dir, url, "downgrade", "--target", "0");
            if (trial < 0) {
                // how long a whole downgrade takes here, JVM start included: the kills land within that time
                assertEquals(0, child.waitFor(), "an uninterrupted downgrade succeeds");
                whole = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(0, undoable.assertWholeMigrationsOnly(url));
                continue;
            }
            // the kill lands inside the measured window: once a random number of undos has committed, plus a
            // random few milliseconds
            int undoneAtLeast = 1 + random.nextInt(100);
            long delay = awaitAppliedThenWait(url, child, n -> n <= 200 - undoneAtLeast, random.nextInt(20));
            boolean finished = !child.isAlive();
            if (!finished) {
                child.destroyForcibly().waitFor();
            }
            int applied = undoable.assertWholeMigrationsOnly(url);
            if (!finished && applied > 0 && applied < 200) {
                interruptedMidway++;
            }
            MigrateCommands.downgrade(
                    SettingsResolver.resolve(
                            new HashMap<>(Map.of("lockWait", "0s", "target", "0")),
                            Map.of("DATABASE_URL", libpqUrl(url)),
                            dir,
                            dir.resolve("target")),
                    MigrateListener.NONE);
            assertEquals(
                    0,
                    undoable.assertWholeMigrationsOnly(url),
                    "trial " + trial + " (killed after " + delay + " ms, " + applied + " still applied)");
        }
        System.out.println("[trials] kill -9 of the downgrading JVM: " + trials() + " trials within its " + whole
                + " ms, " + interruptedMidway + " interrupted between the first and the last undo, 0 half-undone");
        assertTrue(
                interruptedMidway > 0,
                "at least one trial killed the downgrade between its first and its last" + " undo (" + interruptedMidway
                        + " of " + trials() + ")");
    }

    @Test
    void terminatedDatabaseSessionLeavesWholeMigrationsOnlyAndARerunFinishesTheJob() throws Exception {
        String reference = TestPostgres.newDatabase("reference_t");
        upgradeInProcess(reference);
        List<String> expected = snapshot(reference);
        String url = TestPostgres.newDatabase("terminated");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> upgrade = pool.submit(() -> upgradeInProcess(url));
        // wait until a few migrations are in, then kill every other session on that database
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (appliedCount(url) < 5 && System.nanoTime() < deadline && !upgrade.isDone()) {
            Thread.sleep(20);
        }
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid()");
        }
        try {
            upgrade.get();
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause().getMessage() != null, "the failure says something");
        }
        pool.shutdown();
        assertWholeMigrationsOnly(url);
        upgradeInProcess(url);
        assertEquals(expected, snapshot(url));
    }

    @Test
    void eightSimultaneousUpgradesApplyEachMigrationExactlyOnce() throws Exception {
        String reference = TestPostgres.newDatabase("reference_c");
        upgradeInProcess(reference);
        List<String> expected = snapshot(reference);
        String url = TestPostgres.newDatabase("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(pool.submit(() -> upgradeInProcess(url)));
        }
        for (Future<?> run : runs) {
            run.get(); // every run exits cleanly: no exception
        }
        pool.shutdown();
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct version) from flyway_schema_history"
                        + " where version is not null")) {
            rs.next();
            assertEquals(MIGRATIONS, rs.getInt(1), "each migration recorded once");
            assertEquals(MIGRATIONS, rs.getInt(2));
        }
        assertEquals(expected, snapshot(url));
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    /**
     * Waits (up to 60 s) until the count of applied versions satisfies {@code reached} or the child ends, then
     * {@code extraMillis} more; returns the milliseconds waited.
     */
    private static long awaitAppliedThenWait(
            String url, Process child, java.util.function.IntPredicate reached, int extraMillis) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !reached.test(appliedVersions(url))) {
            Thread.sleep(2);
        }
        Thread.sleep(extraMillis);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** The versions the history records as applied (0 before the table exists). */
    private static int appliedVersions(String url) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select to_regclass('flyway_schema_history') is null")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "select count(*) from flyway_schema_history where success" + " and version is not null")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int assertWholeMigrationsOnly(String url) throws SQLException {
        return WORKLOAD.assertWholeMigrationsOnly(url);
    }

    private static List<String> snapshot(String url) throws SQLException {
        return TrialWorkload.snapshot(url);
    }

    private static int appliedCount(String url) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from pg_tables where tablename =" + " 'flyway_schema_history'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }
}
