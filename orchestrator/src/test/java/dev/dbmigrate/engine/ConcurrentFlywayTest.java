package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that runs Flyway at start-up (a real {@code Flyway.migrate()} from the Flyway API, as Spring Boot
 * calls it) at the same time as {@code migrate:upgrade} or {@code migrate:downgrade} on the same history table: each
 * waits for the other's lock, every migration is applied exactly once, both finish cleanly. The slow migration waits at
 * a gate the test holds (an advisory lock), and the tests order the two by what the server shows ({@code pg_locks},
 * {@code pg_stat_activity}), never by sleeping.
 */
@Tag("postgres")
class ConcurrentFlywayTest {
    private static final long WAIT_MILLIS = 30_000;
    /** The advisory lock a slow migration waits for, which the test holds until it opens the gate. */
    private static final int GATE_KEY = 4242;
    /** A slow migration's last statement: it waits at the gate (the test decides when it goes on, not a clock). */
    private static final String GATE = "select pg_advisory_xact_lock(" + GATE_KEY + ");\n";

    private final List<Connection> gates = new ArrayList<>();

    @TempDir
    Path project;

    private Path migrations;
    private String url;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws IOException {
        migrations = project.resolve("db/migration");
        Files.createDirectories(migrations);
        url = TestPostgres.newDatabase("cf");
    }

    @Test
    void upgradeWaitsForTheMigrationFlywayIsApplyingThenAppliesOnlyWhatIsLeft() throws Exception {
        write("V1__create_a.sql", "create table a (id int);\n");
        write("V2__create_b_slowly.sql", "create table b (id int);\n" + GATE);
        write("V3__create_c.sql", "create table c (id int);\n");
        write("V4__create_d.sql", "create table d (id int);\n");
        Connection gate = closeGate();
        CompletableFuture<MigrateResult> app =
                Background.supply(() -> flyway(true).migrate());
        waitFor("Flyway to hold its lock in the slow V2", heldAtTheGate(null));
        CompletableFuture<Results.Upgrade> ours = Background.supply(() -> run(Migrator::upgrade));
        waitFor(
                "the upgrade to wait for Flyway's lock",
                () -> infoLines().stream()
                        .anyMatch(l -> l.startsWith(
                                "Waiting up to 60 s for an application or client running Flyway on public.flyway_schema_history to"
                                        + " finish its migration: ")));
        gate.close();

        MigrateResult flyway = app.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        Results.Upgrade upgrade = ours.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue(flyway.success);
        assertEquals(
                4,
                flyway.migrationsExecuted + upgrade.applied().size(),
                "flyway " + flyway.migrationsExecuted + ", upgrade " + upgrade.applied());
        assertEquals(List.of("1|1|t", "2|1|t", "3|1|t", "4|1|t"), history());
        assertEquals(List.of("a", "b", "c", "d"), tables());
    }

    @Test
    void flywayWaitsForTheUpgradeThenFindsNothingLeftToApply() throws Exception {
        write("V1__create_a.sql", "create table a (id int);\n");
        write("V2__create_b_slowly.sql", "create table b (id int);\n" + GATE);
        write("V3__create_c.sql", "create table c (id int);\n");
        Connection gate = closeGate();
        CompletableFuture<Results.Upgrade> ours = Background.supply(() -> run(Migrator::upgrade));
        waitFor("the upgrade to hold Flyway's lock in the slow V2", heldAtTheGate("migrate upgrade by %"));
        CompletableFuture<MigrateResult> app =
                Background.supply(() -> flyway(true).migrate());
        waitFor(
                "Flyway to try for its lock",
                "select count(*) from pg_stat_activity where pid <> pg_backend_pid()"
                        + " and query = 'SELECT pg_try_advisory_xact_lock("
                        + new HistoryTable("public", "flyway_schema_history").flywayLockKey() + ")'");
        gate.close();

        Results.Upgrade upgrade = ours.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        MigrateResult flyway = app.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue(flyway.success);
        assertEquals(3, upgrade.applied().size());
        assertEquals(0, flyway.migrationsExecuted);
        assertEquals(List.of("1|1|t", "2|1|t", "3|1|t"), history());
        assertEquals(List.of("a", "b", "c"), tables());
    }

    @Test
    void downgradeWaitsForTheMigrationFlywayIsApplyingAndUndoesThatOne() throws Exception {
        write("V1__create_a.sql", "create table a (id int);\n");
        write("U1__create_a.sql", "drop table a;\n");
        write("V2__create_b.sql", "create table b (id int);\n");
        write("U2__create_b.sql", "drop table b;\n");
        run(Migrator::upgrade);
        write("V3__create_c_slowly.sql", "create table c (id int);\n" + GATE);
        write("U3__create_c_slowly.sql", "drop table c;\n");
        // Flyway's session-level lock this time (flyway.postgresql.transactional.lock=false)
        Connection gate = closeGate();
        CompletableFuture<MigrateResult> app =
                Background.supply(() -> flyway(false).migrate());
        waitFor("Flyway to hold its lock in the slow V3", heldAtTheGate(null));
        events.clear();
        CompletableFuture<Results.Downgrade> ours = Background.supply(() -> run(Migrator::downgrade));
        waitFor(
                "the downgrade to wait for Flyway's lock",
                () -> infoLines().stream()
                        .anyMatch(
                                l -> l.startsWith(
                                        "Waiting up to 60 s for an application or client running Flyway on public.flyway_schema_history")));
        gate.close();

        MigrateResult flyway = app.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        Results.Downgrade downgrade = ours.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue(flyway.success);
        assertEquals(1, flyway.migrationsExecuted);
        assertEquals("3", downgrade.fromVersion());
        assertEquals("2", downgrade.toVersion());
        assertEquals(
                List.of("U3__create_c_slowly.sql"),
                downgrade.undone().stream().map(Results.Step::script).toList());
        assertEquals(List.of("1|1|t", "2|1|t"), history());
        assertEquals(List.of("a", "b"), tables());
    }

    @Test
    void everyWriterOfTheHistoryGivesUpOnFlywaysLockNamingItAndChangesNothing() throws Exception {
        write("V1__create_a.sql", "create table a (id int);\n");
        write("U1__create_a.sql", "drop table a;\n");
        run(Migrator::upgrade);
        write("V2__create_b.sql", "create table b (id int);\n");
        long key = new HistoryTable("public", "flyway_schema_history").flywayLockKey();
        try (Connection app = connect();
                Statement s = app.createStatement()) {
            s.execute("set application_name = 'spring-app'");
            s.execute("select pg_advisory_lock(" + key + ")");
            for (String command : List.of("upgrade", "downgrade", "repair", "drop")) {
                Function<Migrator, Object> action = switch (command) {
                    case "upgrade" -> Migrator::upgrade;
                    case "downgrade" -> Migrator::downgrade;
                    case "repair" -> Migrator::repair;
                    default -> Migrator::drop;
                };
                MigrateException e = org.junit.jupiter.api.Assertions.assertThrows(
                        MigrateException.class,
                        // drop of a database that is not the embedded one needs its name
                        () -> run(action, "lockWait", "0s", "confirm", url.substring(url.lastIndexOf('/') + 1)));
                assertEquals(ErrorCode.REFUSED, e.code(), command);
                assertTrue(
                        e.getMessage()
                                .startsWith(command + " gave up after waiting 0 s for Flyway's lock on"
                                        + " public.flyway_schema_history, held by 'spring-app' (server process "),
                        e.getMessage());
                assertTrue(
                        e.getMessage()
                                .endsWith("; nothing was changed (let that Flyway migration finish and try"
                                        + " again, or wait longer with -Dmigrate.lockWait=30min; a run that was killed releases the"
                                        + " lock with its connection)"),
                        e.getMessage());
            }
            // this project's own lock was let go again: another run is not kept waiting by the one that gave up
            assertEquals(
                    List.of("0"),
                    query("select count(*) from pg_locks where locktype = 'advisory'" + " and pid <> "
                            + backendPid(app)));
        }
        assertEquals(List.of("1|1|t"), history());
        assertEquals(List.of("a", "flyway_schema_history", "migrate_audit"), tablesWithTools());
        run(Migrator::upgrade, "lockWait", "0s");
        assertEquals(List.of("1|1|t", "2|1|t"), history());
    }

    @Test
    void initRecordingABaselineWaitsForTheMigrationLockLikeEveryOtherWriter() throws Exception {
        write("V1__create_a.sql", "create table a (id int);\n");
        write("V2__create_b.sql", "create table b (id int);\n");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("create table a (id int)");
        }
        try (Database db = Database.open(settings(), MigrateListener.NONE);
                MigrationLock held = MigrationLock.acquire(
                        db,
                        "public",
                        "flyway_schema_history",
                        "upgrade",
                        java.time.Duration.ZERO,
                        MigrateListener.NONE)) {
            MigrateException e = org.junit.jupiter.api.Assertions.assertThrows(
                    MigrateException.class, () -> run(Migrator::init, "baselineVersion", "1", "lockWait", "0s"));
            assertEquals(ErrorCode.REFUSED, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith("init gave up after waiting 0 s for the migration lock on"
                                    + " public.flyway_schema_history, held by 'migrate upgrade by "),
                    e.getMessage());
        }
        assertEquals(List.of("a"), tables());
        assertEquals(List.of("0"), query("select count(*) from pg_tables where tablename = 'flyway_schema_history'"));
        run(Migrator::init, "baselineVersion", "1", "lockWait", "0s");
        assertEquals(List.of("1|1|t", "2|1|t"), history());
    }

    @Test
    void flywayLockKeyIsFlywaysOwnForAnySchemaAndTableName() {
        // Flyway: LOCK_MAGIC_NUM + table.toString().hashCode(), the table printed as "schema"."table"
        assertEquals(
                77_431_708_279_161L + "\"public\".\"flyway_schema_history\"".hashCode(),
                new HistoryTable("public", "flyway_schema_history").flywayLockKey());
        assertEquals(
                77_431_708_279_161L + "\"App Data\".\"my\"\"history\"".hashCode(),
                new HistoryTable("App Data", "my\"history").flywayLockKey());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The application's Flyway, on the same folder and history table, configured as Flyway's defaults are. */
    private Flyway flyway(boolean transactionalLock) {
        FluentConfiguration config = Flyway.configure(ConcurrentFlywayTest.class.getClassLoader())
                .dataSource(url, "postgres", TestPostgres.PASSWORD)
                .locations("filesystem:" + migrations.toAbsolutePath());
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(transactionalLock);
        return config.load();
    }

    /**
     * A query that counts 1 once Flyway's lock on the history table is held (by a session whose application name is
     * like {@code holder}, when given) while a migration of this test waits at the gate.
     */
    private static String heldAtTheGate(String holder) {
        long key = new HistoryTable("public", "flyway_schema_history").flywayLockKey();
        return "select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory'"
                + " and l.granted and l.classid = " + (key >>> 32) + " and l.objid = " + (key & 0xffffffffL)
                + " and l.database = (select oid from pg_database where datname = current_database())"
                + (holder == null ? "" : " and a.application_name like '" + holder + "'")
                + " and exists (select 1 from pg_locks g where g.locktype = 'advisory' and not g.granted"
                + " and g.classid = 0 and g.objid = " + GATE_KEY
                + " and g.database = (select oid from pg_database where datname = current_database()))";
    }

    /**
     * Closes the gate the slow migrations wait at: an advisory lock held by a connection of the test's, which opens
     * it when it is closed.
     */
    private Connection closeGate() throws SQLException {
        Connection gate = connect();
        try (Statement s = gate.createStatement()) {
            s.execute("select pg_advisory_lock(" + GATE_KEY + ")");
        }
        gates.add(gate);
        return gate;
    }

    @org.junit.jupiter.api.AfterEach
    void openGates() throws SQLException {
        for (Connection gate : gates) {
            gate.close();
        }
    }

    private MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        props.put("locations", migrations.toString());
        props.put("lockWait", "60s");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    private <T> T run(Function<Migrator, T> command, String... extra) {
        try (Migrator migrator = new Migrator(settings(extra), events::add)) {
            return command.apply(migrator);
        }
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private List<String> infoLines() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> ConsoleText.level(e) == MigrateEvent.Level.INFO)
                    .map(ConsoleText::text)
                    .toList();
        }
    }

    private void waitFor(String what, String countQuery) throws Exception {
        waitFor(what, () -> {
            try {
                return !query(countQuery).get(0).equals("0");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events: " + events);
            }
            Thread.sleep(20); // polling the condition, not ordering the threads
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> query(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }

    /** Each applied version with how many rows record it and whether all succeeded. */
    private List<String> history() throws SQLException {
        return query("select version, count(*), bool_and(success) from flyway_schema_history where version is not"
                + " null group by version order by version::int");
    }

    private List<String> tables() throws SQLException {
        return query("select tablename from pg_tables where schemaname = 'public' and tablename not like 'migrate!_%'"
                + " escape '!' and tablename <> 'flyway_schema_history' order by 1");
    }

    private List<String> tablesWithTools() throws SQLException {
        return query("select tablename from pg_tables where schemaname = 'public' order by 1");
    }
}
