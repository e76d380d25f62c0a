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
import java.util.List;
import java.util.Properties;

/**
 * Database checks for the invoker projects' {@code verify.groovy} scripts: each project {@code src/it/<name>} has the
 * database {@code it_<name>} on the server {@link TestServerMain} started; this class connects to it.
 */
public final class ItDatabase {
    private ItDatabase() {
    }

    /** Opens a superuser connection to the project's database ({@code basedir} is the cloned project folder). */
    public static Connection connect(File basedir) throws IOException, SQLException {
        Path props = basedir.toPath().toAbsolutePath().getParent().getParent().resolve("it-postgres.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(props)) {
            p.load(in);
        }
        Properties login = new Properties();
        login.setProperty("user", p.getProperty("it.pg.user"));
        login.setProperty("password", p.getProperty("it.pg.password"));
        return new org.postgresql.Driver().connect(p.getProperty("it.pg.base")
                + TestServerMain.databaseFor(basedir.getName()), login);
    }

    /** The first column of every row of {@code sql}, as text. */
    public static List<String> column(File basedir, String sql) throws IOException, SQLException {
        try (Connection c = connect(basedir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    /** The single number {@code sql} returns (for example a count). */
    public static long number(File basedir, String sql) throws IOException, SQLException {
        List<String> values = column(basedir, sql);
        return Long.parseLong(values.get(0));
    }

    /** Whether {@code public.<table>} exists. */
    public static boolean tableExists(File basedir, String table) throws IOException, SQLException {
        return number(basedir, "select count(*) from pg_tables where schemaname = 'public' and tablename = '"
                + table.replace("'", "''") + "'") > 0;
    }

    /** Applied versions in the history table, in order of installation. */
    public static List<String> appliedVersions(File basedir) throws IOException, SQLException {
        if (!tableExists(basedir, "flyway_schema_history")) {
            return List.of();
        }
        return column(basedir, "select version from flyway_schema_history where success and version is not null"
                + " order by installed_rank");
    }

    /** Runs setup SQL before a build (from an invoker setup script). */
    public static void execute(File basedir, String sql) throws IOException, SQLException {
        try (Connection c = connect(basedir); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
