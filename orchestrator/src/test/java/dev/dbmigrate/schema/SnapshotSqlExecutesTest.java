package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dbmigrate.schema.SnapshotSqlExamples.Example;
import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The statements {@code SnapshotSqlTest} pins for every kind run on a real server, creates and then drops. */
@Tag("postgres")
class SnapshotSqlExecutesTest {
    /** Creates {@code role} unless the cluster has it (roles belong to the cluster, which the tests share). */
    static void ensureRole(Connection connection, String role) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "do $$ begin create role " + role + "; exception when duplicate_object then null;" + " end $$");
        }
    }

    /** Runs each statement, failing with the one PostgreSQL refused and why. */
    static void run(Connection connection, List<String> statements) {
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                fail("PostgreSQL refused: " + sql + "\n" + e.getMessage());
            }
        }
    }

    @Test
    void everyPinnedStatementCreatesItsObjectAndEveryDropDropsIt() throws SQLException {
        String url = TestPostgres.newDatabase("ddl_kinds");
        try (Connection connection = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            ensureRole(connection, SnapshotSqlExamples.ROLE);
            for (Example example : SnapshotSqlExamples.ALL) {
                run(connection, example.create());
            }
            assertEquals(
                    List.of("Order, Order_no_key, Order_open, base, big_orders, child, child_ids_apart, events,"
                            + " events_2026, events_2026_kind_at_idx, events_kind, order_count, order_count_n, order_no,"
                            + " order_pkey, order_totals"),
                    TestPostgres.rows(
                            url,
                            "select string_agg(c.relname, ', ' order by c.relname collate \"C\") from pg_class c"
                                    + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'app'"
                                    + " and c.relkind in ('r', 'p', 'v', 'm', 'i', 'I', 'S') and not exists (select 1"
                                    + " from pg_depend d where d.objid = c.oid and d.deptype = 'i'"
                                    + " and c.relkind = 'S')"),
                    "the tables, views, indexes and sequences the examples create");
            List<String> drops = new ArrayList<>();
            SnapshotSqlExamples.ALL.forEach(example -> drops.add(0, example.drop()));
            run(connection, drops);
            assertEquals(List.of(), TestPostgres.rows(url, "select 1 from pg_namespace where nspname = 'app'"));
        }
    }
}
