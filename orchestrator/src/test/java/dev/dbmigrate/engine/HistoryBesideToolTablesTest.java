package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When the Flyway executor creates the history table first: where the managed schemas hold some of this tool's
 * {@code migrate_*} tables and nothing else (one read of the catalog).
 */
@Tag("postgres")
class HistoryBesideToolTablesTest {
    private static final List<String> SCHEMAS = List.of("public", "app");
    private static final HistoryTable HISTORY = new HistoryTable("public", "flyway_schema_history");

    private String url;

    @BeforeEach
    void setUp() throws SQLException {
        url = TestPostgres.newDatabase("beside");
        sql("create schema app", "create schema other");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    private boolean onlyToolTables() throws SQLException {
        try (Connection c = connect()) {
            return CommandContext.onlyToolTables(c, HISTORY, SCHEMAS, "flyway_schema_history");
        }
    }

    @Test
    void emptySchemasHoldNoToolTable() throws SQLException {
        assertFalse(onlyToolTables());
        sql("create table other.migrate_audit (id int)");
        assertFalse(onlyToolTables(), "a tool table outside the managed schemas does not count");
    }

    @Test
    void toolTablesAloneInAnyManagedSchemaAskForTheHistoryTable() throws SQLException {
        sql("create table app.migrate_promotion (id int)", "create table other.songs (id int)");
        assertTrue(onlyToolTables());
        sql("create table public.migrate_audit (id int)", "create sequence public.ids");
        assertTrue(onlyToolTables(), "a sequence is not a table");
    }

    @Test
    void anyOtherTableViewOrTheHistoryTableItselfLeavesItToFlyway() throws SQLException {
        sql("create table public.migrate_audit (id int)", "create view app.songs as select 1 as id");
        assertFalse(onlyToolTables(), "a view");
        sql("drop view app.songs", "create materialized view app.counts as select 1 as n");
        assertFalse(onlyToolTables(), "a materialized view");
        sql("drop materialized view app.counts", "create table app.songs (id int)");
        assertFalse(onlyToolTables(), "a table");
        sql("drop table app.songs", "create view public.migrate_view as select 1 as id");
        assertTrue(onlyToolTables(), "a view named migrate_* is the tool's: no table of the user's");
        sql("create table public.flyway_schema_history (installed_rank int)");
        assertFalse(onlyToolTables(), "the history table exists");
    }
}
