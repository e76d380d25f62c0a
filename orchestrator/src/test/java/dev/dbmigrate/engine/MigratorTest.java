package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.Executor;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.report.HistoryReport;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the real PostgreSQL server the tests start ({@link TestPostgres}). */
@Tag("postgres")
class MigratorTest {
    @TempDir
    Path project;

    private Path migrations;
    private String url;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws IOException {
        migrations = project.resolve("db/migration");
        Files.createDirectories(migrations);
        url = TestPostgres.newDatabase("mt");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        props.put("locations", migrations.toString());
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                props.remove(extra[i]);
            } else {
                props.put(extra[i], extra[i + 1]);
            }
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    private <T> T run(Function<Migrator, T> command, String... extra) {
        try (Migrator migrator = new Migrator(settings(extra), events::add)) {
            return command.apply(migrator);
        }
    }

    private MigrateException failure(Function<Migrator, ?> command, String... extra) {
        return assertThrows(MigrateException.class, () -> run(command, extra));
    }

    /** The command with the given executor ({@link MigrateSettings#executor()}). */
    private <T> T run(Executor executor, Function<Migrator, T> command, String... extra) {
        try (Migrator migrator = new Migrator(settings(extra).withExecutor(executor), events::add)) {
            return command.apply(migrator);
        }
    }

    private MigrateException failure(Executor executor, Function<Migrator, ?> command, String... extra) {
        return assertThrows(MigrateException.class, () -> run(executor, command, extra));
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    /** V1..V3 with their undo scripts. */
    private void threeMigrations() throws IOException {
        write("V1__create_users.sql", "create table users (id bigint primary key, name text not null);\n");
        write("U1__create_users.sql", "drop table users;\n");
        write("V2__create_songs.sql", "create table songs (id bigint primary key, title text);\n");
        write("U2__create_songs.sql", "drop table songs;\n");
        write("V3__add_users_email.sql", "alter table users add column email text;\n");
        write("U3__add_users_email.sql", "alter table users drop column email;\n");
    }

    private List<String> infoLines() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> ConsoleText.level(e) == MigrateEvent.Level.INFO)
                    .map(ConsoleText::text)
                    .toList();
        }
    }

    /** The migrations the run reported applied, as {@code version|script}. */
    private List<String> applied() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e instanceof MigrateEvent.MigrationApplied)
                    .map(e -> (MigrateEvent.MigrationApplied) e)
                    .map(a -> a.version() + "|" + a.script())
                    .toList();
        }
    }

    /** The migrations the run reported undone, as {@code version|script|undo script}. */
    private List<String> undone() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e instanceof MigrateEvent.MigrationUndone)
                    .map(e -> (MigrateEvent.MigrationUndone) e)
                    .map(u -> u.version() + "|" + u.script() + "|" + u.undoScript())
                    .toList();
        }
    }

    private List<String> warnLines() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> ConsoleText.level(e) == MigrateEvent.Level.WARN)
                    .map(ConsoleText::text)
                    .toList();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    private List<String> query(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> historyVersions() throws SQLException {
        return query("select version from flyway_schema_history where version is not null and type <> 'SCHEMA'"
                + " order by installed_rank");
    }

    private List<String> ranks() throws SQLException {
        return query("select h.installed_rank::text from flyway_schema_history h order by h.installed_rank");
    }

    private List<String> tables() throws SQLException {
        return query("select table_name from information_schema.tables where table_schema = 'public'"
                + " order by table_name");
    }

    private boolean columnExists(String table, String column) throws SQLException {
        return !query("select 1 from information_schema.columns where table_schema = 'public' and table_name = '"
                        + table + "' and column_name = '" + column + "'")
                .isEmpty();
    }

    private String databaseName() {
        return DatabaseUrl.parse(url, "test").database();
    }

    private static void assertContains(String text, String... pieces) {
        for (String piece : pieces) {
            assertTrue(text.contains(piece), () -> "expected <" + piece + "> in:\n" + text);
        }
    }

    private static void assertNotContains(String text, String piece) {
        assertFalse(text.contains(piece), () -> "did not expect <" + piece + "> in:\n" + text);
    }

    // ---- upgrade ------------------------------------------------------------------------------------------------

    @Test
    void upgradeAppliesEveryMigrationInOrderWithOneLineEachAndASummary() throws Exception {
        threeMigrations();

        Results.Upgrade result = run(Migrator::upgrade);

        assertEquals(
                List.of("1", "2", "3"),
                result.applied().stream().map(Results.Step::version).toList());
        assertNull(result.fromVersion());
        assertEquals("3", result.toVersion());
        assertEquals(
                List.of("1|V1__create_users.sql", "2|V2__create_songs.sql", "3|V3__add_users_email.sql"),
                applied(),
                () -> "one event per migration: " + events);
        List<String> appliedLines =
                infoLines().stream().filter(l -> l.startsWith("Applied ")).toList();
        assertEquals(3, appliedLines.size(), () -> "one line per migration: " + infoLines());
        assertTrue(
                appliedLines.get(0).matches("Applied V1 create users \\(V1__create_users\\.sql\\) in \\d+ ms"),
                appliedLines.get(0));
        String summary = infoLines().get(infoLines().size() - 1);
        assertTrue(
                summary.matches("upgrade finished: 3 migrations applied in \\d+ ms; schema public went from"
                        + " version <none> to 3"),
                summary);
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertEquals(
                List.of("1|V1__create_users.sql|true", "2|V2__create_songs.sql|true", "3|V3__add_users_email.sql|true"),
                query("select version, script, success::text from flyway_schema_history order by installed_rank"));
        assertTrue(columnExists("users", "email"));
        assertEquals(
                List.of("upgrade|1|success", "upgrade|2|success", "upgrade|3|success"),
                query("select command, version, outcome from migrate_audit order by id"));
    }

    @Test
    void secondUpgradeAppliesNothingAndSaysTheSchemaIsUpToDate() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        events.clear();

        Results.Upgrade again = run(Migrator::upgrade);

        assertTrue(again.applied().isEmpty());
        assertEquals("3", again.fromVersion());
        assertEquals("3", again.toVersion());
        assertEquals(List.of(), applied());
        assertTrue(
                infoLines().stream()
                        .anyMatch(l -> l.startsWith("upgrade finished: schema public is up to date"
                                + " at version 3; no migration was pending")),
                infoLines()::toString);
        assertEquals(List.of("1", "2", "3"), historyVersions());
    }

    @Test
    void upgradeWithTargetAppliesOnlyUpToTheTarget() throws Exception {
        threeMigrations();

        Results.Upgrade result = run(Migrator::upgrade, "target", "2");

        assertEquals("2", result.toVersion());
        assertEquals(List.of("1", "2"), historyVersions());
        assertFalse(columnExists("users", "email"));
        assertTrue(infoLines().stream().anyMatch(l -> l.contains("to target 2")), infoLines()::toString);

        run(Migrator::upgrade);
        assertEquals(List.of("1", "2", "3"), historyVersions());
    }

    @Test
    void failingMigrationIsRolledBackWholeAndTheMessageNamesFileLineAndCause() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        write("V2__create_songs.sql", "create table songs (id bigint primary key);\n");
        write(
                "V3__add_tabs.sql",
                "create table tabs (id bigint primary key);\n"
                        + "\n"
                        + "-- the next statement refers to a table that does not exist\n"
                        + "insert into no_such_table values (1);\n");

        MigrateException e = failure(Migrator::upgrade);

        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertContains(
                e.getMessage(),
                "upgrade stopped: migration V3__add_tabs.sql failed at line 4",
                "relation \"no_such_table\" does not exist",
                "V3__add_tabs.sql was rolled back and is not applied",
                "2 earlier migrations of this run stay applied (V1__create_users.sql, V2__create_songs.sql)",
                "the database is at version 2",
                "fix V3__add_tabs.sql and run migrate:upgrade with the same -Dmigrate.url again");
        assertEquals(
                List.of("1", "2"),
                query("select version from flyway_schema_history where success" + " order by installed_rank"));
        assertEquals(List.of(), query("select version from flyway_schema_history where not success"));
        assertEquals(
                List.of("songs", "users"),
                tables().stream()
                        .filter(t -> !t.startsWith("flyway") && !t.startsWith("migrate_"))
                        .toList(),
                "the good statement of V3 was rolled back with it");
        assertEquals(
                List.of("1|success", "2|success", "3|failed"),
                query("select version, outcome from migrate_audit order by id"));
        assertContains(
                query("select message from migrate_audit where outcome = 'failed'")
                        .get(0),
                "no_such_table");
    }

    @Test
    void aLongUpgradeCommitsQuickMigrationsTogetherWithTheOutcomeOfOneTransactionEach() throws Exception {
        write("V1__t1.sql", "create type mood as enum ('happy');\ncreate table t1 (id int, m mood);\n");
        for (int i = 2; i <= 40; i++) {
            write(
                    "V" + i + "__t" + i + ".sql",
                    i == 20
                            ? "create table t20 (id int);\n\ninsert into no_such_table" + " values (1);\n"
                            : "create table t" + i + " (id int);\ninsert into t" + i + " values (" + i + ");\n");
        }
        // V10 changes a setting of its transaction: it runs alone, and the migrations after it do not inherit it
        write("V10__t10.sql", "set local search_path = pg_catalog;\ncreate table public.t10 (id int);\n");
        // V16 uses the enum value V15 adds, which works only once V15 has committed: run one at a time, it works
        write("V15__t15.sql", "alter type mood add value 'sad';\ncreate table t15 (id int);\n");
        write("V16__t16.sql", "create table t16 (id int);\ninsert into t1 values (16, 'sad');\n");

        MigrateException e = failure(Migrator::upgrade);

        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertContains(
                e.getMessage(),
                "upgrade stopped: migration V20__t20.sql failed at line 3",
                "relation \"no_such_table\" does not exist",
                "V20__t20.sql was rolled back and is not applied",
                "19 earlier migrations of this run stay applied (V1__t1.sql, V2__t2.sql, ",
                ", V19__t19.sql)",
                "the database is at version 19",
                "fix V20__t20.sql and run migrate:upgrade with the same -Dmigrate.url again");
        List<String> first19 = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            first19.add(Integer.toString(i));
        }
        assertEquals(first19, historyVersions());
        assertEquals(first19, ranks());
        assertEquals(
                first19,
                query(
                        "select substr(table_name, 2) from information_schema.tables"
                                + " where table_schema = 'public' and table_name ~ '^t[0-9]+$' order by substr(table_name, 2)::int"));
        assertEquals(List.of("16|sad"), query("select id || '|' || m from t1"));
        List<String> audit = query("select version || '|' || outcome from migrate_audit order by id");
        assertEquals(20, audit.size(), audit::toString);
        for (int i = 1; i <= 19; i++) {
            assertEquals(i + "|success", audit.get(i - 1));
        }
        assertEquals("20|failed", audit.get(19));
        assertEquals(
                List.of("0"),
                query("select count(*) from migrate_audit where duration_ms < 0"
                        + " or duration_ms > 60000 or started_at > now()"));
        assertEquals(
                List.of("0"),
                query("select count(*) from flyway_schema_history where execution_time < 0"
                        + " or execution_time > 60000"));
        assertEquals(
                List.of("true"),
                query("select (count(distinct xmin::text) < 19)::text from flyway_schema_history"),
                "quick migrations share their commits");
        List<String> applied = applied();
        assertEquals(19, applied.size(), applied::toString);
        assertEquals("19|V19__t19.sql", applied.get(18));

        // fixed, the upgrade goes on from version 19, with ranks that go on from there
        write("V20__t20.sql", "create table t20 (id int);\n");
        Results.Upgrade result = run(Migrator::upgrade);
        assertEquals(21, result.applied().size());
        assertEquals("40", result.toVersion());
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            all.add(Integer.toString(i));
        }
        assertEquals(all, historyVersions());
        assertEquals(all, ranks());
        assertEquals(
                List.of("40"),
                query("select count(*) from information_schema.tables where table_schema = 'public'"
                        + " and table_name ~ '^t[0-9]+$'"));
    }

    @Test
    void createIndexConcurrentlyRunsInAMigrationOfItsOwn() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key, email text);\n");
        write("V2__index_users_email.sql", "create index concurrently users_email_idx on users (email);\n");

        Results.Upgrade result = run(Migrator::upgrade);

        assertEquals("2", result.toVersion());
        assertEquals(
                List.of("users_email_idx|true"),
                query("select c.relname, i.indisvalid::text from pg_index i"
                        + " join pg_class c on c.oid = i.indexrelid where c.relname = 'users_email_idx'"));
        assertEquals(List.of("1", "2"), historyVersions());
    }

    // ---- downgrade ----------------------------------------------------------------------------------------------

    /** Scripts that probe what Flyway records: a BOM, CRLF and CR line ends, a version with leading zeros, ... */
    private void scriptsFlywayRecordsInDetail() throws IOException {
        Files.write(
                migrations.resolve("V1__create_users.sql"),
                ("\uFEFFcreate table users (id bigint primary key,"
                                + " role text);\r\ninsert into users values (1, 'admin');\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        write("V1_01__add_email.sql", "alter table users add column email text;\r-- caf\u00e9 \u2603\rselect 1");
        Files.createDirectories(migrations.resolve("sub"));
        Files.writeString(
                migrations.resolve("sub/V2__index_email.sql"),
                "create index concurrently users_email_idx on users (email);\n");
        write("V3__nothing_yet.sql", "-- reserved\n");
        // a SQL-standard body (BEGIN ATOMIC ... END, PostgreSQL 14 and later) holds semicolons inside one statement
        write(
                "V4__function_with_body.sql",
                serverMajor() >= 14
                        ? "create function add_one(x int) returns int language sql\n"
                                + "begin atomic\n  select x + 1;\nend;\nselect add_one(1);\n"
                        : "create function add_one(x int) returns int language sql\n"
                                + "as $$ select x + 1; $$;\nselect add_one(1);\n");
    }

    /** The test server's major version (15, or the one -Dmigrate.test.major runs the suite on). */
    private int serverMajor() {
        try {
            return Integer.parseInt(
                            TestPostgres.rows(url, "show server_version_num").get(0))
                    / 10000;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String HISTORY_COLUMNS = "select installed_rank, version, description, type, script,"
            + " checksum, installed_by, success from flyway_schema_history order by installed_rank";

    @Test
    void leanUpgradeWritesTheHistoryFlywayWouldWriteAndFlywayValidatesIt() throws Exception {
        scriptsFlywayRecordsInDetail();
        Results.Upgrade lean = run(Migrator::upgrade);
        assertEquals(5, lean.applied().size());
        assertEquals("4", lean.toVersion());
        assertEquals("1.01", lean.applied().get(1).version());
        List<String> leanHistory = query(HISTORY_COLUMNS);
        assertEquals(
                5,
                query("select 1 from migrate_audit where outcome = 'success'").size());
        synchronized (events) {
            assertTrue(
                    events.stream().noneMatch(e -> ConsoleText.text(e).contains("goes through Flyway")),
                    events.toString());
        }

        url = TestPostgres.newDatabase("mt");
        run(Executor.FLYWAY, Migrator::upgrade);
        assertEquals(query(HISTORY_COLUMNS), leanHistory);
        assertEquals(
                "1|1|create users|SQL|V1__create_users.sql|",
                leanHistory
                        .get(0)
                        .substring(
                                0,
                                leanHistory.get(0).indexOf("V1__create_users.sql|")
                                        + "V1__create_users.sql|".length()));
        assertTrue(leanHistory.get(2).contains("|sub/V2__index_email.sql|"), leanHistory.toString());

        Results.Validation validation = run(m -> m.validate(false));
        assertTrue(validation.ok(), validation.problems().toString());
        assertEquals(0, run(Migrator::current).pendingCount());
        assertEquals(List.of(), run(Migrator::upgrade).applied());
    }

    @Test
    void leanUpgradeSetsUpTheSessionAsFlywayDoes() throws Exception {
        execute("create schema app");
        write(
                "V1__create_items.sql",
                "create table items (id int);\nset search_path to public;\n" + "create table elsewhere (id int);\n");
        write("V2__create_more.sql", "create table more_items (id int);\n");
        run(Migrator::upgrade, "schemas", "app");
        // the default schema first, then the connection's own path; a script's own search path ends with it
        assertEquals(
                List.of("app|items", "app|more_items", "public|elsewhere"),
                query("select schemaname, tablename"
                        + " from pg_tables where tablename in ('items', 'elsewhere', 'more_items') order by 1, 2"));
    }

    @Test
    void upgradeHandsPlaceholdersToFlyway() throws Exception {
        write("V1__create_users.sql", "create table ${flyway:defaultSchema}.users (id bigint primary key);\n");
        Results.Upgrade result = run(Migrator::upgrade);
        assertEquals(1, result.applied().size());
        assertEquals(
                List.of("users"),
                query("select tablename from pg_tables where schemaname = 'public'" + " and tablename = 'users'"));
        synchronized (events) {
            assertTrue(
                    events.stream()
                            .anyMatch(e -> ConsoleText.text(e).contains("goes through Flyway's migrate")
                                    && ConsoleText.text(e).contains("placeholders")),
                    events.toString());
        }
    }

    @Test
    void failedMigrationOutsideATransactionIsRecordedAsFailedAndStopsTheNextRun() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key, email text);\n");
        write("V2__index_email.sql", "create index concurrently users_email_idx on users (emial);\n");
        MigrateException e = failure(Migrator::upgrade);
        assertContains(
                e.getMessage(),
                "V2__index_email.sql failed at line 1",
                "emial",
                "ran outside a transaction and is recorded as failed",
                "1 earlier migration of this run stays applied",
                "at version 1",
                "run migrate:repair");
        assertEquals(
                List.of("1|t", "2|f"),
                query("select version, success from flyway_schema_history" + " order by installed_rank"));
        assertEquals(
                List.of("V1__create_users.sql|success", "V2__index_email.sql|failed"),
                query("select script, outcome from migrate_audit order by id"));
        write("V2__index_email.sql", "create index concurrently users_email_idx on users (email);\n");
        MigrateException again = failure(Migrator::upgrade);
        assertContains(again.getMessage(), "failed migration");
        run(Migrator::repair);
        assertEquals(1, run(Migrator::upgrade).applied().size());
    }

    @Test
    void failureAtCommitIsReportedAndRolledBack() throws Exception {
        write(
                "V1__create_users.sql",
                "create table users (id bigint primary key, manager bigint references users"
                        + " deferrable initially deferred);\n");
        write("V2__bad_manager.sql", "insert into users values (1, 42);\n");
        MigrateException e = failure(Migrator::upgrade);
        assertContains(
                e.getMessage(),
                "V2__bad_manager.sql failed",
                "foreign key",
                "was rolled back and is not applied",
                "at version 1");
        assertEquals(List.of(), query("select * from users"));
        assertEquals(List.of("1"), query("select version from flyway_schema_history order by installed_rank"));
    }

    @Test
    void currentReadsTheHistoryItselfAndAgreesWithFlywaysInfo() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("V3__create_songs.sql", "create table songs (id int);\n");
        run(Migrator::upgrade);
        write("V2__late_branch.sql", "select 1;\n");
        write("V4__create_tabs.sql", "create table tabs (id int);\n");
        write("V5__create_tags.sql", "create table tags (id int);\n");
        Results.Current lean = run(Migrator::current);
        // a repeatable migration sends current through Flyway's info
        write("R__views.sql", "create or replace view user_ids as select id from users;\n");
        Results.Current flyway = run(Migrator::current);
        for (Results.Current c : List.of(lean, flyway)) {
            assertEquals("3", c.version());
            assertEquals("create songs", c.description());
            assertEquals(
                    List.of("V2__late_branch.sql"),
                    c.outOfOrder().stream().map(MigrationInfo::script).toList());
            assertFalse(c.failedPresent());
        }
        assertEquals(
                List.of("V4__create_tabs.sql", "V5__create_tags.sql"),
                lean.pending().stream().map(MigrationInfo::script).toList());
        assertEquals(
                List.of("V4__create_tabs.sql", "V5__create_tags.sql", "R__views.sql"),
                flyway.pending().stream().map(MigrationInfo::script).toList());
        assertEquals(flyway.pending().get(0).checksum(), lean.pending().get(0).checksum());
    }

    @Test
    void downgradeUndoesExactlyTheNewestMigrationByDefault() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        events.clear();

        Results.Downgrade result = run(Migrator::downgrade);

        assertEquals(
                List.of("3"),
                result.undone().stream().map(Results.Step::version).toList());
        assertEquals("U3__add_users_email.sql", result.undone().get(0).script());
        assertEquals("3", result.fromVersion());
        assertEquals("2", result.toVersion());
        assertFalse(columnExists("users", "email"));
        assertEquals(List.of("1", "2"), historyVersions());
        assertEquals(List.of("3|V3__add_users_email.sql|U3__add_users_email.sql"), undone());
        assertTrue(
                infoLines().stream()
                        .anyMatch(l -> l.matches("Undid V3 .*\\(V3__add_users_email\\.sql\\) with"
                                + " U3__add_users_email\\.sql in \\d+ ms")),
                infoLines()::toString);
        assertTrue(
                infoLines().stream()
                        .anyMatch(l -> l.matches("downgrade finished: 1 migration undone in \\d+ ms;"
                                + " schema public went from version 3 to 2")),
                infoLines()::toString);
        assertEquals(
                List.of("downgrade|3|U3__add_users_email.sql|success"),
                query("select command, version, script, outcome from migrate_audit where command = 'downgrade'"));
    }

    @Test
    void downgradeWithStepsUndoesThatManyNewestFirst() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);

        Results.Downgrade result = run(Migrator::downgrade, "steps", "2");

        assertEquals(
                List.of("3", "2"),
                result.undone().stream().map(Results.Step::version).toList());
        assertEquals(List.of("1"), historyVersions());
        assertEquals(
                List.of("users"),
                tables().stream()
                        .filter(t -> !t.startsWith("flyway") && !t.startsWith("migrate_"))
                        .toList());
        assertEquals(
                List.of("3", "2"),
                query("select version from migrate_audit where command = 'downgrade'" + " order by id"));
    }

    @Test
    void downgradeToTargetZeroUndoesEveryMigrationAndUpgradeReappliesThem() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);

        Results.Downgrade result = run(Migrator::downgrade, "target", "0");

        assertEquals(
                List.of("3", "2", "1"),
                result.undone().stream().map(Results.Step::version).toList());
        assertNull(result.toVersion());
        assertEquals(List.of(), historyVersions());
        assertEquals(
                List.of(),
                tables().stream()
                        .filter(t -> !t.startsWith("flyway") && !t.startsWith("migrate_"))
                        .toList());

        Results.Upgrade again = run(Migrator::upgrade);
        assertEquals(3, again.applied().size());
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertTrue(columnExists("users", "email"));
        assertEquals(
                List.of("downgrade|3", "downgrade|2", "downgrade|1", "upgrade|1", "upgrade|2", "upgrade|3"),
                query("select command, version from migrate_audit where id > 3 order by id"));
    }

    @Test
    void downgradeRefusesWhenUndoScriptIsMissing() throws Exception {
        threeMigrations();
        Files.delete(migrations.resolve("U3__add_users_email.sql"));
        run(Migrator::upgrade);

        MigrateException e = failure(Migrator::downgrade);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertContains(
                e.getMessage(), "downgrade refused: no undo script U3__add_users_email.sql", "nothing was changed");
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertTrue(columnExists("users", "email"));
    }

    @Test
    void downgradeRefusesBeforeUndoingAnythingWhenAnOlderUndoScriptIsMissing() throws Exception {
        threeMigrations();
        Files.delete(migrations.resolve("U2__create_songs.sql"));
        run(Migrator::upgrade);

        MigrateException e = failure(Migrator::downgrade, "steps", "2");

        assertEquals(ErrorCode.REFUSED, e.code());
        assertContains(
                e.getMessage(),
                "downgrade refused: no undo script U2__create_songs.sql",
                "nothing was changed",
                "then run migrate:downgrade -Dmigrate.steps=2 with the same -Dmigrate.url again");
        assertNotContains(e.getMessage(), "U3__");
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertTrue(columnExists("users", "email"), "V3 (which has an undo script) was not undone either");
        assertTrue(tables().contains("songs"));
        assertEquals(List.of(), query("select 1 from migrate_audit where command = 'downgrade'"));
    }

    @Test
    void failingUndoScriptIsRolledBackAndTheMigrationStaysApplied() throws Exception {
        threeMigrations();
        write(
                "U3__add_users_email.sql",
                "alter table users drop column email;\n" + "\n" + "drop table no_such_table;\n");
        run(Migrator::upgrade);

        MigrateException e = failure(Migrator::downgrade);

        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertContains(
                e.getMessage(),
                "downgrade stopped: undo script U3__add_users_email.sql failed at line 3",
                "table \"no_such_table\" does not exist",
                "it was rolled back and version 3 stays applied",
                "nothing was undone before it",
                "the database is at version 3",
                "fix U3__add_users_email.sql and run migrate:downgrade with the same -Dmigrate.url again");
        assertTrue(columnExists("users", "email"), "the first statement of the undo script was rolled back");
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertEquals(
                List.of("downgrade|3|failed"),
                query("select command, version, outcome from migrate_audit where command = 'downgrade'"));
    }

    @Test
    void aLongDowngradeCommitsQuickUndosTogetherWithTheOutcomeOfOneTransactionEach() throws Exception {
        for (int i = 1; i <= 40; i++) {
            write("V" + i + "__t" + i + ".sql", "create table t" + i + " (id int);\n");
            write(
                    "U" + i + "__t" + i + ".sql",
                    i == 20 ? "drop table t20;\n\ndrop table no_such_table;\n" : "drop table t" + i + ";\n");
        }
        // U30 changes a setting of its transaction: it runs alone, and the undos after it do not inherit it
        write("U30__t30.sql", "set local search_path = pg_catalog;\ndrop table public.t30;\n");
        run(Migrator::upgrade);
        events.clear();

        MigrateException e = failure(Migrator::downgrade, "target", "0");

        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertContains(
                e.getMessage(),
                "downgrade stopped: undo script U20__t20.sql failed at line 3",
                "table \"no_such_table\" does not exist",
                "it was rolled back and version 20 stays applied",
                "20 migrations undone before it (U40__t40.sql, U39__t39.sql, ",
                ", U21__t21.sql)",
                "the database is at version 20",
                "fix U20__t20.sql and run migrate:downgrade -Dmigrate.target=0 with the same -Dmigrate.url again");
        List<String> first20 = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            first20.add(Integer.toString(i));
        }
        assertEquals(first20, historyVersions());
        assertEquals(
                first20,
                query(
                        "select substr(table_name, 2) from information_schema.tables"
                                + " where table_schema = 'public' and table_name ~ '^t[0-9]+$' order by substr(table_name, 2)::int"));
        List<String> audit = query(
                "select version || '|' || outcome from migrate_audit where command = 'downgrade'" + " order by id");
        assertEquals(21, audit.size(), audit::toString);
        for (int i = 40; i >= 21; i--) {
            assertEquals(i + "|success", audit.get(40 - i));
        }
        assertEquals("20|failed", audit.get(20));
        assertEquals(
                List.of("0"),
                query("select count(*) from migrate_audit where command = 'downgrade'"
                        + " and (duration_ms < 0 or duration_ms > 60000 or started_at > now())"));
        List<String> undid = undone();
        assertEquals(20, undid.size(), undid::toString);
        assertEquals("40|V40__t40.sql|U40__t40.sql", undid.get(0));
        assertEquals("21|V21__t21.sql|U21__t21.sql", undid.get(19));

        // fixed, the downgrade goes on from version 20
        write("U20__t20.sql", "drop table t20;\n");
        Results.Downgrade result = run(Migrator::downgrade, "target", "0");
        assertEquals(20, result.undone().size());
        assertEquals(List.of(), historyVersions());
        assertEquals(
                List.of(),
                query("select table_name from information_schema.tables where table_schema = 'public'"
                        + " and table_name ~ '^t[0-9]+$'"));
    }

    // ---- init ---------------------------------------------------------------------------------------------------

    @Test
    void initOnAnEmptyDatabaseAppliesEveryMigration() throws Exception {
        threeMigrations();

        Results.Upgrade result = run(Migrator::init);

        assertEquals(3, result.applied().size());
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertTrue(
                infoLines().stream().anyMatch(l -> l.startsWith("init finished: 3 migrations applied")),
                infoLines()::toString);
    }

    @Test
    void initRefusesAnExistingSchemaWithoutHistory() throws Exception {
        threeMigrations();
        execute("create table legacy (id int)");

        MigrateException e = failure(Migrator::init);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertContains(
                e.getMessage(),
                "init refused: schema public already holds tables but no history table"
                        + " public.flyway_schema_history",
                "nothing was changed",
                "-Dmigrate.baselineVersion=N");
        assertEquals(List.of("legacy"), tables());
    }

    @Test
    void initWithBaselineVersionRecordsTheBaselineAndAppliesWhatComesAfter() throws Exception {
        threeMigrations();
        execute("create table users (id bigint primary key, name text not null)");

        Results.Upgrade result = run(Migrator::init, "baselineVersion", "1");

        assertEquals(
                List.of("2", "3"),
                result.applied().stream().map(Results.Step::version).toList());
        assertEquals(
                List.of("1|BASELINE", "2|SQL", "3|SQL"),
                query("select version, type from"
                        + " flyway_schema_history where version is not null order by installed_rank"));
        assertTrue(columnExists("users", "email"));
        assertTrue(
                infoLines().stream().anyMatch(l -> l.startsWith("Recording version 1 as the baseline")),
                infoLines()::toString);
    }

    @Test
    void downgradeBelowABaselineSuggestsOnlyCommandsThatWork() throws Exception {
        threeMigrations();
        execute("create table users (id bigint primary key, name text not null)");
        run(Migrator::init, "baselineVersion", "1");
        String fix = "nothing was changed (use -Dmigrate.steps=2 or -Dmigrate.target=1 to undo every migration above"
                + " the baseline)";

        MigrateException steps = failure(Migrator::downgrade, "steps", "5");
        assertEquals(ErrorCode.REFUSED, steps.code());
        assertEquals(
                "downgrade refused: -Dmigrate.steps=5 but only 2 migrations can be undone above the baseline" + " 1; "
                        + fix,
                steps.getMessage());
        MigrateException all = failure(Migrator::downgrade, "target", "0");
        assertEquals(
                "downgrade refused: target 0 is below the baseline 1, whose schema has no undo scripts; " + fix,
                all.getMessage());
        assertEquals(List.of("1", "2", "3"), historyVersions());

        run(Migrator::downgrade, "target", "1"); // the hint works
        assertEquals(List.of("1"), historyVersions());
        MigrateException more = failure(Migrator::downgrade);
        assertEquals(
                "downgrade refused: -Dmigrate.steps=1 but only 0 migrations can be undone above the baseline 1;"
                        + " nothing was changed (no migration is applied above the baseline 1, so there is nothing to undo;"
                        + " to go back further, restore a backup taken before the baseline with migrate:restore)",
                more.getMessage());
        assertEquals(List.of("1"), historyVersions());
        assertTrue(tables().contains("users"), tables().toString());
    }

    // ---- drop ---------------------------------------------------------------------------------------------------

    private void manyObjects() throws Exception {
        write("V1__create_objects.sql", """
                create type mood as enum ('happy', 'sad');
                create table songs (id bigserial primary key, title text, feeling mood);
                create view song_titles as select title from songs;
                create function song_count() returns bigint language sql as 'select count(*) from songs';
                """);
        run(Migrator::upgrade);
        events.clear();
    }

    @Test
    void dropListsAndDropsEveryObjectInTheSchemaButTheAuditTable() throws Exception {
        manyObjects();

        Results.Drop result = run(Migrator::drop, "confirm", databaseName());

        assertEquals(databaseName(), result.database());
        String dropped = String.join("\n", result.dropped());
        assertContains(
                dropped,
                "table public.songs",
                "table public.flyway_schema_history",
                "view public.song_titles",
                "function public.song_count()",
                "type public.mood");
        assertFalse(dropped.contains("migrate_audit"), dropped);
        assertTrue(infoLines().contains("Dropped view public.song_titles"), infoLines()::toString);
        assertTrue(
                infoLines().stream()
                        .anyMatch(l -> l.startsWith("drop finished: ")
                                && l.endsWith(" dropped from database " + databaseName()
                                        + "; the audit table public.migrate_audit" + " was kept and records the drop")),
                infoLines()::toString);
        assertEquals(List.of("migrate_audit"), tables());
        assertEquals(List.of("upgrade|1", "drop|1"), query("select command, version from migrate_audit order by id"));
        assertEquals(
                List.of(),
                query("select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname = 'public'"));
        assertEquals(
                List.of(),
                query("select typname from pg_type t join pg_namespace n"
                        + " on n.oid = t.typnamespace where n.nspname = 'public' and t.typtype = 'e'"));
    }

    private void protectedProfile() throws IOException {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/prod.yml"), "url: " + url + "\nprotected: true\n");
    }

    @Test
    void onAProtectedEnvironmentEachMigrationAndEachUndoCommitsOnItsOwn() throws Exception {
        for (int i = 1; i <= 12; i++) {
            write("V" + i + "__t" + i + ".sql", "create table t" + i + " (id int);\n");
            write("U" + i + "__t" + i + ".sql", "drop table t" + i + ";\n");
        }
        protectedProfile();

        run(Migrator::upgrade, "url", null, "env", "prod");
        assertEquals(
                List.of("12"),
                query("select count(distinct xmin::text) from flyway_schema_history"),
                "no locks held past a migration's own commit in production");
        run(Migrator::downgrade, "url", null, "env", "prod", "target", "0");
        assertEquals(
                List.of("12"),
                query("select count(distinct xmin::text) from migrate_audit" + " where command = 'downgrade'"));
        assertEquals(List.of(), historyVersions());

        // elsewhere quick ones share their commits
        run(Migrator::upgrade);
        assertEquals(
                List.of("true"),
                query("select (count(distinct xmin::text) < 12)::text" + " from flyway_schema_history"));
    }

    @Test
    void dropRefusesOnAProtectedEnvironmentWithoutConfirmation() throws Exception {
        manyObjects();
        protectedProfile();

        MigrateException e = failure(Migrator::drop, "url", null, "env", "prod");

        assertEquals(ErrorCode.REFUSED, e.code());
        assertContains(
                e.getMessage(),
                "drop refused: environment 'prod' is protected",
                "nothing was dropped",
                "-Dmigrate.confirm=" + databaseName());
        assertTrue(tables().contains("songs"));

        MigrateException wrong = failure(Migrator::drop, "url", null, "env", "prod", "confirm", "other_db");
        assertContains(
                wrong.getMessage(),
                "-Dmigrate.confirm=other_db does not match the database name",
                "nothing was dropped");
        assertTrue(tables().contains("songs"));
    }

    @Test
    void dropOnAProtectedEnvironmentWorksWhenConfirmedWithTheDatabaseName() throws Exception {
        manyObjects();
        protectedProfile();

        Results.Drop result = run(Migrator::drop, "url", null, "env", "prod", "confirm", databaseName());

        assertTrue(result.dropped().contains("table public.songs"), result.dropped()::toString);
        assertEquals(List.of("migrate_audit"), tables());
    }

    // ---- history and current ------------------------------------------------------------------------------------

    private HistoryReport historyReport() throws Exception {
        Results.History history = run(Migrator::history);
        return HistoryReport.of(history.migrations(), history.audit());
    }

    @Test
    void historyShowsStatesAndUndoAvailabilityInEveryFormat() throws Exception {
        threeMigrations();
        Files.delete(migrations.resolve("U1__create_users.sql"));
        run(Migrator::upgrade, "target", "2");

        HistoryReport report = historyReport();

        List<HistoryReport.Row> rows = report.rows();
        assertEquals(
                List.of("1|Success|null", "2|Success|U2__create_songs.sql", "3|Pending|U3__add_users_email.sql"),
                rows.stream()
                        .map(r -> r.version() + "|" + r.state() + "|" + r.undoScript())
                        .toList());
        assertEquals("postgres", rows.get(0).installedBy());

        String text = report.render(OutputFormat.TEXT);
        assertContains(
                text,
                "Version",
                "State",
                "Undo",
                "create users",
                "Success",
                "Pending",
                "missing",
                "yes",
                "3 migrations, 2 audit entries");
        String json = report.render(OutputFormat.JSON);
        assertContains(
                json,
                "\"migrations\"",
                "\"audit\"",
                "\"version\"",
                "\"state\"",
                "Pending",
                "V2__create_songs.sql",
                "U2__create_songs.sql");
        String markdown = report.render(OutputFormat.MARKDOWN);
        assertContains(
                markdown,
                "## Migration history",
                "| Version | Description | State |",
                "## Audit",
                "| upgrade |",
                "missing");
    }

    @Test
    void historyShowsAnUndoneMigrationAfterDowngrade() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        run(Migrator::downgrade);

        HistoryReport report = historyReport();

        HistoryReport.Row v3 = report.rows().stream()
                .filter(r -> "3".equals(r.version()))
                .findFirst()
                .orElseThrow();
        assertTrue(v3.state().startsWith("Undone ("), v3.state());
        assertContains(report.render(OutputFormat.TEXT), "Undone (");
        assertContains(report.render(OutputFormat.JSON), "Undone (", "\"command\"", "downgrade");
        assertContains(report.render(OutputFormat.MARKDOWN), "Undone (", "| downgrade | 3 | U3__add_users_email.sql");
    }

    @Test
    void currentReportsVersionDescriptionAndPendingCount() throws Exception {
        threeMigrations();
        run(Migrator::upgrade, "target", "1");

        Results.Current current = run(Migrator::current);

        assertEquals("1", current.version());
        assertEquals("create users", current.description());
        assertEquals(2, current.pendingCount());
        assertFalse(current.failedPresent());

        run(Migrator::upgrade);
        Results.Current after = run(Migrator::current);
        assertEquals("3", after.version());
        assertEquals(0, after.pendingCount());
    }

    // ---- validate and repair ------------------------------------------------------------------------------------

    @Test
    void validatePassesOnAConsistentProject() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);

        Results.Validation v = run(m -> m.validate(true));

        assertTrue(v.ok(), v.problems()::toString);
        assertEquals(List.of(), v.warnings());
        assertEquals(6, v.checked());
    }

    @Test
    void validateNamesBothFilesOfADuplicateVersion() throws Exception {
        threeMigrations();
        write("V2__create_albums.sql", "create table albums (id int);\n");
        write("U2__create_albums.sql", "drop table albums;\n");

        Results.Validation v = run(m -> m.validate(false));

        assertFalse(v.ok());
        String problems = String.join("\n", v.problems());
        assertContains(problems, "version 2 is used by V2__create_albums.sql and V2__create_songs.sql");
        assertContains(String.join("\n", v.warnings()), "checksums were not compared with the history table");
    }

    @Test
    void validateReportsAMisnamedFile() throws Exception {
        threeMigrations();
        write("v4-add-tabs.sql", "create table tabs (id int);\n");

        Results.Validation v = run(m -> m.validate(false));

        assertContains(String.join("\n", v.problems()), "v4-add-tabs.sql", "does not follow the naming");
    }

    @Test
    void missingUndoScriptIsAProblemWhenRequiredAndAWarningOtherwise() throws Exception {
        threeMigrations();
        Files.delete(migrations.resolve("U2__create_songs.sql"));

        Results.Validation required = run(m -> m.validate(true));
        assertFalse(required.ok());
        assertContains(
                String.join("\n", required.problems()), "V2__create_songs.sql has no undo script U2__create_songs.sql");

        Results.Validation optional = run(m -> m.validate(false));
        assertTrue(optional.ok(), optional.problems()::toString);
        assertContains(
                String.join("\n", optional.warnings()), "V2__create_songs.sql has no undo script U2__create_songs.sql");
    }

    @Test
    void validateReportsAnUndoScriptWithoutItsMigration() throws Exception {
        threeMigrations();
        write("U7__create_tabs.sql", "drop table tabs;\n");

        Results.Validation v = run(m -> m.validate(false));

        assertContains(String.join("\n", v.problems()), "U7__create_tabs.sql undoes version 7, but no V7__*.sql");
    }

    @Test
    void validateReportsAChangedAppliedMigrationAndRepairRealignsIt() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        write("V2__create_songs.sql", "create table songs (id bigint primary key, title text, artist text);\n");

        Results.Validation changed = run(m -> m.validate(true));

        assertFalse(changed.ok());
        String problems = String.join("\n", changed.problems());
        assertContains(problems, "checksum", "2");

        Results.Repair repair = run(Migrator::repair);
        assertTrue(
                repair.actions().stream().anyMatch(a -> a.startsWith("realigned checksum of 2")),
                repair.actions()::toString);

        Results.Validation after = run(m -> m.validate(true));
        assertTrue(after.ok(), after.problems()::toString);
    }

    // ---- connection failures ------------------------------------------------------------------------------------

    @Test
    void wrongPasswordFailsWithAConnectionErrorThatNeverShowsThePassword() throws Exception {
        threeMigrations();
        String wrong = "Wr0ng-Pa55word-xyz";

        MigrateException e = failure(Migrator::upgrade, "password", wrong);

        assertEquals(ErrorCode.CONNECTION, e.code());
        assertContains(
                e.getMessage(),
                "could not connect to the database",
                "password authentication failed",
                "nothing was changed",
                "check the user and password");
        assertNotContains(e.getMessage(), wrong);
        assertNotContains(e.getMessage(), TestPostgres.PASSWORD);
        for (MigrateEvent event : events) {
            assertNotContains(ConsoleText.text(event), wrong);
            assertNotContains(ConsoleText.text(event), TestPostgres.PASSWORD);
        }
        assertEquals(List.of(), tables());
    }

    @Test
    void unreachablePortFailsWithAConnectionErrorAskingToCheckServerHostAndPort() throws Exception {
        threeMigrations();
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        MigrateException e = failure(Migrator::upgrade, "url", "jdbc:postgresql://127.0.0.1:" + freePort + "/nowhere");

        assertEquals(ErrorCode.CONNECTION, e.code());
        assertContains(
                e.getMessage(),
                "could not connect to the database",
                "nothing was changed",
                "check that the server is running and the host and port in the URL are right");
        assertNotContains(e.getMessage(), TestPostgres.PASSWORD);
    }

    // ---- create -------------------------------------------------------------------------------------------------

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T10:15:00Z"), ZoneOffset.UTC);

    private List<String> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(migrations)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createWritesATimestampedMigrationAndItsUndoScript() throws Exception {
        Results.Create created =
                new MigrationCreator(settings(), events::add, FIXED).create("Add user preferences table");

        assertEquals("20261124101500", created.version());
        assertEquals(migrations.resolve("V20261124101500__add_user_preferences_table.sql"), created.migration());
        assertEquals(migrations.resolve("U20261124101500__add_user_preferences_table.sql"), created.undo());
        assertEquals(
                List.of(
                        "U20261124101500__add_user_preferences_table.sql",
                        "V20261124101500__add_user_preferences_table.sql"),
                migrationFiles());
        assertContains(Files.readString(created.migration()), "-- Add user preferences table");
        assertContains(Files.readString(created.undo()), "Undo of V20261124101500__add_user_preferences_table.sql");
        assertEquals(List.of(), created.warnings());
        assertTrue(warnLines().isEmpty(), warnLines()::toString);
    }

    @Test
    void createWarnsWhenTheNameDoesNotStartWithAnActionWord() throws Exception {
        Results.Create created = new MigrationCreator(settings(), events::add, FIXED).create("user preferences");

        assertEquals(1, created.warnings().size());
        assertContains(
                created.warnings().get(0),
                "'user_preferences' does not start with an action word",
                "add_user_preferences");
        assertEquals(created.warnings(), warnLines());
        assertTrue(Files.exists(created.migration()));
    }

    @Test
    void createRefusesAnEmptyMessageOrOneThatLooksLikeAPath() throws Exception {
        MigrationCreator creator = new MigrationCreator(settings(), events::add, FIXED);

        MigrateException empty = assertThrows(MigrateException.class, () -> creator.create("  "));
        assertEquals(ErrorCode.CONFIGURATION, empty.code());
        assertContains(empty.getMessage(), "create needs a message", "nothing was written");

        MigrateException slash = assertThrows(MigrateException.class, () -> creator.create("add ../../etc/passwd"));
        assertContains(slash.getMessage(), "contains a path", "nothing was written");
        MigrateException dots = assertThrows(MigrateException.class, () -> creator.create("add..table"));
        assertContains(dots.getMessage(), "contains a path", "nothing was written");
        MigrateException sub = assertThrows(MigrateException.class, () -> creator.create("add/table"));
        assertContains(sub.getMessage(), "contains a path", "nothing was written");

        assertEquals(List.of(), migrationFiles());
    }

    @Test
    void sequentialVersionSchemeUsesTheHighestVersionPlusOne() throws Exception {
        threeMigrations();

        Results.Create created = new MigrationCreator(settings("versionScheme", "sequential"), events::add, FIXED)
                .create("Add tabs table");

        assertEquals("4", created.version());
        assertTrue(Files.exists(migrations.resolve("V4__add_tabs_table.sql")));
        assertTrue(Files.exists(migrations.resolve("U4__add_tabs_table.sql")));
    }

    @Test
    void twoCreatesInTheSameSecondGetDifferentVersions() throws Exception {
        MigrationCreator creator = new MigrationCreator(settings(), events::add, FIXED);

        Results.Create first = creator.create("Add tabs table");
        Results.Create second = creator.create("Add tabs table");

        assertNotEquals(first.version(), second.version());
        assertEquals("20261124101501", second.version());
        assertEquals(4, migrationFiles().size());
        Results.Validation v = run(m -> m.validate(true));
        // no duplicate version: the only problems are the four files still being unedited templates
        assertEquals(4, v.problems().size(), v.problems()::toString);
        assertTrue(
                v.problems().stream()
                        .allMatch(p -> p.contains(" is still the unedited template migrate:create" + " wrote")),
                v.problems()::toString);
    }

    // ---- unedited templates and edited applied migrations (issue 12, item 4) -----------------------------------

    private List<String> historyRows() throws SQLException {
        return query("select installed_rank || '|' || coalesce(version, '') || '|' || checksum || '|' || success"
                + " from flyway_schema_history order by installed_rank");
    }

    @Test
    void upgradeRefusesAnUneditedTemplateNamingItAndAppliesNothing() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        Results.Create created = new MigrationCreator(settings(), events::add, FIXED).create("Add shipping note");
        write("V4__add_orders.sql", "create table orders (id bigint primary key);\n");
        List<String> history = historyRows();
        List<String> audit = query("select id || '|' || outcome from migrate_audit order by id");

        for (Executor executor : Executor.values()) {
            MigrateException e = failure(executor, Migrator::upgrade);
            assertEquals(ErrorCode.VALIDATION, e.code());
            assertEquals(
                    "upgrade refused: V20261124101500__add_shipping_note.sql is still the unedited template"
                            + " migrate:create wrote and holds no SQL statement, so upgrade would record it as applied"
                            + " while changing nothing, and SQL written into it later would never run; nothing was"
                            + " changed (write the migration's SQL into " + created.migration() + ", or delete it and"
                            + " its undo script if no migration is needed; to keep a migration that changes nothing on"
                            + " purpose, delete its line '-- migrate:template')",
                    e.getMessage());
        }
        assertEquals(history, historyRows(), "the history is untouched");
        assertEquals(audit, query("select id || '|' || outcome from migrate_audit order by id"));
        assertFalse(tables().contains("orders"), "not even the migration before the template ran");

        // an upgrade that stops below the template does not need it
        run(Migrator::upgrade, "target", "4");
        assertEquals(List.of("1", "2", "3", "4"), historyVersions());

        Files.writeString(
                created.migration(),
                Files.readString(created.migration()) + "alter table orders add column shipping_note text;\n");
        run(Migrator::upgrade);
        assertEquals(List.of("1", "2", "3", "4", "20261124101500"), historyVersions());
        assertTrue(columnExists("orders", "shipping_note"));
    }

    @Test
    void upgradeRefusesATemplateOfAnEarlierVersionOfCreateButNotAHandWrittenCommentOnlyMigration() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        write("V2__kept_number.sql", "-- reverted: kept so the version number stays taken\n");
        write(
                "V3__add_x.sql",
                "-- Add x\n-- Version 3, created 2026-11-20T09:00:00Z by migrate:create.\n--\n"
                        + "-- Review before committing:\n\n");

        MigrateException e = failure(Migrator::init);
        assertContains(
                e.getMessage(),
                "init refused: V3__add_x.sql is still the unedited template",
                "nothing was" + " changed",
                "delete its line '-- Version 3, created 2026-11-20T09:00:00Z by migrate:create.'");
        assertEquals(List.of(), tables());

        Files.delete(migrations.resolve("V3__add_x.sql"));
        run(Migrator::upgrade);
        assertEquals(List.of("1", "2"), historyVersions());
    }

    @Test
    void downgradeRefusesAnUneditedUndoTemplateAndUndoesNothing() throws Exception {
        threeMigrations();
        Results.Create created = new MigrationCreator(settings(), events::add, FIXED).create("Add orders table");
        Files.writeString(
                created.migration(),
                Files.readString(created.migration()) + "create table orders (id bigint primary key);\n");
        run(Migrator::upgrade);
        List<String> history = historyRows();

        MigrateException e = failure(m -> m.downgrade(), "steps", "2");

        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals(
                "downgrade refused: undo script U20261124101500__add_orders_table.sql is still the unedited"
                        + " template migrate:create wrote and holds no SQL statement, so downgrade would remove version"
                        + " 20261124101500 from the history table while undoing nothing; nothing was changed (write the SQL"
                        + " that reverses V20261124101500__add_orders_table.sql into " + created.undo() + ", then run"
                        + " migrate:downgrade -Dmigrate.steps=2 with the same -Dmigrate.url again; if the migration changed"
                        + " nothing, delete the line '-- migrate:template'"
                        + " instead)",
                e.getMessage());
        assertEquals(history, historyRows());
        assertTrue(tables().contains("orders"));
        assertTrue(columnExists("users", "email"), "V3 was not undone either");

        Files.writeString(created.undo(), Files.readString(created.undo()) + "drop table orders;\n");
        run(Migrator::downgrade);
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertFalse(tables().contains("orders"));
    }

    @Test
    void validateReportsUneditedTemplatesAsProblems() throws Exception {
        threeMigrations();
        Results.Create created = new MigrationCreator(settings(), events::add, FIXED).create("Add orders table");

        Results.Validation v = run(m -> m.validate(false));

        assertFalse(v.ok());
        assertEquals(
                List.of(
                        "U20261124101500__add_orders_table.sql is still the unedited template migrate:create"
                                + " wrote and holds no SQL statement (write the SQL that reverses"
                                + " V20261124101500__add_orders_table.sql into it; downgrade refuses it as it is)",
                        "V20261124101500__add_orders_table.sql is still the unedited template migrate:create wrote and holds"
                                + " no SQL statement (write the migration's SQL into it, or delete it and its undo script;"
                                + " upgrade refuses it as it is)"),
                v.problems());
        Files.writeString(created.migration(), "create table orders (id bigint primary key);\n");
        Files.writeString(created.undo(), "drop table orders;\n");
        assertTrue(run(m -> m.validate(true)).ok());
    }

    @Test
    void migrationsNamedInAnyScriptAreAppliedByBothExecutorsAndValidate() throws Exception {
        MigrationCreator creator = new MigrationCreator(settings("versionScheme", "sequential"), events::add, FIXED);
        Results.Create cafe = creator.create("Add café table");
        Results.Create cyrillic = creator.create("Добавить таблицу заказов");
        Files.writeString(cafe.migration(), "create table cafe (id int);\n");
        Files.writeString(cafe.undo(), "drop table cafe;\n");
        Files.writeString(cyrillic.migration(), "create table zakazy (id int);\n");
        Files.writeString(cyrillic.undo(), "drop table zakazy;\n");
        assertEquals("V1__add_café_table.sql", cafe.migration().getFileName().toString());

        run(Migrator::upgrade);
        assertEquals(List.of("1", "2"), historyVersions());
        assertEquals(
                List.of(
                        "add café table|V1__add_café_table.sql",
                        "добавить таблицу заказов|V2__добавить_таблицу_заказов.sql"),
                query("select description || '|' ||"
                        + " script from flyway_schema_history where version is not null order by installed_rank"));
        Results.Validation v = run(m -> m.validate(true));
        assertTrue(v.ok(), v.problems()::toString);

        run(m -> m.downgrade(), "target", "0");
        run(Executor.FLYWAY, Migrator::upgrade);
        assertEquals(List.of("1", "2"), historyVersions());
        assertTrue(tables().containsAll(List.of("cafe", "zakazy")), tables()::toString);
    }

    @Test
    void aChangedAppliedMigrationIsRefusedNamingTheFileBothChecksumsAndWhyRepairIsNoFix() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        String recorded = query("select checksum from flyway_schema_history where version = '2'")
                .get(0);
        String edited = "create table songs (id bigint primary key, title text, artist text);\n";
        write("V2__create_songs.sql", edited);
        int now = dev.dbmigrate.history.Checksum.of(edited);
        String mismatch = "checksum mismatch: V2__create_songs.sql was changed after version 2 was applied (the"
                + " history table records checksum " + recorded + ", the file now has checksum " + now + ")";
        String fix = "migrate:repair would only record the file's new checksum in the history table and run"
                + " nothing, so the change would never reach the database; instead restore the file as it was"
                + " applied (for example with git checkout) and put the change into a new migration with"
                + " migrate:create, or, on a database you can throw away, run migrate:drop and then"
                + " migrate:upgrade to apply every migration as the files are now";
        List<String> history = historyRows();

        for (Executor executor : Executor.values()) {
            MigrateException e = failure(executor, Migrator::upgrade);
            assertEquals(ErrorCode.VALIDATION, e.code());
            assertEquals("upgrade refused: " + mismatch + "; nothing was changed (" + fix + ")", e.getMessage());
        }
        assertEquals(history, historyRows());

        Results.Validation v = run(m -> m.validate(true));
        assertEquals(List.of(mismatch + " (" + fix + ")"), v.problems(), "told once, in this project's words");
        for (String p : v.problems()) {
            assertNotContains(p, "rd.gt");
            assertNotContains(p, "Either revert");
        }
        assertFalse(columnExists("songs", "artist"));

        Results.Repair repair = run(Migrator::repair);
        assertContains(
                String.join("\n", repair.actions()),
                "realigned checksum of 2 create songs (only recorded in"
                        + " the history table: none of the file's SQL was run, the database keeps what was applied)");
        assertFalse(columnExists("songs", "artist"), "repair runs nothing");
    }

    @Test
    void flywaysOwnValidationReportsAChecksumMismatchInThisProjectsWords() throws Exception {
        threeMigrations();
        run(Migrator::upgrade);
        write("V3__add_users_email.sql", "alter table users add column email text; -- edited\n");
        String recorded = query("select checksum from flyway_schema_history where version = '3'")
                .get(0);

        write("V4__add_users_phone.sql", "alter table users add column phone text;\n");
        var gateway = new dev.dbmigrate.flyway.FlywayGateway(
                new dev.dbmigrate.flyway.FlywaySetup(
                        url,
                        "postgres",
                        TestPostgres.PASSWORD,
                        List.of("public"),
                        List.of(migrations),
                        "flyway_schema_history",
                        null,
                        null,
                        false,
                        null),
                events::add);
        String mismatch = "checksum mismatch: V3__add_users_email.sql was changed after version 3 was applied (the"
                + " history table records checksum " + recorded + ", the file now has checksum "
                + dev.dbmigrate.history.Checksum.of(Files.readString(migrations.resolve("V3__add_users_email.sql")))
                + ") (migrate:repair would only record";

        List<String> problems = gateway.validate();
        assertEquals(1, problems.size(), problems::toString);
        assertContains(problems.get(0), mismatch);
        assertNotContains(problems.get(0), "rd.gt");

        // Flyway's migrate validates first: its refusal comes in the same words, and nothing is applied
        MigrateException e = assertThrows(MigrateException.class, () -> gateway.migrate((m, c) -> {}));
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertContains(e.getMessage(), "the migrations failed validation, so none was applied: " + mismatch);
        assertNotContains(e.getMessage(), "rd.gt");
        assertNotContains(e.getMessage(), "Either revert");
        assertEquals(List.of("1", "2", "3"), historyVersions());
        assertFalse(columnExists("users", "phone"));
    }

    // ---- no network calls ---------------------------------------------------------------------------------------

    @Test
    void upgradeConnectsToNothingButTheDatabase() throws Exception {
        threeMigrations();
        List<URI> seen = Collections.synchronizedList(new ArrayList<>());
        ProxySelector original = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                seen.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        });
        try {
            run(Migrator::upgrade);
        } finally {
            ProxySelector.setDefault(original);
        }

        DatabaseUrl db = DatabaseUrl.parse(url, "test");
        assertEquals("127.0.0.1", db.host());
        assertFalse(seen.isEmpty(), "the recording selector saw the database connections");
        for (URI uri : seen) {
            if (!"127.0.0.1".equals(uri.getHost()) || uri.getPort() != db.port()) {
                fail("connection to something other than the database: " + uri + " (all: " + seen + ")");
            }
        }
        assertEquals(List.of("1", "2", "3"), historyVersions());
    }

    @Test
    void upgradeRefusesAMigrationOlderThanTheCurrentVersionUnlessOutOfOrderIsSet() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        write("V3__create_tabs.sql", "create table tabs (id bigint primary key);\n");
        run(Migrator::upgrade);
        write("V2__create_songs.sql", "create table songs (id bigint primary key);\n");

        MigrateException refused = failure(Migrator::upgrade);
        assertEquals(ErrorCode.REFUSED, refused.code());
        assertEquals(
                "upgrade refused: V2__create_songs.sql is older than the current version 3 but was never applied"
                        + " (typically a branch merged after newer migrations ran); nothing was changed (apply it with"
                        + " -Dmigrate.outOfOrder=true if it does not depend on the newer ones, or give it a newer version)",
                refused.getMessage());
        assertEquals(List.of("1", "3"), historyVersions());
        Results.Current current = run(Migrator::current);
        assertEquals(
                List.of("2"),
                current.outOfOrder().stream().map(MigrationInfo::version).toList());

        run(Migrator::upgrade, "outOfOrder", "true");
        assertEquals(List.of("1", "3", "2"), historyVersions());
    }

    @Test
    void profileLockTimeoutStopsAMigrationThatWaitsForALockInsteadOfQueueingBehindIt() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        write("V2__add_users_email.sql", "alter table users add column email text;\n");
        run(Migrator::upgrade, "target", "1");
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/locked.yml"), "lockTimeout: 200ms\nstatementTimeout: 1min\n");
        try (Connection holder = connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("lock table users in access share mode");
            MigrateException e = failure(Migrator::upgrade, "env", "locked");
            assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
            assertTrue(
                    e.getMessage()
                            .contains("V2__add_users_email.sql failed at line 1: ERROR: canceling statement"
                                    + " due to lock timeout"),
                    e.getMessage());
            holder.rollback();
        }
        assertEquals(List.of("1"), historyVersions());
        run(Migrator::upgrade, "env", "locked");
        assertEquals(List.of("1", "2"), historyVersions());
    }

    private Database database() {
        return Database.open(settings(), MigrateListener.NONE);
    }

    @Test
    void upgradeWaitsForTheLockAndGivesUpNamingTheHolder() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        try (Database db = database();
                MigrationLock held = MigrationLock.acquire(
                        db, "public", "flyway_schema_history", "upgrade", Duration.ZERO, MigrateListener.NONE)) {
            MigrateException e = failure(Migrator::upgrade, "lockWait", "1s");
            assertEquals(ErrorCode.REFUSED, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith("upgrade gave up after waiting 1 s for the migration lock on"
                                    + " public.flyway_schema_history, held by 'migrate upgrade by "),
                    e.getMessage());
            assertTrue(
                    e.getMessage().contains(" pid " + ProcessHandle.current().pid() + "' (server process "),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .endsWith("; nothing was changed (let that run finish and try again, or wait"
                                    + " longer with -Dmigrate.lockWait=30min; a run that was killed releases the lock with its"
                                    + " connection)"),
                    e.getMessage());
            assertTrue(
                    infoLines().stream()
                            .anyMatch(l -> l.startsWith("Waiting up to 1 s for another migration"
                                    + " run on public.flyway_schema_history to finish: 'migrate upgrade by ")),
                    infoLines().toString());
        }
        assertEquals(List.of(), tables());
        run(Migrator::upgrade, "lockWait", "1s");
        assertEquals(List.of("1"), historyVersions());
    }

    @Test
    void lockOfARunWhoseConnectionDiedIsGoneAtOnce() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        try (Database db = database()) {
            MigrationLock held = MigrationLock.acquire(
                    db, "public", "flyway_schema_history", "upgrade", Duration.ZERO, MigrateListener.NONE);
            // the holder's server process dies, as when its client is killed: no row to delete, no manual repair
            try (Connection c = connect()) {
                c.createStatement()
                        .execute("select pg_terminate_backend(pid) from pg_stat_activity where"
                                + " application_name like 'migrate upgrade by %' and pid <> pg_backend_pid()");
            }
            run(Migrator::upgrade, "lockWait", "0s");
            assertEquals(List.of("1"), historyVersions());
            held.close();
        }
    }

    @Test
    void commentOnlyMigrationIsValidAndNotedInTheLog() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        write("V2__placeholder_for_reverted_change.sql", "-- reverted: kept so the version number stays taken\n");
        run(Migrator::upgrade);
        assertEquals(List.of("1", "2"), historyVersions());
        assertTrue(
                infoLines()
                        .contains("Note: V2__placeholder_for_reverted_change.sql holds no SQL statement (only"
                                + " comments or nothing); it will be recorded as applied and changes nothing"),
                infoLines().toString());
    }

    @Test
    void migrationWithBytesThatAreNotUtf8FailsNamingTheFileAndChangesNothing() throws Exception {
        write("V1__create_users.sql", "create table users (id bigint primary key);\n");
        Files.write(
                migrations.resolve("V2__add_name.sql"),
                new byte[] {'s', 'e', 'l', 'e', 'c', 't', ' ', '\'', (byte) 0xC3, (byte) 0x28, '\'', ';', '\n'});
        MigrateException e = failure(Migrator::upgrade);
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals(
                "V2__add_name.sql is not valid UTF-8: byte 9 (line 1) cannot be read; nothing was changed (save "
                        + migrations.resolve("V2__add_name.sql") + " as UTF-8)",
                e.getMessage());
        assertEquals(List.of(), tables(), "not even V1 ran: the files are read before the first migration");
    }
}
