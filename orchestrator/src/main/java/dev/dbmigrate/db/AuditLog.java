package dev.dbmigrate.db;

import dev.dbmigrate.sql.SqlText;
import dev.dbmigrate.support.Messages;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit table {@code <schema>.migrate_audit}: every upgrade and downgrade, migration by migration. It lives in
 * the managed schema beside Flyway's history table and is created on first use.
 */
public final class AuditLog {
    /** The table's name. */
    public static final String TABLE = "migrate_audit";
    /** The table's layout, version by version; append a step to change it. */
    public static final ToolTable LAYOUT = new ToolTable(
            TABLE,
            List.of(new ToolTable.Step(
                    1,
                    "create table if not exists %s ("
                            + " id bigserial primary key,"
                            + " run_id text not null,"
                            + " command text not null,"
                            + " version text,"
                            + " description text,"
                            + " script text,"
                            + " outcome text not null,"
                            + " started_at timestamptz not null,"
                            + " duration_ms bigint not null,"
                            + " db_user text not null default current_user,"
                            + " os_user text,"
                            + " host text,"
                            + " message text)")));

    private final String schema;
    private final String qualifiedTable;

    public AuditLog(String schema) {
        this.schema = schema;
        this.qualifiedTable = LAYOUT.qualified(schema);
    }

    /** The operating-system user running this tool. */
    public static String osUser() {
        return System.getProperty("user.name", "unknown");
    }

    /** This machine's name. */
    public static String host() {
        String host = hostName;
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown";
            }
            hostName = host;
        }
        return host;
    }

    /** The host name, looked up once (a lookup can take milliseconds, and every audit entry names it). */
    private static volatile String hostName;

    /**
     * Creates the table when it does not exist yet, and brings a table of an earlier layout to this build's
     * ({@link #LAYOUT}).
     */
    public void ensureTable(Connection c) throws SQLException {
        LAYOUT.ensure(c, schema);
    }

    /**
     * What {@link #ensureTable} would run now, read without changing anything: nothing when the table is current
     * ({@link ToolTable#ensureSql}).
     */
    public List<String> ensureTableSql(Connection c) throws SQLException {
        return LAYOUT.ensureSql(c, schema);
    }

    /**
     * The statements that create the table when it does not exist yet and bring an existing one to this build's
     * layout, version recorded (a restore replays them through psql).
     */
    public String createTableSql() {
        return LAYOUT.upgradeSql(schema);
    }

    /** Appends entries in one transaction of their own. */
    public void append(Connection c, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (AuditEntry e : entries) {
                insert(c, e);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Adds one entry in the connection's current transaction (creating the table when needed), so the entry commits
     * or rolls back together with the change it records.
     */
    public void insert(Connection c, AuditEntry e) throws SQLException {
        ensureTable(c);
        try (PreparedStatement s = c.prepareStatement("insert into " + qualifiedTable
                + " (run_id, command, version, description, script, outcome, started_at, duration_ms, db_user,"
                + " os_user, host, message) values (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, current_user), ?, ?, ?)")) {
            s.setString(1, e.runId());
            s.setString(2, e.command());
            s.setString(3, e.version());
            s.setString(4, e.description());
            s.setString(5, e.script());
            s.setString(6, e.outcome());
            s.setTimestamp(7, Timestamp.from(e.startedAt()));
            s.setLong(8, e.durationMs());
            s.setString(9, e.dbUser());
            s.setString(10, e.osUser());
            s.setString(11, e.host());
            s.setString(12, e.message() == null ? null : Messages.oneLine(e.message()));
            s.executeUpdate();
        }
    }

    /**
     * The insert of one entry as SQL text with its values in it (to go in a batch with other statements), its start
     * and duration given as SQL expressions (so the server can time what it just ran): an {@code INSERT ... SELECT}
     * without a {@code FROM}, which a caller may add.
     */
    public String insertSql(AuditEntry e, String startedAt, String durationMs) {
        return "insert into " + qualifiedTable
                + " (run_id, command, version, description, script, outcome, started_at, duration_ms, db_user,"
                + " os_user, host, message) select "
                + String.join(
                        ", ",
                        SqlText.literal(e.runId()),
                        SqlText.literal(e.command()),
                        SqlText.literal(e.version()),
                        SqlText.literal(e.description()),
                        SqlText.literal(e.script()),
                        SqlText.literal(e.outcome()),
                        startedAt,
                        durationMs,
                        e.dbUser() == null ? "current_user" : SqlText.literal(e.dbUser()),
                        SqlText.literal(e.osUser()),
                        SqlText.literal(e.host()),
                        SqlText.literal(e.message() == null ? null : Messages.oneLine(e.message())));
    }

    /** The durations in milliseconds of a run's last {@code n} entries, oldest first. */
    public List<Long> lastDurations(Connection c, String runId, int n) throws SQLException {
        List<Long> millis = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select duration_ms from (select id, duration_ms from "
                + qualifiedTable + " where run_id = ? order by id desc limit ?) last order by id")) {
            s.setString(1, runId);
            s.setInt(2, n);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    millis.add(rs.getLong(1));
                }
            }
        }
        if (millis.size() != n) {
            throw new SQLException("the audit table " + qualifiedTable + " holds " + millis.size() + " entries of run "
                    + runId + " where " + n + " were just committed");
        }
        return millis;
    }

    /** Every entry, oldest first; empty when the table does not exist. */
    public List<AuditEntry> read(Connection c) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("select to_regclass('" + qualifiedTable.replace("'", "''") + "')")) {
                exists.next();
                if (exists.getString(1) == null) {
                    return entries;
                }
            }
            try (ResultSet rs = s.executeQuery("select run_id, command, version, description, script, outcome,"
                    + " started_at, duration_ms, db_user, os_user, host, message from " + qualifiedTable
                    + " order by id")) {
                while (rs.next()) {
                    Timestamp started = rs.getTimestamp(7);
                    entries.add(new AuditEntry(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            started == null ? Instant.EPOCH : started.toInstant(),
                            rs.getLong(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12)));
                }
            }
        }
        return entries;
    }
}
