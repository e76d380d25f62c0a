package dev.dbmigrate.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.report.ConsoleText;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged deployment against two real PostgreSQL servers (staging on one, production on another) with the real
 * pg_dump, pg_restore and psql.
 */
@Tag("postgres")
@Tag("process")
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
        // the drift check and the rehearsal before a promotion have their own tests (PromoteDriftTest), in a project
        // the scratch server can reach when the build runs as root (this one is a temporary folder)
        String common = """
                user: postgres
                password: ${DB_PASSWORD}
                protected: true
                drift: off
                rehearse: false
                lockTimeout: 5s
                statementTimeout: 1min
                """;
        Files.writeString(
                envs.resolve("staging.yml"),
                "url: " + stagingUrl + "\n" + common
                        + """
                backup:
                  directory: backups/staging
                verify:
                  - name: users table exists
                    sql: select to_regclass('public.users')::text
                    expect: { equals: "users" }
                rollback:
                  strategy: %s
                %spromotesTo: prod
                """.formatted(strategy, fallback == null ? "" : "  fallback: " + fallback + "\n"));
        Files.writeString(
                envs.resolve("prod.yml"),
                "url: " + prodUrl + "\n" + common
                        + """
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
                %s""".formatted(
                                        extraProdChecks.indent(2).stripTrailing(),
                                        strategy,
                                        fallback == null ? "" : "  fallback: " + fallback + "\n"));
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
        MigrateCommands.upgrade(
                SettingsResolver.resolve(props, environment, project, project.resolve("target")), MigrateListener.NONE);
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
                        ? "installed_rank, version, description, type, script, checksum, success"
                        : "*";
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
        execute(
                prodUrl,
                "insert into users values (1, 'Ada'), (2, 'Linus'); insert into songs (title) values"
                        + " ('Blackbird'), ('Yesterday')");
        return snapshot(prodUrl);
    }

    /** Leaves {@code dead} recorded as a running promotion in each environment's database, as a killed run would. */
    private static void recordInterrupted(
            PromotionState.Run dead, dev.dbmigrate.config.MigrateSettings... environments) {
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
        return events().stream().map(ConsoleText::text).toList();
    }

    private List<MigrateEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void assertNoPasswordAnywhere(Promotion.PromotionFailure failure) throws IOException {
        List<String> texts = new ArrayList<>(lines());
        if (failure != null) {
            texts.add(failure.getMessage());
        }
        Path reports = project.resolve("target/migrate");
        if (Files.isDirectory(reports)) {
            // the reports and the plan of the target (under plans/)
            try (Stream<Path> files = Files.walk(reports)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
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
    void aRepeatableMigrationIsPromotedIntoEmptyDatabasesThatHoldOnlyTheToolsOwnTables() throws Exception {
        // a repeatable migration goes through Flyway's migrate, which refuses a schema that holds tables but no
        // history table: the promotion's journal, written before the upgrade, must not count as such a table
        write("R__users_view.sql", "create or replace view user_names as select name from users;");

        PromotionReport report = promote("to", "prod");

        assertEquals(Outcome.PROMOTED, report.outcome(), report.message());
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));
        assertEquals(List.of("0"), TestPostgres.rows(prodUrl, "select count(*) from user_names"));
    }

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
        assertEquals(
                List.of(
                        "drift check",
                        "preflight",
                        "doctor",
                        "lint",
                        "rehearse",
                        "backup staging",
                        "upgrade staging",
                        "verify staging",
                        "backup prod",
                        "upgrade prod",
                        "verify prod"),
                report.steps().stream().map(StepResult::name).toList());
        assertEquals(
                "off on staging and prod (drift: off)", report.steps().get(0).detail());
        assertEquals(
                "staging: 8 of 8 checks passed; prod: 8 of 8 checks passed",
                report.steps().get(2).detail());
        String lint = report.steps().get(3).detail();
        assertTrue(
                lint.startsWith("6 migration files pending on prod: 0 errors, ")
                        && lint.contains("; plan in target/migrate/plans/"
                                + report.runId().substring(0, 8) + "-prod.sql"),
                lint);
        Path plan = project.resolve("target/migrate/plans/" + report.runId().substring(0, 8) + "-prod.sql");
        assertTrue(
                Files.readString(plan).contains("insert into \"public\".\"flyway_schema_history\""), plan.toString());
        assertTrue(
                report.steps().stream().allMatch(s -> s.status() == Status.PASSED),
                report.steps().toString());
        assertEquals(
                "promoted staging -> prod: prod went from version <none> to 3 (3 migrations applied and"
                        + " verified); staging at version 3",
                report.message());

        try (Stream<Path> files = Files.list(project.resolve("target/migrate"))) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            assertEquals(3, names.size(), names.toString());
            Path json = project.resolve("target/migrate").resolve(names.get(0));
            assertTrue(Files.readString(json).contains("\"outcome\": \"promoted\""));
            String xml = Files.readString(project.resolve("target/migrate").resolve(names.get(2)));
            assertEquals(11, xml.split("<testcase ").length - 1, xml);
            assertTrue(xml.contains("failures=\"0\""), xml);
            String md = Files.readString(project.resolve("target/migrate").resolve(names.get(1)));
            assertTrue(md.contains("| upgrade prod | ✅ passed |"), md);
            assertTrue(md.contains("| drift check | ✅ passed |"), md);
            assertTrue(md.contains("\n### Database changes\n\n#### prod: what the deployment changed\n\n"), md);
            assertTrue(md.contains("- Tables added: public.songs ("), md);
            assertFalse(
                    md.contains("migrate_") || md.contains("flyway_schema_history"),
                    "the tool's own tables are not the application's changes: " + md);
        }
        assertEquals("from_version=\nto_version=3\napplied=3\noutcome=promoted\n", Files.readString(githubOutput));
        assertTrue(Files.readString(githubSummary).startsWith("## ✅ migrate promote staging → prod: promoted"));
        try (Stream<Path> backups = Files.list(project.resolve("backups/prod"))) {
            assertEquals(2, backups.count(), "one directory-format backup and its .sha256");
        }
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("select outcome, description from migrate_audit where command = 'promote'")) {
            assertTrue(rs.next());
            assertEquals("promoted", rs.getString(1));
            assertEquals("staging -> prod", rs.getString(2));
        }
        assertNoPasswordAnywhere(null);

        events.clear();
        PromotionReport again = promote();
        assertEquals(Outcome.NOTHING_TO_DO, again.outcome());
        assertTrue(
                again.message().startsWith("nothing to promote: staging and prod are both at version 3"),
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
        assertTrue(
                failure.getMessage()
                        .startsWith("promote stopped: upgrade staging failed: upgrade stopped:"
                                + " migration V3__add_email_to_users.sql failed at line 2"),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("staging rolled back to version 1 (undo scripts: 1 migration"
                                + " undone) and verified; prod not touched: staging failed first"),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("(fix V3__add_email_to_users.sql and run migrate:upgrade"
                                + " -Dmigrate.env=staging again)"),
                failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertEquals("1", version(stagingUrl));
        assertEquals(prodBackupsBefore, backups("prod"), "production was not even backed up");
        assertEquals(
                Status.SKIPPED,
                failure.report().steps().stream()
                        .filter(s -> s.name().equals("upgrade prod"))
                        .findFirst()
                        .orElseThrow()
                        .status());
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void failingVerificationOnProductionIsUndoneAndProductionContentIsAsBefore() throws Exception {
        List<String> prodBefore = productionThatFailsTheEmailCheckAfterVersion3("undo");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome());
        assertEquals(ErrorCode.CHECK_FAILED, failure.code());
        assertTrue(
                failure.getMessage()
                        .startsWith("promote stopped: verify prod failed: verify: 1 of 2 checks"
                                + " FAILED: 'every user has an email' returned 2 rows, expected 0"),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("staging promoted from version 2 to 3 and verified; prod rolled"
                                + " back to version 2 (undo scripts: 1 migration undone) and verified"),
                failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertEquals("3", version(stagingUrl));
        assertEquals("2", failure.report().toVersion());
        assertTrue(
                events().stream()
                        .anyMatch(e -> e instanceof MigrateEvent.CheckFinished c
                                && c.name().equals("every user has an email")
                                && c.passed()
                                && c.detail()
                                        .startsWith("not applicable after the rollback: ERROR: column \"email\" does"
                                                + " not exist")),
                "the check written for version 3 does not apply to the rolled-back version 2: " + events());
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void failingVerificationOnProductionIsRestoredFromTheBackupAndProductionContentIsAsBefore() throws Exception {
        List<String> prodBefore = productionThatFailsTheEmailCheckAfterVersion3("restore");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome());
        assertTrue(
                failure.getMessage().contains("prod rolled back to version 2 (restored from "), failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
        assertTrue(
                failure.report().steps().stream()
                        .anyMatch(s -> s.name().equals("rollback prod (restore)") && s.status() == Status.PASSED),
                failure.report().steps().toString());
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery(
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
        assertTrue(
                failure.getMessage()
                        .startsWith("promote stopped: preflight failed: pg_dump, pg_restore, psql not" + " found in "
                                + emptyBin),
                failure.getMessage());
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
        Files.writeString(
                envs.resolve("prod.yml"),
                Files.readString(envs.resolve("prod.yml"))
                        .replace("directory: backups/prod", "directory: a-file/backups"));

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertTrue(failure.getMessage().startsWith("promote stopped: preflight failed:"), failure.getMessage());
        assertTrue(
                failure.getMessage().contains(project.resolve("a-file/backups").toString()), failure.getMessage());
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
        assertTrue(
                failure.getMessage()
                        .startsWith("promote stopped before changing anything: cannot reach prod"
                                + " (jdbc:postgresql://127.0.0.1:1/prod): could not connect to the database"),
                failure.getMessage());
        assertEquals(null, version(stagingUrl));
        assertNoPasswordAnywhere(failure);
    }

    @Test
    void secondPromotionFailsAtOnceNamingTheOneInProgress() throws Exception {
        var settings = SettingsResolver.resolve(Map.of("env", "prod"), environment, project, project.resolve("target"));
        try (Database prod = Database.open(settings, MigrateListener.NONE);
                PromotionLock running = PromotionLock.acquire(prod, "prod", "migrate promote staging->prod by ci@r1")) {
            Promotion.PromotionFailure failure = failedPromotion();
            assertEquals(ErrorCode.REFUSED, failure.code());
            assertTrue(failure.getMessage().contains("another promotion is in progress on prod"), failure.getMessage());
            assertTrue(
                    failure.getMessage().contains("'migrate promote staging->prod by ci@r1' (server process "),
                    failure.getMessage());
            assertEquals(null, version(stagingUrl));
        }
        assertEquals(Outcome.PROMOTED, promote().outcome(), "the lock is gone with its connection");
    }

    @Test
    void upgradeOfAProtectedEnvironmentBacksItUpFirst() throws Exception {
        upgrade("prod", "1");
        assertEquals(2, backups("prod").size(), "a directory-format backup and its .sha256: " + backups("prod"));
        assertTrue(
                backups("prod").get(0).getFileName().toString().startsWith("prod-"),
                backups("prod").toString());
        assertTrue(
                backups("prod").get(0).getFileName().toString().endsWith("-v0"),
                backups("prod").toString());
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
        long promoted = results.stream()
                .filter(r -> r instanceof PromotionReport p && p.outcome() == Outcome.PROMOTED)
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
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from flyway_schema_history where version = '3'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "each migration applied exactly once");
        }
    }

    @Test
    void anInvalidIndexOnProductionStopsThePromotionInTheDoctorBeforeAnythingChanges() throws Exception {
        upgrade("staging", "1");
        upgrade("prod", "1");
        execute(prodUrl, "create table tags (name text); insert into tags values ('a'), ('a')");
        assertThrows(
                SQLException.class,
                () -> execute(prodUrl, "create unique index concurrently tags_name on tags (name)"));

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.CHECK_FAILED, failure.code());
        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertEquals(
                "promote stopped: doctor failed: doctor found 1 failed check on prod: invalid indexes: INVALID (left by"
                        + " a failed or interrupted CREATE INDEX CONCURRENTLY, never used by queries): public.tags_name"
                        + " on public.tags (fix: DROP INDEX CONCURRENTLY public.tags_name; then re-run the migration"
                        + " that creates it); nothing was changed (fix each, check with mvn migrate:doctor"
                        + " -Dmigrate.env=prod, then promote again); staging not touched; prod not touched",
                failure.getMessage());
        StepResult doctor = failure.report().steps().stream()
                .filter(s -> s.name().equals("doctor"))
                .findFirst()
                .orElseThrow();
        assertEquals(Status.FAILED, doctor.status());
        assertEquals("1", version(stagingUrl));
        assertEquals("1", version(prodUrl));
    }

    @Test
    void anErrorOfTheSafetyRulesInAPendingMigrationStopsThePromotionBeforeAnythingChanges() throws Exception {
        upgrade("staging", "3");
        upgrade("prod", "3");
        write("V4__rename_users_email.sql", "alter table users rename column email to mail;");
        write("U4__rename_users_email.sql", "alter table users rename column mail to email;");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.CHECK_FAILED, failure.code());
        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertTrue(
                failure.getMessage()
                        .startsWith("promote stopped: lint failed: lint found 1 error in the migrations pending on"
                                + " environment prod (at version 3)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("rename-column"), failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .endsWith("staging and prod were not changed; staging not touched; prod not touched"),
                failure.getMessage());
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));

        // silenced in the file with a reason, the same migration is promoted
        write(
                "V4__rename_users_email.sql",
                "-- migrate:allow rename-column because no released version reads users.email yet\n"
                        + "alter table users rename column email to mail;");
        PromotionReport report = promote("to", "prod");
        assertEquals(Outcome.PROMOTED, report.outcome());
        // traced where the scratch server can run (this project is a temporary folder: as root, it cannot)
        String lint = report.steps().get(3).detail();
        assertTrue(
                lint.startsWith("2 migration files pending on prod: 0 errors, 0 warnings, 1 silenced; ")
                        && lint.contains("; plan in target/migrate/plans/"),
                lint);
    }

    @Test
    void productionAheadOfStagingIsRefused() throws Exception {
        upgrade("staging", "1");
        upgrade("prod", "2");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(
                failure.getMessage().contains("prod (version 2) is ahead of staging (version 1)"),
                failure.getMessage());
        assertEquals("1", version(stagingUrl));
        assertEquals("2", version(prodUrl));
    }

    @Test
    void productionAheadOfAnEmptyStagingSaysNoneAndGivesTheCommandThatBringsStagingUp() throws Exception {
        upgrade("prod", "2");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(
                failure.getMessage()
                        .contains("prod (version 2) is ahead of staging (version <none>): promoting"
                                + " would skip what prod has; nothing was changed (bring staging up to prod first with mvn"
                                + " migrate:upgrade -Dmigrate.env=staging, then promote again)"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("null"), failure.getMessage());
        assertEquals(null, version(stagingUrl));
        // the hint works: staging brought up, the promotion goes through
        upgrade("staging", "3");
        assertEquals(Outcome.PROMOTED, promote().outcome());
        assertEquals("3", version(prodUrl));
    }

    @Test
    void aFullDiskAtTheProductionBackupSaysStagingWasPromotedAndProductionNotChanged() throws Exception {
        upgrade("staging", "1");
        upgrade("prod", "1");
        PgTools real = PgTools.locate((Path) null);
        Path bin = Files.createDirectories(project.resolve("prod-full-disk-tools"));
        Path dump = bin.resolve("pg_dump");
        String prodDatabase =
                dev.dbmigrate.config.DatabaseUrl.parse(prodUrl, "test").database();
        Files.writeString(
                dump,
                "#!/bin/sh\ncase \"$*\" in *--dbname=" + prodDatabase + "*)\n"
                        + "echo 'pg_dump: error: could not write to output file: No space left on device' >&2; exit 1;;\n"
                        + "esac\nexec '" + real.pgDump() + "' \"$@\"\n");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("pg_restore"), real.pgRestore());
        Files.createSymbolicLink(bin.resolve("psql"), real.psql());
        List<String> prodBefore = snapshot(prodUrl);

        Promotion.PromotionFailure failure = failedPromotion("pgBinDir", bin.toString());

        String message = failure.getMessage();
        assertTrue(message.startsWith("promote stopped: backup prod failed: pg_dump of "), message);
        assertTrue(message.contains("No space left on device; prod was not changed: no backup was written"), message);
        assertTrue(
                message.contains("then run migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod again)"), message);
        assertTrue(message.endsWith("; staging promoted from version 1 to 3 and verified; prod not changed"), message);
        assertFalse(message.contains("nothing was changed"), message);
        assertEquals("3", version(stagingUrl));
        assertEquals(prodBefore, snapshot(prodUrl));
    }

    @Test
    void interruptedPromotionIsReportedByCurrentAndResumedByTheNextPromote() throws Exception {
        upgrade("staging", "2");
        var stagingSettings =
                SettingsResolver.resolve(Map.of("env", "staging"), environment, project, project.resolve("target"));
        var prodSettings =
                SettingsResolver.resolve(Map.of("env", "prod"), environment, project, project.resolve("target"));
        // a promotion that died in 'upgrade staging' after taking staging from version 1 to 2
        PromotionState.Run dead = new PromotionState.Run(
                "dead-run",
                "staging",
                "prod",
                "upgrade staging",
                "running",
                java.time.Instant.parse("2026-11-25T01:00:00Z"),
                java.time.Instant.parse("2026-11-25T01:00:05Z"),
                "migrate promote staging->prod by ci@runner-1 pid 42",
                "1",
                null,
                null,
                null);
        recordInterrupted(dead, stagingSettings, prodSettings);

        MigrateCommands.current(stagingSettings, events::add);
        assertTrue(
                lines().contains("the last promotion dead-run (staging -> prod, started 2026-11-25T01:00:00Z by"
                        + " migrate promote staging->prod by ci@runner-1 pid 42) was interrupted in step 'upgrade staging';"
                        + " run migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod to resume it (a step that fails"
                        + " then rolls back to the versions before it: staging 1, prod <none>)"),
                lines().toString());

        events.clear();
        PromotionReport report = promote();
        assertEquals(Outcome.PROMOTED, report.outcome());
        assertTrue(
                lines().stream()
                        .anyMatch(l -> l.startsWith("The last promotion dead-run (staging -> prod,")
                                && l.endsWith(
                                        "Resuming it: a step that fails rolls staging back to version 1 and prod back to"
                                                + " version <none>, the versions before that promotion")),
                lines().toString());
        assertEquals("3", version(stagingUrl));
        assertEquals("3", version(prodUrl));
        assertTrue(
                report.environments().get("staging").startsWith("promoted from version 1 to 3"),
                report.environments().toString());
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("select run_id, status from migrate_promotion order by started_at")) {
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
        Files.writeString(
                envs.resolve("qa.yml"),
                "url: " + TestPostgres.newDatabase(TestPostgres.server(), "qa")
                        + "\nuser: postgres\npassword: ${DB_PASSWORD}\npromotesTo: prod\n");
        var prodSettings =
                SettingsResolver.resolve(Map.of("env", "prod"), environment, project, project.resolve("target"));
        try (Database prod = Database.open(prodSettings, MigrateListener.NONE)) {
            new PromotionState(prodSettings)
                    .begin(
                            prod,
                            new PromotionState.Run(
                                    "dead-run",
                                    "staging",
                                    "prod",
                                    "upgrade prod",
                                    "running",
                                    java.time.Instant.now(),
                                    java.time.Instant.now(),
                                    "someone",
                                    "1",
                                    null,
                                    null,
                                    null));
        }
        Promotion.PromotionFailure failure = failedPromotion("from", "qa");
        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(
                failure.getMessage()
                        .contains("was interrupted in step 'upgrade prod'; nothing was changed (finish"
                                + " it first with migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod)"),
                failure.getMessage());
        assertEquals(null, version(prodUrl));
    }

    @Test
    void promotionOutsideThePromotesToChainIsRefused() throws Exception {
        Files.writeString(
                project.resolve("environments/qa.yml"),
                "url: " + TestPostgres.newDatabase(TestPostgres.server(), "qa2")
                        + "\nuser: postgres\npassword: ${DB_PASSWORD}\n");
        dev.dbmigrate.error.MigrateException e =
                assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("to", "qa"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "environment 'staging' promotes to 'prod' (promotesTo in environments/staging.yml), not to 'qa';"
                        + " nothing was changed (use -Dmigrate.to=prod, or change promotesTo if the chain has changed)",
                e.getMessage());
        assertEquals(null, version(stagingUrl));
    }

    @Test
    void promotionFromAnEnvironmentToItselfIsRefused() {
        dev.dbmigrate.error.MigrateException e =
                assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("from", "prod", "to", "prod"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "promote from 'prod' to 'prod' names one environment twice; nothing was changed (prod is the"
                        + " last environment of the chain, the one staging promotes to; promote into it with migrate:promote"
                        + " -Dmigrate.from=staging)",
                e.getMessage());
    }

    @Test
    void promotionFromTheLastEnvironmentSuggestsPromotingIntoItNeverToItself() throws Exception {
        dev.dbmigrate.error.MigrateException e =
                assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("from", "prod"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "promote needs the environment to promote to: environments/prod.yml has no promotesTo; nothing"
                        + " was changed (prod is the last environment of the chain, the one staging promotes to; promote into"
                        + " it with migrate:promote -Dmigrate.from=staging)",
                e.getMessage());
        // a variant: a chain nobody promotes into names another profile to promote to, never prod itself
        Files.writeString(project.resolve("environments/staging.yml"), "url: " + stagingUrl + "\n");
        e = assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("from", "prod"));
        assertEquals(
                "promote needs the environment to promote to: environments/prod.yml has no promotesTo; nothing"
                        + " was changed (pass -Dmigrate.to=staging, or add promotesTo: staging to environments/prod.yml)",
                e.getMessage());
        assertEquals(null, version(prodUrl));
        assertEquals(null, version(stagingUrl));
    }

    @Test
    void promotionSettingsReportTheProblemsOfBothProfilesInOneMessage() throws Exception {
        Files.writeString(
                project.resolve("environments/staging.yml"),
                "url: " + stagingUrl + "\npromotesTo: prod\n" + "protected: maybe\nlockTimeout: 5\n");
        Files.writeString(project.resolve("environments/prod.yml"), "url: " + prodUrl + "\nlockTimeout: 5S\n");
        String nl = System.lineSeparator();
        dev.dbmigrate.error.MigrateException e = assertThrows(
                dev.dbmigrate.error.MigrateException.class,
                () -> PromotionSettings.resolve(
                        Map.of("from", "staging"), environment, project, project.resolve("target")));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "promote from staging to prod: the settings of both environments have problems; nothing was"
                        + " changed (fix each of them, then run again):" + nl
                        + "  environments/staging.yml has 2 problems; nothing was changed (fix each of them, then run again):"
                        + nl
                        + "    - protected = \"maybe\" is not true or false (write protected: true or protected: false)"
                        + nl
                        + "    - lockTimeout = \"5\" has no unit (write 5s for 5 seconds, the same as 5000ms, or 5ms if"
                        + " you meant milliseconds; units: ms, s, min, h, d)" + nl
                        + "  environments/prod.yml: lockTimeout = \"5S\" spells its unit in capitals, which PostgreSQL"
                        + " refuses (units are case-sensitive: write 5s); nothing was changed",
                e.getMessage());

        // a variant: the target named by -Dmigrate.to, the source without promotesTo
        Files.writeString(project.resolve("environments/staging.yml"), "url: " + stagingUrl + "\nschemas: [a-b]\n");
        Files.writeString(project.resolve("environments/qa.yml"), "url: " + prodUrl + "\nrollback: {fallback: x}\n");
        e = assertThrows(
                dev.dbmigrate.error.MigrateException.class,
                () -> PromotionSettings.resolve(
                        Map.of("from", "staging", "to", "qa"), environment, project, project.resolve("target")));
        assertEquals(
                "promote from staging to qa: the settings of both environments have problems; nothing was"
                        + " changed (fix each of them, then run again):" + nl
                        + "  environments/staging.yml: schemas[0] = \"a-b\" is not a valid schema name (use letters,"
                        + " digits, _ and $, starting with a letter or _, such as public; list several as schemas: [public,"
                        + " app]); nothing was changed" + nl
                        + "  environments/qa.yml: rollback.fallback = \"x\" is not a rollback fallback (use restore or"
                        + " none); nothing was changed",
                e.getMessage());
        // only one file wrong: its message as it is
        Files.writeString(project.resolve("environments/qa.yml"), "url: " + prodUrl + "\n");
        e = assertThrows(
                dev.dbmigrate.error.MigrateException.class,
                () -> PromotionSettings.resolve(
                        Map.of("from", "staging", "to", "qa"), environment, project, project.resolve("target")));
        assertTrue(e.getMessage().startsWith("environments/staging.yml: schemas[0] = \"a-b\""), e.getMessage());
        assertEquals(null, version(prodUrl));
        assertEquals(null, version(stagingUrl));
    }

    @Test
    void promotionToAnUnknownEnvironmentSuggestsMigrateToNeverMigrateEnv() throws Exception {
        dev.dbmigrate.error.MigrateException e =
                assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("to", "prdo"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "environment 'staging' promotes to 'prod' (promotesTo in environments/staging.yml), not to"
                        + " 'prdo'; nothing was changed (use -Dmigrate.to=prod, or change promotesTo if the chain has"
                        + " changed)",
                e.getMessage());
        Files.writeString(project.resolve("environments/staging.yml"), "url: " + stagingUrl + "\n");
        e = assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("to", "prdo"));
        assertEquals(
                "unknown environment 'prdo': environments/prdo.yml does not exist in "
                        + project.toAbsolutePath().normalize() + " (known environments: prod, staging; create"
                        + " environments/prdo.yml or use -Dmigrate.to=prod); nothing was changed",
                e.getMessage());
        e = assertThrows(dev.dbmigrate.error.MigrateException.class, () -> promote("from", "stagign"));
        assertEquals(
                "unknown environment 'stagign': environments/stagign.yml does not exist in "
                        + project.toAbsolutePath().normalize() + " (known environments: prod, staging; create"
                        + " environments/stagign.yml or use -Dmigrate.from=staging); nothing was changed",
                e.getMessage());
        assertEquals(null, version(prodUrl));
    }

    @Test
    void resumedPromotionThatFailsOnStagingLeavesNoInterruptedPromotionBehindOnProduction() throws Exception {
        var stagingSettings =
                SettingsResolver.resolve(Map.of("env", "staging"), environment, project, project.resolve("target"));
        var prodSettings =
                SettingsResolver.resolve(Map.of("env", "prod"), environment, project, project.resolve("target"));
        PromotionState.Run dead = new PromotionState.Run(
                "dead-run-2",
                "staging",
                "prod",
                "upgrade prod",
                "running",
                java.time.Instant.now(),
                java.time.Instant.now(),
                "someone",
                null,
                null,
                null,
                null);
        recordInterrupted(dead, stagingSettings, prodSettings);
        write("V3__add_email_to_users.sql", "alter table users add column email text;\nselect * from nowhere;");

        Promotion.PromotionFailure failure = failedPromotion();

        assertTrue(failure.getMessage().contains("prod not touched: staging failed first"), failure.getMessage());
        events.clear();
        MigrateCommands.current(prodSettings, events::add);
        assertTrue(lines().stream().noneMatch(l -> l.contains("was interrupted")), lines().toString());
    }

    // ---- a restore never brings a promotion back; a resume checks where each database is ----------------------

    private dev.dbmigrate.config.MigrateSettings settings(String env, String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("env", env));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, environment, project, project.resolve("target"));
    }

    private static String databaseName(String url) {
        return url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
    }

    private static List<String> rows(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    @Test
    void restoringABackupThatAPromotionTookNeverResumesThatPromotionNorRollsProductionBelowItsVersion()
            throws Exception {
        profiles("undo", "restore", """
                  - name: no order has a gift note yet
                    sql: select count(*)::text from information_schema.columns where column_name = 'gift_note'
                    expect: { equals: "0" }""");
        assertEquals(Outcome.PROMOTED, promote().outcome());
        write("V4__create_orders_table.sql", "create table orders (id bigint primary key, item text not null);");
        write("U4__create_orders_table.sql", "drop table orders;");
        assertEquals(Outcome.PROMOTED, promote().outcome());
        execute(prodUrl, "insert into orders values (1, 'strings'), (2, 'capo')");
        List<String> prodBefore = snapshot(prodUrl);
        List<Path> stagingBackups = backups("staging").stream()
                .filter(p -> !p.getFileName().toString().endsWith(".sha256"))
                .toList();
        String takenBySecond =
                stagingBackups.get(stagingBackups.size() - 1).getFileName().toString();
        assertTrue(takenBySecond.contains("-v3"), takenBySecond);

        MigrateCommands.restore(
                settings("staging", "backup", takenBySecond, "confirm", databaseName(stagingUrl)),
                MigrateListener.NONE);

        assertEquals("3", version(stagingUrl));
        assertEquals(
                List.of(),
                rows(stagingUrl, "select run_id from migrate_promotion where status = 'running'"),
                "the restore brought no promotion back to life");
        assertEquals(
                List.of("restored from " + takenBySecond + " (version 3)"),
                rows(stagingUrl, "select step from migrate_promotion where status = 'restored'"));
        assertEquals(
                2,
                rows(stagingUrl, "select run_id from migrate_promotion where status = 'finished'")
                        .size(),
                "the live journal, with both finished promotions, outlives the restore");
        assertEquals(
                List.of("restore | 3 | " + takenBySecond + " | restored"),
                rows(
                        stagingUrl,
                        "select command, version, description, outcome from migrate_audit where command = 'restore'"));
        events.clear();
        MigrateCommands.current(settings("staging"), events::add);
        assertTrue(lines().stream().noneMatch(l -> l.contains("interrupted")), lines().toString());
        upgrade("staging", "4"); // staging catches up with production again

        write("V5__add_gift_note_to_orders.sql", "alter table orders add column gift_note text;");
        write("U5__add_gift_note_to_orders.sql", "alter table orders drop column gift_note;");
        events.clear();
        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome(), failure.getMessage());
        assertTrue(lines().stream().noneMatch(l -> l.contains("Resuming")), lines().toString());
        assertTrue(
                failure.getMessage()
                        .contains("staging promoted from version 4 to 5 and verified; prod rolled"
                                + " back to version 4 (undo scripts: 1 migration undone) and verified"),
                failure.getMessage());
        assertEquals("4", version(prodUrl));
        assertEquals(prodBefore, snapshot(prodUrl), "the table and the rows written after the earlier promotion");
        List<String> prodBackups = backups("prod").stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.endsWith(".sha256"))
                .toList();
        assertTrue(prodBackups.get(prodBackups.size() - 1).endsWith("-v4"), prodBackups.toString());
        List<String> stagingNames = backups("staging").stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.endsWith(".sha256"))
                .toList();
        assertTrue(stagingNames.get(stagingNames.size() - 1).endsWith("-v4"), stagingNames.toString());
    }

    @Test
    void resumeIsRefusedWhenADatabaseIsNoLongerWhereTheJournalLeftIt() throws Exception {
        upgrade("staging", "3");
        upgrade("prod", "2");
        String prodBackup =
                MigrateCommands.backup(settings("prod"), MigrateListener.NONE).name();
        upgrade("prod", "3");
        // a promotion died verifying prod after taking it from version 2 to 3 ...
        PromotionState.Run dead = new PromotionState.Run(
                "dead-run-3",
                "staging",
                "prod",
                "verify prod",
                "running",
                java.time.Instant.now().minusSeconds(60),
                java.time.Instant.now().minusSeconds(30),
                "ci",
                "2",
                "2",
                null,
                null);
        recordInterrupted(dead, settings("staging"), settings("prod"));
        // ... and someone then restored prod from an older backup
        MigrateCommands.restore(
                settings("prod", "backup", prodBackup, "confirm", databaseName(prodUrl)), MigrateListener.NONE);
        List<String> stagingBefore = snapshot(stagingUrl);
        List<String> prodBefore = snapshot(prodUrl);

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertEquals(Outcome.STOPPED, failure.report().outcome());
        String m = failure.getMessage();
        assertTrue(
                m.startsWith("promote stopped before changing anything: cannot resume the interrupted promotion"
                        + " dead-run-3 (staging -> prod, started "),
                m);
        assertTrue(m.contains("prod's history table ends with rank 2 (version 2, applied "), m);
        assertTrue(
                m.contains("but when the interrupted promotion last recorded its progress there it ended with"
                        + " rank 3 (version 3, applied "),
                m);
        assertTrue(m.contains("; prod was restored from " + prodBackup + " (version 2) at "), m);
        assertTrue(
                m.contains("so the versions it would roll back to (staging 2, prod 2) are no longer right, and"
                        + " nothing was changed (see what changed them with migrate:history -Dmigrate.env=staging and"
                        + " migrate:history -Dmigrate.env=prod; once both are as they should be, close the interrupted"
                        + " promotion in each database that lists it as running, with psql: update \"public\".migrate_promotion"
                        + " set status = 'abandoned' where run_id = 'dead-run-3' and status = 'running'; then run"
                        + " migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod again)"),
                m);
        assertEquals(stagingBefore, snapshot(stagingUrl));
        assertEquals(prodBefore, snapshot(prodUrl));
        assertEquals(
                List.of("dead-run-3"),
                rows(prodUrl, "select run_id from migrate_promotion where status =" + " 'running'"),
                "the journal still says what it said");

        // the hint works: closed in both, the next promote starts afresh and promotes prod from 2 to 3
        execute(
                stagingUrl,
                "update \"public\".migrate_promotion set status = 'abandoned' where run_id ="
                        + " 'dead-run-3' and status = 'running'");
        execute(
                prodUrl,
                "update \"public\".migrate_promotion set status = 'abandoned' where run_id ="
                        + " 'dead-run-3' and status = 'running'");
        assertEquals(Outcome.PROMOTED, promote().outcome());
        assertEquals("3", version(prodUrl));
    }

    @Test
    void resumeIsRefusedWhenAnEnvironmentItHadNotReachedMovedSince() throws Exception {
        upgrade("staging", "2");
        PromotionState.Run dead = new PromotionState.Run(
                "dead-run-4",
                "staging",
                "prod",
                "upgrade staging",
                "running",
                java.time.Instant.now(),
                java.time.Instant.now(),
                "ci",
                "1",
                "1",
                null,
                null);
        recordInterrupted(dead, settings("staging"));
        upgrade("prod", "2");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(
                failure.getMessage()
                        .contains(": prod is at version 2, but the journal says the interrupted"
                                + " promotion had not changed it yet and it was at version 1; so the versions it would roll back to"
                                + " (staging 1, prod 1) are no longer right, and nothing was changed"),
                failure.getMessage());
        assertEquals("2", version(prodUrl));
        assertEquals("2", version(stagingUrl));
    }

    @Test
    void resumedPromotionNeverReusesABackupOlderThanTheVersionItStartedFrom() throws Exception {
        upgrade("staging", "3");
        upgrade("prod", "1");
        Path olderBackup =
                MigrateCommands.backup(settings("prod"), MigrateListener.NONE).path();
        upgrade("prod", "2");
        PromotionState.Run dead = new PromotionState.Run(
                "dead-run-5",
                "staging",
                "prod",
                "upgrade prod",
                "running",
                java.time.Instant.now(),
                java.time.Instant.now(),
                "ci",
                "2",
                "2",
                null,
                olderBackup.toString());
        recordInterrupted(dead, settings("staging"), settings("prod"));
        List<String> prodBefore = snapshot(prodUrl);

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertTrue(
                failure.getMessage()
                        .contains("backup prod failed: will not reuse " + olderBackup.getFileName()
                                + ": it holds prod at version 1, below version 2 that prod had when this promotion began, so"
                                + " restoring it would lose what was applied in between; prod was not restored"),
                failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
    }

    @Test
    void rollbackSectionThatNamesOnlyTheStrategyKeepsTheDefaultFallbackToTheBackup() throws Exception {
        productionThatFailsTheEmailCheckAfterVersion3("undo");
        profiles("undo", null, """
                  - name: every user has an email
                    sql: select id, name from users where email is null
                    expect: { rows: 0 }""");
        assertTrue(
                Files.readString(project.resolve("environments/prod.yml"))
                        .contains("rollback:\n  strategy:" + " undo\n"),
                "no fallback key written");
        List<String> prodBefore = snapshot(prodUrl);
        write("U3__add_email_to_users.sql", "alter table users drop column no_such_column;");

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(Outcome.ROLLED_BACK, failure.report().outcome(), failure.getMessage());
        assertTrue(failure.getMessage().contains("prod rolled back to version 2 (undo failed ("), failure.getMessage());
        assertTrue(failure.getMessage().contains("), then restored from "), failure.getMessage());
        assertEquals(prodBefore, snapshot(prodUrl));
    }

    @Test
    void fullDiskBeforeAProtectedUpgradeSaysToFreeSpaceAndRunTheUpgradeAgain() throws Exception {
        PgTools real = PgTools.locate((Path) null);
        Path bin = Files.createDirectories(project.resolve("full-disk-tools"));
        Path dump = bin.resolve("pg_dump");
        Files.writeString(
                dump,
                "#!/bin/sh\ncase \"$1\" in --version) exec '" + real.pgDump() + "' \"$@\";; esac\n"
                        + "echo 'pg_dump: error: could not write to output file: No space left on device' >&2\nexit 1\n");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("pg_restore"), real.pgRestore());
        Files.createSymbolicLink(bin.resolve("psql"), real.psql());

        dev.dbmigrate.error.MigrateException e = assertThrows(
                dev.dbmigrate.error.MigrateException.class,
                () -> MigrateCommands.upgrade(settings("staging", "pgBinDir", bin.toString()), MigrateListener.NONE));

        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertTrue(
                e.getMessage().contains("No space left on device; staging was not changed: no backup was written"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("(fix the cause above; when the disk is full, free space in "
                                + project.resolve("backups/staging")
                                + ", or set backup.directory in environments/staging.yml to a folder with room that this user can"
                                + " write, then run migrate:upgrade -Dmigrate.env=staging again)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("migrate:backup"), e.getMessage());
        assertEquals(null, version(stagingUrl));
    }

    @Test
    void aJournalRowBroughtBackByARestoreOutsideTheToolIsNotResumedWhenTheOtherDatabaseSaysItFinished()
            throws Exception {
        upgrade("staging", "3");
        upgrade("prod", "3");
        // staging restored with plain pg_restore: its journal says running, production's says finished
        PromotionState.Run old = new PromotionState.Run(
                "old-run",
                "staging",
                "prod",
                "backup staging",
                "running",
                java.time.Instant.now().minusSeconds(600),
                java.time.Instant.now().minusSeconds(590),
                "ci",
                "3",
                "3",
                null,
                null);
        recordInterrupted(old, settings("staging"), settings("prod"));
        try (Database prod = Database.open(settings("prod"), MigrateListener.NONE)) {
            new PromotionState(settings("prod")).end(prod, "old-run", "finished", "verify prod: promoted");
        }
        List<String> stagingBefore = snapshot(stagingUrl);
        List<String> prodBefore = snapshot(prodUrl);

        Promotion.PromotionFailure failure = failedPromotion();

        assertEquals(ErrorCode.REFUSED, failure.code());
        assertTrue(
                failure.getMessage()
                        .contains(": prod's journal records that promotion as finished (in step 'verify"
                                + " prod: promoted', at "),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("), so it did not die there; so the versions it would roll back to"
                                + " (staging 3, prod 3) are no longer right, and nothing was changed"),
                failure.getMessage());
        assertTrue(lines().stream().noneMatch(l -> l.contains("Resuming")), lines().toString());
        assertEquals(stagingBefore, snapshot(stagingUrl));
        assertEquals(prodBefore, snapshot(prodUrl));

        // but a run killed while it recorded its end (finished in one database, still running in the other, in the
        // same step) is resumed: nothing is left to do, and both databases are where the journal says
        execute(stagingUrl, "update migrate_promotion set step = 'verify prod' where run_id = 'old-run'");
        events.clear();
        assertEquals(Outcome.PROMOTED, promote().outcome());
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("The last promotion old-run")), lines().toString());
        assertEquals(prodBefore, snapshot(prodUrl));
    }
}
