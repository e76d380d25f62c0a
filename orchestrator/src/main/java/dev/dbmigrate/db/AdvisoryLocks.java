package dev.dbmigrate.db;

import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the tool's PostgreSQL session-level advisory locks share: the lock connection carries a description of who holds
 * it (as its application name), so a run that has to wait or give up can name the holder: its command, host, process
 * and since when. Session locks die with their connection, so a run that is killed never leaves one behind.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {}

    /** {@code migrate <command> by <user>@<host> pid <pid>}: the description a lock connection carries. */
    public static String describeThisRun(String command) {
        return "migrate " + command + " by " + AuditLog.osUser() + "@" + AuditLog.host() + " pid "
                + ProcessHandle.current().pid();
    }

    /** Sets the connection's application name (PostgreSQL keeps at most 63 characters of it). */
    public static void label(Connection c, String description) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select set_config('application_name', ?, false)")) {
            s.setString(1, description.length() > 63 ? description.substring(0, 63) : description);
            s.execute();
        }
    }

    /** Tries to take the lock without waiting. */
    public static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Whether some session holds the lock in this database now. */
    public static boolean isHeld(Connection c, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where locktype = 'advisory'"
                + " and granted and classid = (? >> 32)::bigint::oid and objid = (? & 4294967295)::bigint::oid"
                + " and database = (select oid from pg_database where datname = current_database())")) {
            s.setLong(1, key);
            s.setLong(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /**
     * Who holds the lock in this database: {@code 'migrate upgrade by ci@runner-3 pid 4242' (server process 17, connected
     * since 2026-11-25T10:15:00Z from 10.0.0.7)}.
     */
    public static String holder(Connection c, long key) {
        String sql = "select a.application_name, a.pid, a.backend_start, a.client_addr from pg_locks l"
                + " join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted"
                + " and l.classid = (? >> 32)::bigint::oid and l.objid = (? & 4294967295)::bigint::oid"
                + " and l.database = (select oid from pg_database where datname = current_database()) limit 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key);
            s.setLong(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return "'" + rs.getString(1) + "' (server process " + rs.getInt(2) + ", connected since "
                            + rs.getTimestamp(3).toInstant()
                            + (rs.getString(4) == null ? "" : " from " + rs.getString(4)) + ")";
                }
            }
        } catch (SQLException e) {
            return "a holder this user cannot see (" + Messages.oneLine(e.getMessage()) + ")";
        }
        return "a run that has just finished, or whose details this user cannot see";
    }
}
