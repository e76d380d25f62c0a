package dev.dbmigrate.trace;

import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A session on the trace's throwaway database, set up as the engine sets up a migration's: the default schema first in
 * the search path, before the connection's own path, and the lock timeout the run asks for.
 */
final class Session {
    private Session() {}

    /**
     * A new session on database {@code db}.
     *
     * @param lockTimeoutMs the {@code lock_timeout} to set, in milliseconds; null to leave the server's default
     */
    static Connection open(ScratchServer scratch, String db, String defaultSchema, Long lockTimeoutMs)
            throws SQLException {
        Connection c = scratch.connect(db);
        try (Statement s = c.createStatement()) {
            String original;
            try (ResultSet rs = s.executeQuery("select current_setting('search_path')")) {
                rs.next();
                original = rs.getString(1);
            }
            String schema = SqlText.identifier(defaultSchema);
            if (!original.equals(defaultSchema)
                    && !original.startsWith(defaultSchema + ",")
                    && !original.startsWith(schema + ",")) {
                s.execute("set search_path to " + (original.isBlank() ? schema : schema + "," + original));
            }
            if (lockTimeoutMs != null) {
                s.execute("set lock_timeout = '" + lockTimeoutMs + "ms'");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
