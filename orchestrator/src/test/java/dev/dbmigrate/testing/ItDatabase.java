package dev.dbmigrate.testing;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Database checks for the invoker projects' {@code verify.groovy} scripts: each project {@code src/it/<name>} has the
 * database {@code it_<name>} on the server {@link TestServerMain} started; this class connects to it. The overloads
 * taking a {@code suffix} connect to {@code it_<name>_<suffix>}, which exists when the project's {@code databases.txt}
 * lists the suffix.
 */
public final class ItDatabase {
    private ItDatabase() {}

    /**
     * The variables the invoker passes to each build ({@code IT_PG_BASE}, {@code IT_PG_PASSWORD}), for a setup script
     * that runs the orchestrator itself (a hook runs in the invoker's JVM, which does not have them).
     */
    public static Map<String, String> environment(File basedir) throws IOException {
        Properties p = serverProperties(basedir);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IT_PG_BASE", p.getProperty("it.pg.base"));
        env.put("IT_PG_PASSWORD", p.getProperty("it.pg.password"));
        return env;
    }

    private static Properties serverProperties(File basedir) throws IOException {
        Path props = basedir.toPath().toAbsolutePath().getParent().getParent().resolve("it-postgres.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(props)) {
            p.load(in);
        }
        return p;
    }

    /** Opens a superuser connection to the project's database ({@code basedir} is the cloned project folder). */
    public static Connection connect(File basedir) throws IOException, SQLException {
        return connect(basedir, null);
    }

    /** Opens a superuser connection to {@code it_<project>_<suffix>} (or the project's database for a null suffix). */
    public static Connection connect(File basedir, String suffix) throws IOException, SQLException {
        Properties p = serverProperties(basedir);
        Properties login = new Properties();
        login.setProperty("user", p.getProperty("it.pg.user"));
        login.setProperty("password", p.getProperty("it.pg.password"));
        return new org.postgresql.Driver()
                .connect(
                        p.getProperty("it.pg.base")
                                + TestServerMain.databaseFor(basedir.getName())
                                + (suffix == null ? "" : "_" + suffix),
                        login);
    }

    /** The first column of every row of {@code sql}, as text. */
    public static List<String> column(File basedir, String sql) throws IOException, SQLException {
        return column(basedir, null, sql);
    }

    /** The first column of every row of {@code sql} in {@code it_<project>_<suffix>}, as text. */
    public static List<String> column(File basedir, String suffix, String sql) throws IOException, SQLException {
        try (Connection c = connect(basedir, suffix);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    /** The single number {@code sql} returns (for example a count). */
    public static long number(File basedir, String sql) throws IOException, SQLException {
        return number(basedir, null, sql);
    }

    /** The single number {@code sql} returns in {@code it_<project>_<suffix>}. */
    public static long number(File basedir, String suffix, String sql) throws IOException, SQLException {
        List<String> values = column(basedir, suffix, sql);
        return Long.parseLong(values.get(0));
    }

    /** Whether {@code public.<table>} exists. */
    public static boolean tableExists(File basedir, String table) throws IOException, SQLException {
        return tableExists(basedir, null, table);
    }

    /** Whether {@code public.<table>} exists in {@code it_<project>_<suffix>}. */
    public static boolean tableExists(File basedir, String suffix, String table) throws IOException, SQLException {
        return number(
                        basedir,
                        suffix,
                        "select count(*) from pg_tables where schemaname = 'public' and tablename = '"
                                + table.replace("'", "''") + "'")
                > 0;
    }

    /** Applied versions in the history table, in order of installation. */
    public static List<String> appliedVersions(File basedir) throws IOException, SQLException {
        return appliedVersions(basedir, null);
    }

    /** Applied versions in the history table of {@code it_<project>_<suffix>}, in order of installation. */
    public static List<String> appliedVersions(File basedir, String suffix) throws IOException, SQLException {
        if (!tableExists(basedir, suffix, "flyway_schema_history")) {
            return List.of();
        }
        return column(
                basedir,
                suffix,
                "select version from flyway_schema_history where success and version is not null"
                        + " order by installed_rank");
    }

    /** Runs setup SQL before a build (from an invoker setup script). */
    public static void execute(File basedir, String sql) throws IOException, SQLException {
        execute(basedir, null, sql);
    }

    /** Runs setup SQL in {@code it_<project>_<suffix>} before a build. */
    public static void execute(File basedir, String suffix, String sql) throws IOException, SQLException {
        try (Connection c = connect(basedir, suffix);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The content of the {@code public} schema as text, for comparing a database before and after a build: each table's
     * columns (name, type, nullability, default) and indexes, then its rows sorted as text. The history table and the
     * tool's {@code migrate_*} tables are left out (a run always writes to the audit; compare the history with {@link #appliedVersions}).
     */
    public static String snapshot(File basedir, String suffix) throws IOException, SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = connect(basedir, suffix);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public'"
                    + " and tablename <> 'flyway_schema_history' and tablename not like 'migrate\\_%'"
                    + " order by tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                b.append("table ").append(table).append('\n');
                try (ResultSet rs = s.executeQuery("select column_name, data_type, is_nullable, column_default"
                        + " from information_schema.columns where table_schema = 'public' and table_name = '"
                        + table.replace("'", "''") + "' order by ordinal_position")) {
                    while (rs.next()) {
                        b.append("  column ")
                                .append(rs.getString(1))
                                .append(' ')
                                .append(rs.getString(2))
                                .append(" nullable=")
                                .append(rs.getString(3))
                                .append(" default=")
                                .append(rs.getString(4))
                                .append('\n');
                    }
                }
                try (ResultSet rs = s.executeQuery("select indexdef from pg_indexes where schemaname = 'public'"
                        + " and tablename = '" + table.replace("'", "''") + "' order by indexname")) {
                    while (rs.next()) {
                        b.append("  index ").append(rs.getString(1)).append('\n');
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        "select t::text from public.\"" + table.replace("\"", "\"\"") + "\" t order by 1")) {
                    while (rs.next()) {
                        b.append("  row ").append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }
}
