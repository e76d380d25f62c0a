package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Scripts run together in one transaction, against the real PostgreSQL server the tests start. */
@Tag("postgres")
class ScriptRunnerTest {
    private Connection connection;
    private ScriptRunner runner;

    @BeforeEach
    void setUp() throws SQLException {
        connection = DriverManager.getConnection(TestPostgres.newDatabase("sr"), "postgres", TestPostgres.PASSWORD);
        try (Statement s = connection.createStatement()) {
            s.execute("create table done (script int, started timestamptz, ms bigint)");
        }
        runner = new ScriptRunner(connection, e -> {});
    }

    @AfterEach
    void tearDown() throws SQLException {
        connection.close();
    }

    /** Script {@code n}: its statements, then a row in {@code done} timed by the server. */
    private static ScriptRunner.Script script(int n, String sql) {
        return new ScriptRunner.Script(
                SqlScript.parse(sql),
                List.of(ScriptRunner.serverTimed(
                        (started, ms) -> "insert into done select " + n + ", " + started + ", " + ms)));
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private List<String> tables() throws SQLException {
        return query("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_name like 't%' order by table_name");
    }

    @Test
    void scriptsRunTogetherCommitTogetherAndEachIsTimedFromTheEndOfTheOneBefore() throws Exception {
        List<ScriptRunner.Script> scripts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            scripts.add(script(
                    i,
                    "create table t" + i + " (id int);\ninsert into t" + i + " values (" + i + ");\n"
                            + "select pg_sleep(0.02);\n"));
        }

        runner.runTogether(scripts);
        runner.reset();

        assertEquals(List.of("t1", "t2", "t3", "t4", "t5"), tables());
        assertEquals(List.of("1", "2", "3", "4", "5"), query("select script from done order by started"));
        // one transaction: the first script starts with it, and each of the others where the one before it ended
        assertEquals(List.of("1"), query("select count(distinct xmin::text) from done"));
        List<String> ms = query("select ms from done order by script");
        for (String each : ms) {
            assertTrue(Long.parseLong(each) >= 20 && Long.parseLong(each) < 5_000, "each script slept 20 ms: " + ms);
        }
        assertEquals(
                List.of("true"),
                query("select bool_and(next - started >= interval '20 ms')::text"
                        + " from (select started, lead(started) over (order by script) as next from done) d"
                        + " where next is not null"));
    }

    @Test
    void aFailingScriptLeavesWhatRunningThemOneAtATimeWouldHave() throws Exception {
        List<ScriptRunner.Script> scripts = List.of(
                script(1, "create table t1 (id int);\n"),
                script(2, "create table t2 (id int);\n"),
                script(3, "create table t3 (id int);\n"),
                script(4, "create table t4 (id int);\n\ninsert into no_such_table values (1);\n"),
                script(5, "create table t5 (id int);\n"));

        ScriptRunner.GroupFailure failure =
                assertThrows(ScriptRunner.GroupFailure.class, () -> runner.runTogether(scripts));
        runner.reset();

        assertEquals(3, failure.index());
        assertEquals(3, failure.failure().line());
        assertTrue(failure.getMessage().contains("relation \"no_such_table\" does not exist"), failure.getMessage());
        assertEquals(List.of("t1", "t2", "t3"), tables(), "the scripts before the failing one are committed");
        assertEquals(List.of("1", "2", "3"), query("select script from done order by script"));
    }

    @Test
    void aScriptThatFailsOnlyInTheGroupIsRunOnItsOwnAndTheRestGoOnTogether() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("create type mood as enum ('happy')");
            s.execute("create table feelings (m mood)");
        }
        // script 3 uses the value script 2 adds, which PostgreSQL allows only once script 2 has committed
        List<ScriptRunner.Script> scripts = List.of(
                script(1, "create table t1 (id int);\n"),
                script(2, "alter type mood add value 'sad';\n"),
                script(3, "insert into feelings values ('sad');\n"),
                script(4, "create table t4 (id int);\n"),
                script(5, "create table t5 (id int);\n"));

        runner.runTogether(scripts);
        runner.reset();

        assertEquals(List.of("sad"), query("select m::text from feelings"));
        assertEquals(List.of("t1", "t4", "t5"), tables());
        assertEquals(List.of("1", "2", "3", "4", "5"), query("select script from done order by script"));
        assertEquals(
                List.of("3"),
                query("select count(distinct xmin::text) from done"),
                "1 and 2 committed together, 3 alone, 4 and 5 together");
    }

    @Test
    void aScriptThatFailsAloneToo() throws Exception {
        List<ScriptRunner.Script> scripts = List.of(
                script(1, "create table t1 (id int);\n"),
                script(2, "create table t1 (id int);\n"),
                script(3, "create table t3 (id int);\n"));

        ScriptRunner.GroupFailure failure =
                assertThrows(ScriptRunner.GroupFailure.class, () -> runner.runTogether(scripts));
        runner.reset();

        assertEquals(1, failure.index());
        assertTrue(failure.getMessage().contains("relation \"t1\" already exists"), failure.getMessage());
        assertEquals(List.of("t1"), tables());
        assertEquals(List.of("1"), query("select script from done"));
    }

    @Test
    void theFirstScriptFailingCommitsNothing() throws Exception {
        List<ScriptRunner.Script> scripts = List.of(
                script(1, "create table t1 (id int);\nselect 1/0;\n"), script(2, "create table t2 (id int);\n"));
        ScriptRunner.GroupFailure failure =
                assertThrows(ScriptRunner.GroupFailure.class, () -> runner.runTogether(scripts));
        runner.reset();

        assertEquals(0, failure.index());
        assertEquals(2, failure.failure().line());
        assertEquals(List.of(), tables());
        assertEquals(List.of(), query("select script from done"));
    }

    @Test
    void aFailureAtCommitIsPlacedByRunningTheScriptsOneAtATime() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("create table parent (id int primary key)");
            s.execute("create table child (parent_id int references parent deferrable initially deferred)");
        }
        List<ScriptRunner.Script> scripts = List.of(
                script(1, "create table t1 (id int);\n"),
                script(2, "insert into child values (42);\n"),
                script(3, "create table t3 (id int);\n"));

        ScriptRunner.GroupFailure failure =
                assertThrows(ScriptRunner.GroupFailure.class, () -> runner.runTogether(scripts));
        runner.reset();

        assertEquals(1, failure.index(), "the deferred foreign key fails at the commit of script 2");
        assertNull(failure.failure().statement(), "it failed at COMMIT, not at a statement");
        assertTrue(failure.getMessage().contains("foreign key"), failure.getMessage());
        assertEquals(List.of("t1"), tables());
        assertEquals(List.of(), query("select parent_id::text from child"));
        assertEquals(List.of("1"), query("select script from done"));
    }

    @Test
    void groupsGrowWhileQuickShrinkWhenSlowAndNeverTakeAScriptThatCannotShare() {
        List<String> scripts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            scripts.add(i == 5 ? "alone" : "quick");
        }
        CommitGroups groups = new CommitGroups(true);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 100; ) {
            int end = groups.end(scripts, i, "quick"::equals);
            sizes.add(end - i);
            groups.took(1_000_000); // 1 ms: quick
            i = end;
        }
        assertEquals(List.of(1, 2, 2, 1, 16, 32, 64), sizes, "a script that cannot share goes alone (the 4th group)");
        assertEquals(64, groups.end(scripts, 100, "quick"::equals) - 100, "at most 64 in a group");
        groups.took(300_000_000); // 300 ms: slow, so half the size
        assertEquals(32, groups.end(scripts, 100, "quick"::equals) - 100);
        groups.took(100_000_000); // between 50 and 200 ms: the size stays
        assertEquals(32, groups.end(scripts, 100, "quick"::equals) - 100);

        CommitGroups alone = new CommitGroups(false);
        for (int i = 0; i < 10; i++) {
            assertEquals(1, alone.end(scripts, 100 + i, "quick"::equals) - 100 - i);
            alone.took(1_000_000);
        }
    }

    @Test
    void scriptsThatChangeASettingAreToldApart() {
        for (String sql : List.of(
                "set local lock_timeout = '1s';",
                "-- first\n/* then */ SET search_path = x;",
                "reset all;",
                "select set_config('a.b', 'c', true);",
                "set role reader;",
                "alter table t owner to someone_else; set session authorization default;")) {
            assertTrue(ScriptRunner.changesSettings(statements(sql)), sql);
        }
        for (String sql : List.of(
                "alter table t alter column c set default 1;",
                "update t set c = 1;",
                "create table settings (id int);",
                "drop table t;")) {
            assertFalse(ScriptRunner.changesSettings(statements(sql)), sql);
        }
    }

    private static List<SqlStatement> statements(String sql) {
        return SqlScript.parse(sql);
    }
}
