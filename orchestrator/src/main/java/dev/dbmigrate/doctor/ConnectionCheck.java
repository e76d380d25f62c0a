package dev.dbmigrate.doctor;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.MigrateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * The server is reachable and the login works; whether the session is encrypted ({@code pg_stat_ssl}). A protected
 * environment reached over the network without TLS is a warning: its password and data cross the network in clear.
 */
final class ConnectionCheck implements DoctorCheck {
    static final String NAME = "connection";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) throws SQLException {
        String where = context.database().url().display();
        try (Connection c = context.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user, coalesce(t.ssl, false), t.version"
                        + " from (select 1) one left join pg_stat_ssl t on t.pid = pg_backend_pid()")) {
            rs.next();
            String user = rs.getString(1);
            boolean tls = rs.getBoolean(2);
            String said = "connected to " + where + " as " + user + "; "
                    + (tls ? "TLS on (" + rs.getString(3) + ")" : "not encrypted (no TLS)");
            boolean local = context.database().embedded()
                    || isLocal(context.database().url().host());
            return judged(said, tls, local, context.settings());
        } catch (MigrateException e) {
            return CheckOutcome.failedWith(
                    NAME,
                    e.getMessage(),
                    "check the URL, user and password (-Dmigrate.url, environments/"
                            + context.settings().env()
                            + ".yml, DATABASE_URL) and that the server accepts connections from this host");
        }
    }

    /**
     * The outcome of a session that worked: a warning when a protected environment is reached over the network
     * without TLS.
     */
    static CheckOutcome judged(String said, boolean tls, boolean local, MigrateSettings settings) {
        if (!tls && settings.profile().protectedEnv() && !local) {
            return CheckOutcome.warn(
                    NAME,
                    said + " on a protected environment over the network to "
                            + settings.database().host(),
                    "add sslmode=verify-full (or sslmode=require) to the URL in environments/" + settings.env()
                            + ".yml and enable ssl on the server");
        }
        return CheckOutcome.pass(NAME, said);
    }

    /** Whether {@code host} is this machine (a loopback address or a Unix socket's folder). */
    static boolean isLocal(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return LOCAL_HOSTS.contains(h) || h.startsWith("127.") || h.startsWith("/");
    }
}
