package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.promote.PromotionReport;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.report.ConsoleText;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault trials of promise 3 (docs/reliability.md): {@code promote} runs in its own JVM and is killed with SIGKILL at a
 * random moment; then {@code current} says whether a promotion was interrupted (on staging, and on production once the
 * pipeline had reached it), and the next
 * {@code promote} resumes it to the end, leaving production with every migration wholly applied and the same content
 * as staging. {@code -Dmigrate.trials=N} sets the number of trials (default 3).
 */
@Tag("postgres")
@Tag("process")
class InterruptedPromotionTrialsTest {
    private static final int MIGRATIONS = 12;
    private static final long SEED = 424242L;

    @TempDir
    Path project;

    private final Map<String, String> environment = new HashMap<>();

    private static final TrialWorkload WORKLOAD = new TrialWorkload(MIGRATIONS, 30_000, false, true);

    @BeforeEach
    void writeProject() throws IOException {
        WORKLOAD.write(project);
        environment.put("DB_PASSWORD", TestPostgres.PASSWORD);
    }

    private void profiles(String stagingUrl, String prodUrl) throws IOException {
        profiles(stagingUrl, prodUrl, "");
    }

    /** {@code prodOnlyCheck}: an extra verification item for production only (to make it fail). */
    private void profiles(String stagingUrl, String prodUrl, String prodOnlyCheck) throws IOException {
        Path envs = Files.createDirectories(project.resolve("environments"));
        String common = "user: postgres\npassword: ${DB_PASSWORD}\nrollback: { strategy: undo, fallback: restore }\n"
                + "verify:\n  - name: last table is full\n    sql: select count(*) from t_" + MIGRATIONS
                + "\n    expect: { equals: \"30000\" }\n"
                // a verify step that lasts long enough to be caught running, however fast the JVM
                + "  - name: a moment to be caught in\n    sql: select 1 from pg_sleep(0.3)\n    expect: { rows: 1 }\n";
        Files.writeString(
                envs.resolve("staging.yml"),
                "url: " + stagingUrl + "\n" + common + "backup: { directory: backups/staging }\npromotesTo: prod\n");
        Files.writeString(
                envs.resolve("prod.yml"),
                "url: " + prodUrl + "\n" + common + prodOnlyCheck + "backup: { directory: backups/prod }\n");
    }

    /** The step the running promotion has recorded in {@code url}'s database, or null. */
    private static String recordedStep(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select step from migrate_promotion where status = 'running'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Test
    void promotionKilledInEachStepIsReportedAndResumed() throws Exception {
        List<String> steps = List.of(
                "backup staging",
                "upgrade staging",
                "verify staging",
                "backup prod",
                "upgrade prod",
                "verify prod",
                "rollback prod");
        List<String> killedIn = new ArrayList<>();
        for (String step : steps) {
            String stagingUrl = TestPostgres.newDatabase(TestPostgres.server(), "sstaging");
            String prodUrl = TestPostgres.newDatabase(TestPostgres.second(), "sprod");
            boolean rollback = step.startsWith("rollback");
            // to reach the rollback, production's own check fails after the upgrade
            profiles(
                    stagingUrl,
                    prodUrl,
                    rollback
                            ? "  - name: prod stays empty\n    sql: select * from t_1\n" + "    expect: { rows: 0 }\n"
                            : "");
            Process child = promoteInChildJvm();
            String where = step.endsWith("prod") ? prodUrl : stagingUrl;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!step.equals(recordedStep(where)) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            boolean caught = child.isAlive() && step.equals(recordedStep(where));
            child.destroyForcibly().waitFor();
            if (caught) {
                killedIn.add(step);
            }
            assertWholeMigrationsOnly(prodUrl);
            assertWholeMigrationsOnly(stagingUrl);
            List<String> lines = new ArrayList<>();
            MigrateCommands.current(
                    SettingsResolver.resolve(Map.of("env", "staging"), environment, project, project.resolve("target")),
                    event -> lines.add(ConsoleText.text(event)));
            assertTrue(
                    !caught || lines.stream().anyMatch(l -> l.contains("was interrupted in step '" + step + "'")),
                    step + ": " + lines);
            if (rollback) {
                assertThrows(
                        dev.dbmigrate.promote.Promotion.PromotionFailure.class,
                        () -> MigrateCommands.promote(
                                new HashMap<>(Map.of("from", "staging")),
                                environment,
                                project,
                                project.resolve("target"),
                                MigrateListener.NONE));
                assertEquals(null, versionOrNull(prodUrl), "production back where it was before the promotion");
            } else {
                PromotionReport report = MigrateCommands.promote(
                        new HashMap<>(Map.of("from", "staging")),
                        environment,
                        project,
                        project.resolve("target"),
                        MigrateListener.NONE);
                assertEquals(Outcome.PROMOTED, report.outcome(), step + ": " + report.message());
                assertEquals(snapshot(stagingUrl), snapshot(prodUrl), step);
            }
            assertWholeMigrationsOnly(prodUrl);
        }
        assertEquals(steps, killedIn, "every step was caught running and killed");
        System.out.println("[trials] kill -9 of promote inside each step: " + String.join(", ", killedIn)
                + ": each reported by current and resumed (or rolled back), 0 half-applied migrations");
    }

    private static String versionOrNull(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("select max(version::int) from flyway_schema_history" + " where success")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Process promoteInChildJvm() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MigrateCli.class.getName(),
                "promote",
                "--from",
                "staging",
                "--to",
                "prod",
                "--project-dir",
                project.toString());
        pb.environment().put("DB_PASSWORD", TestPostgres.PASSWORD);
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                project.resolve("promote-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    @Test
    void killedPromotionIsReportedAndTheNextPromoteFinishesIt() throws Exception {
        Random random = new Random(SEED);
        int interrupted = 0;
        for (int trial = 0; trial < Integer.getInteger("migrate.trials", 3); trial++) {
            String stagingUrl = TestPostgres.newDatabase(TestPostgres.server(), "pstaging");
            String prodUrl = TestPostgres.newDatabase(TestPostgres.second(), "pprod");
            profiles(stagingUrl, prodUrl);
            Process child = promoteInChildJvm();
            // the kill lands inside the promotion: once a random step of it is recorded as running, plus a random
            // few milliseconds
            List<String> steps = List.of(
                    "backup staging",
                    "upgrade staging",
                    "verify staging",
                    "backup prod",
                    "upgrade prod",
                    "verify prod");
            String step = steps.get(random.nextInt(steps.size()));
            String where = step.endsWith("prod") ? prodUrl : stagingUrl;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!step.equals(recordedStep(where)) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(30));
            boolean finished = !child.isAlive();
            if (!finished) {
                child.destroyForcibly().waitFor();
            }
            assertWholeMigrationsOnly(prodUrl);
            assertWholeMigrationsOnly(stagingUrl);

            List<String> lines = new ArrayList<>();
            for (String env : List.of("staging", "prod")) {
                MigrateCommands.current(
                        SettingsResolver.resolve(Map.of("env", env), environment, project, project.resolve("target")),
                        event -> lines.add(ConsoleText.text(event)));
            }
            boolean reported = lines.stream()
                    .anyMatch(l -> l.startsWith("the last promotion ") && l.contains(" was interrupted in step '"));
            if (reported) {
                interrupted++;
            }

            PromotionReport report = MigrateCommands.promote(
                    new HashMap<>(Map.of("from", "staging")),
                    environment,
                    project,
                    project.resolve("target"),
                    MigrateListener.NONE);
            assertTrue(
                    report.outcome() == Outcome.PROMOTED || report.outcome() == Outcome.NOTHING_TO_DO,
                    "trial " + trial + ": " + report.message());
            assertEquals(String.valueOf(MIGRATIONS), version(prodUrl), "trial " + trial);
            assertEquals(snapshot(stagingUrl), snapshot(prodUrl), "trial " + trial);
        }
        System.out.println("[trials] kill -9 of promote: " + Integer.getInteger("migrate.trials", 3) + " trials, "
                + interrupted + " left an interrupted promotion that current reported and promote resumed,"
                + " 0 half-applied migrations, production equal to staging after every resume");
        assertTrue(
                interrupted > 0,
                "at least one trial killed the promotion mid-way and current reported it (" + interrupted + " of "
                        + Integer.getInteger("migrate.trials", 3) + ")");
    }

    private static void assertWholeMigrationsOnly(String url) throws SQLException {
        WORKLOAD.assertWholeMigrationsOnly(url);
    }

    private static String version(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("select max(version::int) from flyway_schema_history where success")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> snapshot(String url) throws SQLException {
        return TrialWorkload.snapshot(url);
    }
}
