package dev.dbmigrate.history;

import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flyway 13's history table, read and written in Flyway's own format without Flyway's API: the lean upgrade reads it
 * with one query and records each migration in the migration's own transaction, and Flyway's info, validate and
 * repair see exactly what Flyway itself would have written. Each format detail here is Flyway's
 * ({@code JdbcTableSchemaHistory}, and the advisory lock of {@code PostgreSQLConnection}); a row's type is a
 * {@link MigrationType}, its checksum a {@link Checksum}, its version follows {@link Versions}.
 */
public final class HistoryTable {
    private static final long FLYWAY_LOCK_MAGIC = 77_431_708_279_161L;
    private static final String COLUMNS = "installed_rank, version, description, type, script, checksum,"
            + " installed_by, installed_on, execution_time, success";
    private final String schema;
    private final String table;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** One row of the history table. */
    public record Row(
            int installedRank,
            String version,
            String description,
            String type,
            String script,
            Integer checksum,
            String installedBy,
            Instant installedOn,
            int executionTime,
            boolean success) {
        /** Whether the row is of {@code type}. */
        public boolean is(MigrationType type) {
            return type.matches(this.type);
        }
    }

    /** The table's qualified, quoted name. */
    public String qualified() {
        return quote(schema) + "." + quote(table);
    }

    /** Whether the table exists. */
    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select to_regclass(?)")) {
            s.setString(1, qualified());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1) != null;
            }
        }
    }

    /** Every row in rank order; empty when the table does not exist. */
    public List<Row> read(Connection c) throws SQLException {
        return exists(c) ? select(c, " order by installed_rank") : new ArrayList<>();
    }

    /** The row of the highest rank (the last one written), or empty when the table is missing or empty. */
    public Optional<Row> newest(Connection c) throws SQLException {
        return exists(c)
                ? select(c, " order by installed_rank desc limit 1").stream().findFirst()
                : Optional.empty();
    }

    private List<Row> select(Connection c, String order) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + COLUMNS + " from " + qualified() + order)) {
            while (rs.next()) {
                Timestamp on = rs.getTimestamp(8);
                int checksum = rs.getInt(6);
                rows.add(new Row(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.wasNull() ? null : checksum,
                        rs.getString(7),
                        on == null ? null : on.toInstant(),
                        rs.getInt(9),
                        rs.getBoolean(10)));
            }
        }
        return rows;
    }

    /**
     * Creates the table, empty, exactly as Flyway 13 would, when it is missing: so the tool can keep its own
     * {@code migrate_*} tables in a schema that has no migration applied yet (Flyway refuses to migrate a schema that
     * holds tables but no history table), and so the lean upgrade can start on an empty schema.
     */
    public void createIfMissing(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : createSql()) {
                s.execute(sql);
            }
        }
    }

    /**
     * The statements of {@link #createIfMissing}: the table and its index, each {@code if not exists}, so they change
     * nothing where the table is there (the dry-run plan prints them as the upgrade runs them).
     */
    public List<String> createSql() {
        return List.of(
                "create table if not exists " + qualified() + " ("
                        + " \"installed_rank\" INT NOT NULL,"
                        + " \"version\" VARCHAR(50),"
                        + " \"description\" VARCHAR(200) NOT NULL,"
                        + " \"type\" VARCHAR(20) NOT NULL,"
                        + " \"script\" VARCHAR(1000) NOT NULL,"
                        + " \"checksum\" INTEGER,"
                        + " \"installed_by\" VARCHAR(100) NOT NULL,"
                        + " \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),"
                        + " \"execution_time\" INTEGER NOT NULL,"
                        + " \"success\" BOOLEAN NOT NULL,"
                        + " CONSTRAINT " + quote(table + "_pk") + " PRIMARY KEY (\"installed_rank\"))",
                "create index if not exists " + quote(table + "_s_idx") + " on " + qualified() + " (\"success\")");
    }

    /**
     * The row Flyway inserts for an applied (or failed) migration, as SQL text with its values in it (to go in a
     * batch with the migration's statements): an {@code INSERT ... SELECT} without a {@code FROM}, so it can also
     * select from a table of timings. The execution time is an SQL expression, so the server can time the statements
     * it just ran.
     */
    public String insertSql(
            int installedRank,
            String version,
            String description,
            String type,
            String script,
            Integer checksum,
            String installedBy,
            String executionTimeMs,
            boolean success) {
        return "insert into " + qualified() + " (\"installed_rank\", \"version\", \"description\", \"type\","
                + " \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") select "
                + String.join(
                        ", ",
                        Integer.toString(installedRank),
                        SqlText.literal(version),
                        SqlText.literal(description),
                        SqlText.literal(type),
                        SqlText.literal(script),
                        checksum == null ? "null" : checksum.toString(),
                        SqlText.literal(installedBy),
                        executionTimeMs,
                        Boolean.toString(success));
    }

    /**
     * The key of Flyway's advisory lock on this table, as Flyway's {@code PostgreSQLConnection.lock} computes it:
     * {@code LOCK_MAGIC_NUM} ("Flyway" in ASCII, {@code 0x466C79776179}, the same since Flyway 4.1) plus the Java
     * {@link String#hashCode()} of the table's name as Flyway prints it, {@code "schema"."table"} (each name in double
     * quotes, a quote inside doubled), an int widened with its sign.
     */
    public long flywayLockKey() {
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"";
        return FLYWAY_LOCK_MAGIC + quoted.hashCode();
    }

    private static String quote(String identifier) {
        return SqlText.identifier(identifier);
    }
}
