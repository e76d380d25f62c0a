package dev.dbmigrate.history;

import dev.dbmigrate.sql.SqlText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Flyway 13's history table, read and written in Flyway's own format without Flyway's API: the lean upgrade reads it
 * with one query and records each migration in the migration's own transaction, and Flyway's info, validate and
 * repair see exactly what Flyway itself would have written. Each format detail here is Flyway's
 * ({@code JdbcTableSchemaHistory}, {@code ChecksumCalculator}, {@code MigrationVersion}).
 */
public final class HistoryTable {
    private final String schema;
    private final String table;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** One row of the history table. */
    public record Row(int installedRank, String version, String description, String type, String script,
                      Integer checksum, String installedBy, Instant installedOn, int executionTime,
                      boolean success) {
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
        List<Row> rows = new ArrayList<>();
        if (!exists(c)) {
            return rows;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select installed_rank, version, description, type, script, checksum,"
                     + " installed_by, installed_on, execution_time, success from " + qualified()
                     + " order by installed_rank")) {
            while (rs.next()) {
                Timestamp on = rs.getTimestamp(8);
                int checksum = rs.getInt(6);
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.wasNull() ? null : checksum, rs.getString(7), on == null ? null : on.toInstant(),
                        rs.getInt(9), rs.getBoolean(10)));
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
            s.execute("create table if not exists " + qualified() + " ("
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
                    + " CONSTRAINT " + quote(table + "_pk") + " PRIMARY KEY (\"installed_rank\"))");
            s.execute("create index if not exists " + quote(table + "_s_idx") + " on " + qualified()
                    + " (\"success\")");
        }
    }

    /**
     * The row Flyway inserts for an applied (or failed) migration, as SQL text with its values in it (to go in a
     * batch with the migration's statements): an {@code INSERT ... SELECT} without a {@code FROM}, so it can also
     * select from a table of timings. The execution time is an SQL expression, so the server can time the statements
     * it just ran.
     */
    public String insertSql(int installedRank, String version, String description, String type, String script,
                            Integer checksum, String installedBy, String executionTimeMs, boolean success) {
        return "insert into " + qualified() + " (\"installed_rank\", \"version\", \"description\", \"type\","
                + " \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") select "
                + String.join(", ", Integer.toString(installedRank), SqlText.literal(version),
                SqlText.literal(description), SqlText.literal(type), SqlText.literal(script),
                checksum == null ? "null" : checksum.toString(), SqlText.literal(installedBy), executionTimeMs,
                Boolean.toString(success));
    }

    /**
     * Flyway's checksum of a script: CRC-32 over the UTF-8 bytes of each line, line endings left out (so it does not
     * depend on them), a byte-order mark dropped. An empty script's checksum is 0.
     */
    public static int checksum(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = lines.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    private static String quote(String identifier) {
        return SqlText.identifier(identifier);
    }
}
