package dev.dbmigrate.engine;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * Serialises upgrades and downgrades of one history table across processes with a PostgreSQL session-level advisory
 * lock held on a connection of its own. The lock dies with that connection, so a run that is killed never leaves a
 * stale lock behind.
 */
public final class MigrationLock implements AutoCloseable {
    private final Connection connection;
    private final long key;

    private MigrationLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the lock for {@code schema.table}, waiting for a running migration to finish. */
    public static MigrationLock acquire(Database database, String schema, String table, MigrateListener listener) {
        long key = keyFor(schema, table);
        Connection c = database.connect();
        try {
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new MigrationLock(c, key);
                    }
                }
            }
            listener.info("Waiting for another migration run on " + schema + "." + table + " to finish ("
                    + holder(c, key) + ")");
            try (PreparedStatement s = c.prepareStatement("select pg_advisory_lock(?)")) {
                s.setLong(1, key);
                s.execute();
            }
            return new MigrationLock(c, key);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new MigrateException(ErrorCode.CONNECTION, "could not take the migration lock on " + schema + "."
                    + table + ": " + Messages.oneLine(e.getMessage()), e);
        }
    }

    static long keyFor(String schema, String table) {
        CRC32 crc = new CRC32();
        crc.update(("migrate:" + schema + "." + table).getBytes(StandardCharsets.UTF_8));
        return 0x6d69677200000000L | crc.getValue();
    }

    private static String holder(Connection c, long key) {
        String sql = "select a.pid, a.client_addr, a.application_name, a.backend_start from pg_locks l"
                + " join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted"
                + " and l.classid = (? >> 32)::bigint::oid and l.objid = (? & 4294967295)::bigint::oid limit 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key);
            s.setLong(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return "held by server process " + rs.getInt(1) + " of " + rs.getString(3) + " from "
                            + (rs.getString(2) == null ? "a local socket" : rs.getString(2)) + ", connected since "
                            + rs.getTimestamp(4).toInstant();
                }
            }
        } catch (SQLException e) {
            return "holder unknown: " + Messages.oneLine(e.getMessage());
        }
        return "holder unknown";
    }

    @Override
    public void close() {
        try (PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            s.setLong(1, key);
            s.execute();
        } catch (SQLException ignored) {
            // closing the connection below releases the lock anyway
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
