package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload of the fault trials: {@code migrations} migrations that each create a table of {@code rows} rows,
 * (with movers) every fifth one also moving a third of the previous table's rows into a new table (a data migration),
 * (with undo) each with its undo script; and the checks that an interruption left only whole migrations behind.
 */
public final class TrialWorkload {
    private final int migrations;
    private final int rows;
    private final boolean movers;
    private final boolean undo;

    /** A workload with data migrations and no undo scripts. */
    public TrialWorkload(int migrations, int rows) {
        this(migrations, rows, true, false);
    }

    public TrialWorkload(int migrations, int rows, boolean movers, boolean undo) {
        this.migrations = migrations;
        this.rows = rows;
        this.movers = movers;
        this.undo = undo;
    }

    public int migrations() {
        return migrations;
    }

    private boolean isMover(int version) {
        return movers && version % 5 == 0;
    }

    /** Writes the migrations into {@code project}'s default location. */
    public void write(Path project) throws IOException {
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        for (int i = 1; i <= migrations; i++) {
            StringBuilder sql = new StringBuilder(
                    "create table t_" + i + " (id int primary key, payload text not null);\n" + "insert into t_" + i
                            + " select g, md5(g::text) from generate_series(1, " + rows + ") g;\n");
            if (isMover(i)) {
                sql.append("create table moved_")
                        .append(i)
                        .append(" as select * from t_")
                        .append(i - 1)
                        .append(" where id % 3 = 0;\n")
                        .append("delete from t_")
                        .append(i - 1)
                        .append(" where id % 3 = 0;\n");
            }
            Files.writeString(dir.resolve("V" + i + "__trial_" + i + ".sql"), sql.toString());
            if (undo) {
                Files.writeString(dir.resolve("U" + i + "__trial_" + i + ".sql"), "drop table t_" + i + ";\n");
            }
        }
    }

    /**
     * Promise 1: every migration recorded in the history is wholly applied, every one not recorded left nothing
     * behind, no history row failed, and the audit's successful upgrades less its successful downgrades are the
     * applied migrations. Returns the applied count.
     */
    public int assertWholeMigrationsOnly(String url) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            settle(s);
            List<Integer> applied = new ArrayList<>();
            if (tableExists(s, "flyway_schema_history")) {
                try (ResultSet rs = s.executeQuery("select version::int, success from flyway_schema_history"
                        + " where version is not null order by installed_rank")) {
                    while (rs.next()) {
                        assertTrue(rs.getBoolean(2), "no failed history row for version " + rs.getInt(1));
                        applied.add(rs.getInt(1));
                    }
                }
            }
            if (tableExists(s, "migrate_audit")) {
                try (ResultSet rs = s.executeQuery("select count(*) filter (where command = 'upgrade')"
                        + " - count(*) filter (where command = 'downgrade') from migrate_audit where outcome = 'success'"
                        + " and version is not null")) {
                    rs.next();
                    assertEquals(applied.size(), rs.getInt(1), "the audit accounts for every applied migration");
                }
            }
            for (int i = 1; i <= migrations; i++) {
                boolean isApplied = applied.contains(i);
                assertEquals(isApplied, tableExists(s, "t_" + i), "t_" + i + " exists iff V" + i + " is recorded");
                if (isMover(i)) {
                    assertEquals(isApplied, tableExists(s, "moved_" + i), "moved_" + i + " iff V" + i);
                }
                if (isApplied) {
                    int expectedRows = isMover(i + 1) && applied.contains(i + 1) ? rows - rows / 3 : rows;
                    try (ResultSet rs = s.executeQuery("select count(*) from t_" + i)) {
                        rs.next();
                        assertEquals(expectedRows, rs.getInt(1), "rows of t_" + i);
                    }
                }
            }
            return applied.size();
        }
    }

    /** Tables, row counts and a checksum of every table's rows (the tool's own tables aside), and the history. */
    public static List<String> snapshot(String url) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public'"
                    + " and tablename not like 'migrate!_%' escape '!' order by tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String cols =
                        t.equals("flyway_schema_history") ? "version, description, script, checksum, success" : "*";
                try (ResultSet rs = s.executeQuery("select count(*), md5(coalesce(string_agg(x::text, ',' order by"
                        + " x::text), '')) from (select " + cols + " from " + t + ") x")) {
                    rs.next();
                    out.add(t + " " + rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Waits (up to 30 s) until no other session is connected to the database: a client killed right after sending a
     * migration leaves the server to finish what it received, committing it with its history row or rolling it back,
     * and the checks must see the outcome, not a moment halfway through that commit.
     */
    private static void settle(Statement s) throws SQLException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (ResultSet rs =
                    s.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                            + " and pid <> pg_backend_pid() and backend_type = 'client backend'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean tableExists(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("select to_regclass('public." + table + "')")) {
            rs.next();
            return rs.getString(1) != null;
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }
}
