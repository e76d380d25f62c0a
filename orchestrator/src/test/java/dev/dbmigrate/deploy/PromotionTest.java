package dev.dbmigrate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.deploy.PromotionReport.Outcome;
import dev.dbmigrate.deploy.StepResult.Status;
import dev.dbmigrate.engine.Database;
import dev.dbmigrate.engine.MigrateCommands;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged deployment against two real PostgreSQL servers (staging on one, production on another) with the real
 * pg_dump, pg_restore and psql.
 */
class PromotionTest {
    @TempDir
    Path project;
    private Path migrations;
    private String stagingUrl;
    private String prodUrl;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        write("V1__create_users_table.sql", "create table users (id bigint primary key, name text not null);");
        write("U1__create_users_table.sql", "drop table users;");
        write("V2__create_songs_table.sql", "create table songs (id bigserial primary key, title text not null);");
        write("U2__create_songs_table.sql", "drop table songs;");
        write("V3__add_email_to_users.sql", "alter table users add column email text;");
        write("U3__add_email_to_users.sql", "alter table users drop column email;");
        stagingUrl = TestPostgres.newDatabase(TestPostgres.server(), "staging");
        prodUrl = TestPostgres.newDatabase(TestPostgres.second(), "prod");
        environment.put("DB_PASSWORD", TestPostgres.PASSWORD);
        profiles("undo", "restore", "");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql + "\n");
    }

    private void profiles(String strategy, String fallback, String extraProdChecks) throws IOException {
        Path envs = Files.createDirectories(project.resolve("environments"));
        String common = """
                user: postgres
                password: ${DB_PASSWORD}
                protected: true
                lockTimeout: 5s
                statementTimeout: 1min
                """;
        Files.writeString(envs.resolve("staging.yml"), "url: " + stagingUrl + "\n" + common + """
                backup:
                  directory: backups/staging
                verify:
                  - name: users table exists
                    sql: select to_regclass('public.users')::text
                    expect: { equals: "users" }
                rollback:
                  strategy: %s
                  fallback: %s
                promotesTo: prod
                """.formatted(strategy, fallback));
        Files.writeString(envs.resolve("prod.yml"), "url: " + prodUrl + "\n" + common + """
                backup:
                  directory: backups/prod
                  format: directory
                  jobs: 2
                verify:
                  - name: users table exists
                    sql: select to_regclass('public.users')::text
                    expect: { equals: "users" }
                %s
                rollback:
                  strategy: %s
                  fallback: %s
                """.formatted(extraProdChecks.indent(2).stripTrailing(), strategy, fallback));
    }

    private PromotionReport promote(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("from", "staging");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        MigrateListener listener = events::add;
        return MigrateCommands.promote(props, environment, project, project.resolve("target"), listener);
    }

    private Promotion.PromotionFailure failedPromotion(String... extra) {
        return assertThrows(Promotion.PromotionFailure.class, () -> promote(extra));
    }

    /** Upgrades one environment to {@code target} outside any promotion (the state a release starts from). */
    private void upgrade(String env, String target) {
        Map<String, String> props = new HashMap<>(Map.of("env", env, "target", target));
        MigrateCommands.upgrade(SettingsResolver.resolve(props, environment, project, project.resolve("target")),
                MigrateListener.NONE);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Everything a user would call the content of the public schema: every column of every table with its type, and
     * every row of every table (the history table without its timing columns).
     */
    private static List<String> snapshot(String url) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name, column_name, data_type, is_nullable from"
                    + " information_schema.columns where table_schema = 'public' and table_name not like"
                    + " 'migrate!_%' escape '!' order by table_name, ordinal_position")) {
                while (rs.next()) {
                    out.add("column " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getString(4));
                    if (!tables.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("select indexname, indexdef from pg_indexes where schemaname ="
                    + " 'public' and tablename not like 'migrate!_%' escape '!' order by indexname")) {
                while (rs.next()) {
                    out.add("index " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            for (String table : tables) {
                if (table.startsWith("migrate_")) {
                    continue;
                }
                String columns = table.equals("flyway_schema_history")
                        ? "installed_rank, version, description, type, script, checksum, success" : "*";
                try (ResultSet rs = s.executeQuery("select " + columns + " from \"" + table + "\" order by 1")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder("row " + table + ":");
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.append(' ').append(rs.getString(i));
                        }
                        out.add(row.toString());
                    }
                }
            }
        }
        return out;
    }

    private static String version(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select to_regclass('public.flyway_schema_history')")) {
                rs.next();
                if (rs.getString(1) == null) {
                    return null;
                }
            }
            try (ResultSet rs = s.executeQuery("select max(version::int) from flyway_schema_history where success")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Staging and production at version 2; production holds users without email, and only production's profile
     * checks that every user has an email, so version 3 passes on staging and fails verification on production.
     *
     * @return production's content before the promotion
     */
    private List<String> productionThatFailsTheEmailCheckAfterVersion3(String strategy) throws Exception {
        profiles(strategy, "none", """
                  - name: every user has an email
                    sql: select id, name from users where email is null
                    expect: { rows: 0 }""");
        upgrade("staging", "2");
        upgrade("prod", "2");
        execute(prodUrl, "insert into users values (1, 'Ada'), (2, 'Linus'); insert into songs (title) values"
                + " ('Blackbird'), ('Yesterday')");
        return snapshot(prodUrl);
    }

    /** Leaves {@code dead} recorded as a running promotion in each environment's database, as a killed run would. */
    private static void recordInterrupted(PromotionState.Run dead,
                                          dev.dbmigrate.config.MigrateSettings... environments) {
        for (var env : environments) {
            try (Database db = Database.open(env, MigrateListener.NONE)) {
                new PromotionState(env).begin(db, dead);
            }
        }
    }

    private List<Path> backups(String env) throws IOException {
        Path dir = project.resolve("backups").resolve(env);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private List<String> lines() {
        synchronized (events) {
            return events.stream().map(MigrateEvent::message).toList();
        }
    }

    private void assertNoPasswordAnywhere(Promotion.PromotionFailure failure) throws IOException {
        List<String> texts = new ArrayList<>(lines());
        if (failure != null) {
            texts.add(failure.getMessage());
        }
        Path reports = project.resolve("target/migrate");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path f : files.toList()) {
                    texts.add(Files.readString(f));
                }
            }
        }
        for (String text : texts) {
            assertFalse(text.contains(TestPostgres.PASSWORD), "the password appears in: " + text);
        }
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void happyPathPromotesStagingThenProductionAndWritesEveryReport() throws Exception {
        Path githubOutput = project.resolve("github-output.txt");
        Path githubSummary = project.resolve("github-summary.md");
        environment.put("GITHUB_OUTPUT", githubOutput.toString());
        environment.put("GITHUB_STEP_SUMMARY", githubSummary.toString());

        PromotionReport report = promote("to", "prod");

        assertEquals(Outcome.PROMOTED, report.outcome());
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));
        assertEquals(null, report.fromVersion());
        assertEquals("3", report.toVersion());
        assertEquals(3, report.applied());
        assertEquals(List.of("preflight", "backup staging", "upgrade staging", "verify staging", "backup prod",
                "upgrade prod", "verify prod"), report.steps().stream().map(StepResult::name).toList());
        assertTrue(report.steps().stream().allMatch(s -> s.status() == Status.PASSED), report.steps().toString());
        assertEquals("promoted staging -> prod: prod went from version <none> to 3 (3 migrations applied and"
                + " verified); staging at version 3", report.message());

        try (Stream<Path> files = Files.list(project.resolve("target/migrate"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString());
            Path json = project.resolve("target/migrate").resolve(names.get(0));
            assertTrue(Files.readString(json).contains("\"outcome\": \"promoted\""));
            String xml = Files.readString(project.resolve("target/migrate").resolve(names.get(2)));
            assertEquals(7, xml.split("<testcase ").length - 1, xml);
            assertTrue(xml.contains("failures=\"0\""), xml);
            assertTrue(Files.readString(project.resolve("target/migrate").resolve(names.get(1)))
                    .contains("| upgrade prod | ✅ passed |"));
        }
        assertEquals("from_version=\nto_version=3\napplied=3\noutcome=promoted\n", Files.readString(githubOutput));
        assertTrue(Files.readString(githubSummary).startsWith("## ✅ migrate promote staging → prod: promoted"));
        try (Stream<Path> backups = Files.list(project.resolve("backups/prod"))) {
            assertEquals(2, backups.count(), "one directory-format backup and its .sha256");
        }
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(
                     "select outcome, description from migrate_audit where command = 'promote'")) {
            assertTrue(rs.next());
            assertEquals("promoted", rs.getString(1));
            assertEquals("staging -> prod", rs.getString(2));
        }
        assertNoPasswordAnywhere(null);

        events.clear();
        PromotionReport again = promote();
        assertEquals(Outcome.NOTHING_TO_DO, again.outcome());
        assertTrue(again.message().startsWith("nothing to promote: staging and prod are both at version 3"),
                again.message());
    }

    @Test
    void failingMigrationOnStagingNeverTouchesProduction() throws Exception {
        upgrade("staging", "1");
        upgrade("prod", "1");
        execute(prodUrl, "insert into users values (1, 'Ada'), (2, 'Linus')");
        write("V3__add_email_to_users.sql", "alter table users add column email text;\nselect * from no_such_table;");
        List<String> prodBefore = snapshot(prodUrl);
        List<Path> prodBackupsBefore = backups("prod");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome());
        assertEquals(ErrorCode.MIGRATION_FAILED, failure.code());
        assertTrue(failure.getMessage().startsWith("promote stopped: upgrade staging failed: upgrade stopped:"
                + " migration V3__add_email_to_users.sql failed at line 2"), failure.getMessage());
        assertTrue(failure.getMessage().contains("staging rolled back to version 1 (undo scripts: 1 migration"
                + " undone) and verified; prod not touched: staging failed first"), failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertEquals("1", version(stagingUrl));
        assertEquals(prodBackupsBefore, backups("prod"), "production was not even backed up");
        assertEquals(Status.SKIPPED, failure.report().steps().stream()
                .filter(s -> s.name().equals("upgrade prod")).findFirst().orElseThrow().status());
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void failingVerificationOnProductionIsUndoneAndProductionContentIsAsBefore() throws Exception {
        List<String> prodBefore = productionThatFailsTheEmailCheckAfterVersion3("undo");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome());
        assertEquals(ErrorCode.CHECK_FAILED, failure.code());
        assertTrue(failure.getMessage().startsWith("promote stopped: verify prod failed: verify: 1 of 2 checks"
                + " FAILED: 'every user has an email' returned 2 rows, expected 0"), failure.getMessage());
        assertTrue(failure.getMessage().contains("staging promoted from version 2 to 3 and verified; prod rolled"
                + " back to version 2 (undo scripts: 1 migration undone) and verified"), failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertEquals("3", version(stagingUrl));
        assertEquals("2", failure.report().toVersion());
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("verify 'every user has an email': passed (not"
                + " applicable after the rollback: ERROR: column \"email\" does not exist")),
                "the check written for version 3 does not apply to the rolled-back version 2");
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void failingVerificationOnProductionIsRestoredFromTheBackupAndProductionContentIsAsBefore() throws Exception {
        List<String> prodBefore = productionThatFailsTheEmailCheckAfterVersion3("restore");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome());
        assertTrue(failure.getMessage().contains("prod rolled back to version 2 (restored from "),
                failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertTrue(failure.report().steps().stream().anyMatch(s -> s.name().equals("rollback prod (restore)")
                && s.status() == Status.PASSED), failure.report().steps().toString());
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from migrate_audit where command = 'upgrade' and version = '3'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the audit trail of the undone deployment survives the restore");
        }
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void missingPgDumpStopsThePromotionBeforeAnythingChanges() throws Exception {
        Path emptyBin = Files.createDirectories(project.resolve("no-tools"));
        List<String> stagingBefore = snapshot(stagingUrl);

        Promotion.PromotionFailure failure = failedPromotion("pgBinDir", emptyBin.toString());

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertEquals(ErrorCode.ENVIRONMENT, failure.code());
        assertTrue(failure.getMessage().startsWith("promote stopped: preflight failed: pg_dump, pg_restore, psql not"
                + " found in " + emptyBin), failure.getMessage());
        assertEquals(stagingBefore, snapshot(stagingUrl));
        assertEquals(null, version(prodUrl));
    }

    @Test
    void pgDumpOlderThanTheServerStopsThePromotionWithTheFix() throws Exception {
        Path bin = Files.createDirectories(project.resolve("old-tools"));
        for (String tool : List.of("pg_dump", "pg_restore", "psql")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 11.22'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Promotion.PromotionFailure failure = failedPromotion("pgBinDir", bin.toString());

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertTrue(failure.getMessage().contains("pg_dump 11 cannot back up PostgreSQL 15"), failure.getMessage());
        assertTrue(failure.getMessage().contains("postgresql-client-15"), failure.getMessage());
        assertEquals(null, version(stagingUrl));
        assertEquals(null, version(prodUrl));
    }

    @Test
    void unwritableBackupDirectoryStopsThePromotionBeforeAnythingChanges() throws Exception {
        Files.writeString(project.resolve("a-file"), "not a directory");
        Path envs = project.resolve("environments");
        Files.writeString(envs.resolve("prod.yml"), Files.readString(envs.resolve("prod.yml"))
                .replace("directory: backups/prod", "directory: a-file/backups"));

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertTrue(failure.getMessage().startsWith("promote stopped: preflight failed:"), failure.getMessage());
        assertTrue(failure.getMessage().contains(project.resolve("a-file/backups").toString()), failure.getMessage());
        assertEquals(null, version(stagingUrl));
        assertEquals(null, version(prodUrl));
    }

    @Test
    void unreachableProductionStopsThePromotionAndStagingIsUntouched() throws Exception {
        prodUrl = "jdbc:postgresql://127.0.0.1:1/prod";
        profiles("undo", "restore", "");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertEquals(ErrorCode.CONNECTION, failure.code());
        assertTrue(failure.getMessage().startsWith("promote stopped before changing anything: cannot reach prod"
                + " (jdbc:postgresql://127.0.0.1:1/prod): could not connect to the database"), failure.getMessage());
        assertEquals(null, version(stagingUrl));
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void secondPromotionFailsAtOnceNamingTheOneInProgress() throws Exception {
        var settings = SettingsResolver.resolve(Map.of("env", "prod"), environment, project,
                project.resolve("target"));
        try (Database prod = Database.open(settings, MigrateListener.NONE);
             PromotionLock running = PromotionLock.acquire(prod, "prod", "migrate promote staging->prod by ci@r1")) {
            Promotion.PromotionFailure failure = failedPromotion();
            assertEquals(ErrorCode.REFUSED, failure.code());
            assertTrue(failure.getMessage().contains("another promotion is in progress on prod"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("'migrate promote staging->prod by ci@r1' (server process "),
                    failure.getMessage());
            assertEquals(null, version(stagingUrl));
        }
        assertEquals(Outcome.PROMOTED, promote().outcome(), "the lock is gone with its connection");
    }

    @Test
    void upgradeOfAProtectedEnvironmentBacksItUpFirst() throws Exception {
        upgrade("prod", "1");
        assertEquals(2, backups("prod").size(), "a directory-format backup and its .sha256: " + backups("prod"));
        assertTrue(backups("prod").get(0).getFileName().toString().startsWith("prod-"), backups("prod").toString());
        assertTrue(backups("prod").get(0).getFileName().toString().endsWith("-v0"), backups("prod").toString());
        upgrade("prod", "1");
        assertEquals(2, backups("prod").size(), "nothing pending, nothing to back up");
    }

    @Test
    void twoSimultaneousPromotionsPromoteOnceAndTheOtherIsRefusedOrFindsNothingToDo() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Object>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                try {
                    return promote();
                } catch (Promotion.PromotionFailure failure) {
                    return failure;
                }
            }));
        }
        start.countDown();
        List<Object> results = new ArrayList<>();
        for (var run : runs) {
            results.add(run.get());
        }
        pool.shutdown();
        long promoted = results.stream().filter(r -> r instanceof PromotionReport p && p.outcome() == Outcome.PROMOTED)
                .count();
        assertEquals(1, promoted, results.toString());
        for (Object r : results) {
            if (r instanceof Promotion.PromotionFailure f) {
                assertEquals(ErrorCode.REFUSED, f.code(), f.getMessage());
                assertTrue(f.getMessage().contains("another promotion is in progress on "), f.getMessage());
            } else {
                PromotionReport p = (PromotionReport) r;
                assertTrue(p.outcome() == Outcome.PROMOTED || p.outcome() == Outcome.NOTHING_TO_DO, p.toString());
            }
        }
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from flyway_schema_history where version = '3'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "each migration applied exactly once");
        }
    }

    @Test
    void productionAheadOfStagingIsRefused() throws Exception {
        upgrade("staging", "1");
        upgrade("prod", "2");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(failure.getMessage().contains("prod (version 2) is ahead of staging (version 1)"),
                failure.getMessage());
        assertEquals("1", version(stagingUrl));
        assertEquals("2", version(prodUrl));
    }

    @Test
    void interruptedPromotionIsReportedByCurrentAndResumedByTheNextPromote() throws Exception {
        upgrade("staging", "2");
        var stagingSettings = SettingsResolver.resolve(Map.of("env", "staging"), environment, project,
                project.resolve("target"));
        var prodSettings = SettingsResolver.resolve(Map.of("env", "prod"), environment, project,
                project.resolve("target"));
        // a promotion that died in 'upgrade staging' after taking staging from version 1 to 2
        PromotionState.Run dead = new PromotionState.Run("dead-run", "staging", "prod", "upgrade staging", "running",
                java.time.Instant.parse("2026-11-25T01:00:00Z"), java.time.Instant.parse("2026-11-25T01:00:05Z"),
                "migrate promote staging->prod by ci@runner-1 pid 42", "1", null, null, null);
        recordInterrupted(dead, stagingSettings, prodSettings);

        MigrateCommands.current(stagingSettings, events::add);
        assertTrue(lines().contains("the last promotion dead-run (staging -> prod, started 2026-11-25T01:00:00Z by"
                + " migrate promote staging->prod by ci@runner-1 pid 42) was interrupted in step 'upgrade staging';"
                + " run migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod to resume it (a step that fails"
                + " then rolls back to the versions before it: staging 1, prod <none>)"), lines().toString());

        events.clear();
        PromotionReport report = promote();
        assertEquals(Outcome.PROMOTED, report.outcome());
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("The last promotion dead-run (staging -> prod,")
                && l.endsWith("Resuming it: a step that fails rolls staging back to version 1 and prod back to"
                + " version <none>, the versions before that promotion")), lines().toString());
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));
        assertTrue(report.environments().get("staging").startsWith("promoted from version 1 to 3"),
                report.environments().toString());
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(
                     "select run_id, status from migrate_promotion order by started_at")) {
            assertTrue(rs.next());
            assertEquals("dead-run", rs.getString(1));
            assertEquals("resumed", rs.getString(2));
            assertTrue(rs.next());
            assertEquals(report.runId(), rs.getString(1));
            assertEquals("finished", rs.getString(2));
        }
        events.clear();
        MigrateCommands.current(stagingSettings, events::add);
        assertTrue(lines().stream().noneMatch(l -> l.contains("interrupted")), lines().toString());
    }

    @Test
    void promotionBetweenOtherEnvironmentsWaitsForTheInterruptedOneToBeFinished() throws Exception {
        Path envs = project.resolve("environments");
        Files.writeString(envs.resolve("qa.yml"), "url: " + TestPostgres.newDatabase(TestPostgres.server(), "qa")
                + "\nuser: postgres\npassword: ${DB_PASSWORD}\npromotesTo: prod\n");
        var prodSettings = SettingsResolver.resolve(Map.of("env", "prod"), environment, project,
                project.resolve("target"));
        try (Database prod = Database.open(prodSettings, MigrateListener.NONE)) {
            new PromotionState(prodSettings).begin(prod, new PromotionState.Run("dead-run", "staging", "prod",
                    "upgrade prod", "running", java.time.Instant.now(), java.time.Instant.now(), "someone", "1",
                    null, null, null));
        }
        Promotion.PromotionFailure failure = failedPromotion("from", "qa");
        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(failure.getMessage().contains("was interrupted in step 'upgrade prod'; nothing was changed (finish"
                + " it first with migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod)"), failure.getMessage());
        assertEquals(null, version(prodUrl));
    }

    @Test
    void promotionOutsideThePromotesToChainIsRefused() throws Exception {
        Files.writeString(project.resolve("environments/qa.yml"), "url: "
                + TestPostgres.newDatabase(TestPostgres.server(), "qa2") + "\nuser: postgres\npassword: ${DB_PASSWORD}\n");
        dev.dbmigrate.error.MigrateException e = assertThrows(dev.dbmigrate.error.MigrateException.class,
                () -> promote("to", "qa"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals("environment 'staging' promotes to 'prod' (promotesTo in environments/staging.yml), not to 'qa';"
                + " nothing was changed (use -Dmigrate.to=prod, or change promotesTo if the chain has changed)",
                e.getMessage());
        assertEquals(null, version(stagingUrl));
    }

    @Test
    void promotionFromAnEnvironmentToItselfIsRefused() {
        dev.dbmigrate.error.MigrateException e = assertThrows(dev.dbmigrate.error.MigrateException.class,
                () -> promote("from", "prod", "to", "prod"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals("promote from 'prod' to 'prod' names one environment twice; nothing was changed (promote to the"
                + " next environment, such as -Dmigrate.to=prod)", e.getMessage());
    }

    @Test
    void resumedPromotionThatFailsOnStagingLeavesNoInterruptedPromotionBehindOnProduction() throws Exception {
        var stagingSettings = SettingsResolver.resolve(Map.of("env", "staging"), environment, project,
                project.resolve("target"));
        var prodSettings = SettingsResolver.resolve(Map.of("env", "prod"), environment, project,
                project.resolve("target"));
        PromotionState.Run dead = new PromotionState.Run("dead-run-2", "staging", "prod", "upgrade prod", "running",
                java.time.Instant.now(), java.time.Instant.now(), "someone", null, null, null, null);
        recordInterrupted(dead, stagingSettings, prodSettings);
        write("V3__add_email_to_users.sql", "alter table users add column email text;\nselect * from nowhere;");

        Promotion.PromotionFailure failure = failedPromotion();

        assertTrue(failure.getMessage().contains("prod not touched: staging failed first"), failure.getMessage());
        events.clear();
        MigrateCommands.current(prodSettings, events::add);
        assertTrue(lines().stream().noneMatch(l -> l.contains("was interrupted")), lines().toString());
    }
}
