package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two executors of an upgrade, the direct one (the default) and Flyway's migrate
 * ({@code -Ddbmigrate.executor=flyway}), run one corpus of migrations each into a fresh database of the real test
 * server, and leave the same history table, row by row, on every column but the time of the run
 * ({@code installed_on}, {@code execution_time}), and take the same advisory locks while a migration runs, as
 * {@code pg_locks} shows them. The corpus probes what Flyway records: a byte-order mark, CRLF and lone CR line ends,
 * leading zeros in a version, a subfolder, a {@code CREATE INDEX CONCURRENTLY} outside a transaction, a dollar-quoted
 * body, an empty script and a comment-only one, names in other scripts; then a downgrade with undo scripts and the
 * upgrade again, and an out-of-order migration. Last, a repeatable migration and a placeholder, which the default
 * executor hands to Flyway (it says so), must still leave the same rows.
 */
@Tag("postgres")
class ExecutorEquivalenceTest {
    /** The advisory lock the gated migration waits for, which the test holds until it has read the locks. */
    private static final int GATE_KEY = 4243;

    private static final String HISTORY = "select installed_rank, version, description, type, script, checksum,"
            + " installed_by, success from flyway_schema_history order by installed_rank";

    @TempDir
    Path leanProject;

    @TempDir
    Path flywayProject;

    @Test
    void bothExecutorsWriteTheSameHistoryAndTakeTheSameLocks() throws Exception {
        EngineFixture lean = new EngineFixture(leanProject, "eq_lean");
        EngineFixture flyway = new EngineFixture(flywayProject, "eq_flyway");
        for (EngineFixture fx : List.of(lean, flyway)) {
            corpus(fx);
        }

        List<Long> leanLocks = upgradeAtTheGate(lean, false);
        List<Long> flywayLocks = upgradeAtTheGate(flyway, true);
        assertEquals(flywayLocks, leanLocks, "the same advisory locks while a migration runs");
        long flywaysKey = new HistoryTable("public", "flyway_schema_history").flywayLockKey();
        assertTrue(leanLocks.contains(flywaysKey), "Flyway's own lock on the history table: " + leanLocks);
        assertEquals(2, leanLocks.size(), "Flyway's lock and this tool's own: " + leanLocks);
        assertSameHistory(lean, flyway, 8);

        for (EngineFixture fx : List.of(lean, flyway)) {
            run(fx, Migrator::downgrade, false, "steps", "3");
        }
        assertSameHistory(lean, flyway, 5);
        run(lean, Migrator::upgrade, false);
        run(flyway, Migrator::upgrade, true);
        assertSameHistory(lean, flyway, 8);

        for (EngineFixture fx : List.of(lean, flyway)) {
            fx.write("V1_5__add_users_note.sql", "alter table users add column note text;\n");
            fx.write("U1_5__add_users_note.sql", "alter table users drop column note;\n");
        }
        run(lean, Migrator::upgrade, false, "outOfOrder", "true");
        run(flyway, Migrator::upgrade, true, "outOfOrder", "true");
        assertSameHistory(lean, flyway, 9);
        assertDirect(lean);

        for (EngineFixture fx : List.of(lean, flyway)) {
            fx.write("R__users_view.sql", "create or replace view users_view as select id, email from users;\n");
            fx.write("V8__in_default_schema.sql", "create table ${flyway:defaultSchema}.placed (id int);\n");
            fx.write("U8__in_default_schema.sql", "drop table placed;\n");
        }
        run(lean, Migrator::upgrade, false);
        run(flyway, Migrator::upgrade, true);
        assertSameHistory(lean, flyway, 11);
        synchronized (lean.events) {
            assertTrue(
                    lean.events.stream()
                            .anyMatch(e ->
                                    ConsoleText.text(e).startsWith("This run goes through" + " Flyway's migrate: ")),
                    "repeatable migrations and placeholders are Flyway's to apply");
        }
    }

    /** Versioned migrations that probe what Flyway records, each with its undo script; V7 waits at the gate. */
    private static void corpus(EngineFixture fx) throws IOException {
        Files.write(
                fx.migrations.resolve("V1__create_users.sql"),
                ("\uFEFFcreate table users (id bigint primary"
                                + " key, role text);\r\ninsert into users values (1, 'admin');\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        fx.write("U1__create_users.sql", "drop table users;\n");
        fx.write(
                "V1_01__add_email.sql",
                "alter table users add column email text;\r-- caf\u00e9 \u2603 \uD83D\uDE00" + "\rselect 1");
        fx.write("U1_01__add_email.sql", "alter table users drop column email;\n");
        fx.write("sub/V2__index_email.sql", "create index concurrently users_email_idx on users (email);\n");
        fx.write("sub/U2__index_email.sql", "drop index concurrently users_email_idx;\n");
        fx.write("V3__nothing_yet.sql", "-- reserved\n");
        fx.write("U3__nothing_yet.sql", "-- nothing to undo\n");
        fx.write("V4__empty.sql", "");
        fx.write("U4__empty.sql", "");
        fx.write(
                "V5__function_with_body.sql",
                "create function add_one(x int) returns int language plpgsql as $$\n"
                        + "begin\n  return x + 1; -- ';' inside\nend;\n$$;\nselect add_one(1);\n");
        fx.write("U5__function_with_body.sql", "drop function add_one(int);\n");
        fx.write("V6__add_caf\u00e9_table.sql", "create table caf\u00e9 (id int, name text default 'na\u00efve');\n");
        fx.write("U6__add_caf\u00e9_table.sql", "drop table caf\u00e9;\n");
        fx.write(
                "V7__create_orders_at_the_gate.sql",
                "create table orders (id int);\nselect pg_advisory_xact_lock(" + GATE_KEY + ");\n");
        fx.write("U7__create_orders_at_the_gate.sql", "drop table orders;\n");
    }

    /**
     * Upgrades while the test holds the gate V7 waits at, and returns the advisory locks granted in the database
     * (other than the gate) while V7 runs, sorted.
     */
    private List<Long> upgradeAtTheGate(EngineFixture fx, boolean throughFlyway) throws Exception {
        try (Connection gate = connect(fx)) {
            execute(gate, "select pg_advisory_lock(" + GATE_KEY + ")");
            CompletableFuture<Results.Upgrade> upgrade =
                    Background.supply(() -> run(fx, Migrator::upgrade, throughFlyway));
            waitAtTheGate(fx, upgrade);
            List<Long> locks = fx
                    .query("select ((classid::bigint << 32) | objid::bigint)::text from pg_locks"
                            + " where locktype = 'advisory' and granted and objsubid = 1 and not (classid = 0 and objid = "
                            + GATE_KEY
                            + ") and database = (select oid from pg_database where datname = current_database())"
                            + " order by 1")
                    .stream()
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
            execute(gate, "select pg_advisory_unlock(" + GATE_KEY + ")");
            assertEquals(8, upgrade.get(60, TimeUnit.SECONDS).applied().size());
            return locks;
        }
    }

    private static void waitAtTheGate(EngineFixture fx, CompletableFuture<?> upgrade) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fx.query("select 1 from pg_locks where locktype = 'advisory' and not granted and classid = 0"
                        + " and objid = " + GATE_KEY)
                .isEmpty()) {
            if (upgrade.isDone()) {
                upgrade.get(); // its failure, if it failed
                throw new AssertionError("the upgrade finished without waiting at the gate");
            }
            assertTrue(System.nanoTime() < deadline, "the upgrade did not reach the gate in 60 s");
            Thread.sleep(50);
        }
    }

    /** Runs one command; through Flyway's migrate when {@code throughFlyway}. */
    private static <T> T run(
            EngineFixture fx, Function<Migrator, T> command, boolean throughFlyway, String... settings) {
        MigrateSettings chosen = fx.settings(settings)
                .withExecutor(throughFlyway ? MigrateSettings.Executor.FLYWAY : MigrateSettings.Executor.DIRECT);
        try (Migrator migrator = new Migrator(chosen, fx.events::add)) {
            return command.apply(migrator);
        }
    }

    private static void assertSameHistory(EngineFixture lean, EngineFixture flyway, int rows) throws SQLException {
        List<String> expected = flyway.query(HISTORY);
        assertEquals(rows, expected.size(), expected::toString);
        assertEquals(expected, lean.query(HISTORY));
    }

    /** The default executor applied everything itself so far: the comparison was not Flyway against Flyway. */
    private static void assertDirect(EngineFixture fx) {
        synchronized (fx.events) {
            List<String> handedOver = fx.events.stream()
                    .map(ConsoleText::text)
                    .filter(m -> m.startsWith("This run goes through Flyway's migrate: "))
                    .toList();
            assertEquals(List.of(), handedOver);
        }
    }

    private static Connection connect(EngineFixture fx) throws SQLException {
        return DriverManager.getConnection(fx.url, "postgres", TestPostgres.PASSWORD);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
