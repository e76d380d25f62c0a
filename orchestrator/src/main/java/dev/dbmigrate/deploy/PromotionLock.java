package dev.dbmigrate.deploy;

import dev.dbmigrate.engine.Database;
import dev.dbmigrate.engine.Messages;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps two promotions off one database: a session-level advisory lock, taken without waiting, on a connection whose
 * application name describes the run. A second promotion fails at once and names the first; the lock dies with the
 * connection, so a killed promotion never blocks the next one.
 */
public final class PromotionLock implements AutoCloseable {
    /** The advisory lock key of promotions (distinct from the upgrade/downgrade lock). */
    static final long KEY = 0x6d6967727072L; // "migrpr"
    private final Connection connection;

    private PromotionLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the promotion lock on {@code database}.
     *
     * @param description who is promoting what, shown to a second promotion (at most 63 characters are kept)
     * @throws MigrateException (REFUSED) naming the promotion in progress; (CONNECTION) naming the environment that
     *                          cannot be reached
     */
    public static PromotionLock acquire(Database database, String environment, String description) {
        Connection c;
        try {
            c = database.connect();
        } catch (MigrateException e) {
            // a promotion opens two databases: say which one cannot be reached
            throw new MigrateException(e.code(), "cannot reach " + environment + " (" + database.url().display()
                    + "): " + e.getMessage(), e);
        }
        try {
            try (PreparedStatement s = c.prepareStatement("select set_config('application_name', ?, false)")) {
                s.setString(1, description.length() > 63 ? description.substring(0, 63) : description);
                s.execute();
            }
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, KEY);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new PromotionLock(c);
                    }
                }
            }
            String holder = holder(c);
            c.close();
            throw new MigrateException(ErrorCode.REFUSED, "another promotion is in progress on " + environment
                    + " (" + database.url().display() + "): " + holder + "; nothing was changed (wait for it to"
                    + " finish and run promote again; a promotion that was killed releases its lock with its"
                    + " connection)");
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new MigrateException(ErrorCode.CONNECTION, "could not take the promotion lock on " + environment
                    + ": " + Messages.oneLine(e.getMessage()), e);
        }
    }

    private static String holder(Connection c) throws SQLException {
        String sql = "select a.application_name, a.pid, a.backend_start, a.client_addr from pg_locks l"
                + " join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted"
                + " and l.classid = (" + (KEY >>> 32) + ")::oid and l.objid = (" + (KEY & 0xffffffffL) + ")::oid"
                + " and l.database = (select oid from pg_database where datname = current_database()) limit 1";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (rs.next()) {
                return "'" + rs.getString(1) + "' (server process " + rs.getInt(2) + ", connected since "
                        + rs.getTimestamp(3).toInstant() + (rs.getString(4) == null ? "" : " from " + rs.getString(4))
                        + ")";
            }
        }
        return "a promotion that has just finished or whose details are not visible to this user";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing the connection releases the lock anyway
        }
    }
}
