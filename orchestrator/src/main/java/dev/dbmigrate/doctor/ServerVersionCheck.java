package dev.dbmigrate.doctor;

import dev.dbmigrate.config.EmbeddedVersion;
import java.sql.SQLException;

/**
 * The server's version is one this tool supports: the majors it has embedded bundles of, {@link EmbeddedVersion#OLDEST}
 * to {@link EmbeddedVersion#NEWEST}.
 */
final class ServerVersionCheck implements DoctorCheck {
    static final String NAME = "server version";
    private static final int OLDEST = EmbeddedVersion.OLDEST;
    private static final int NEWEST = EmbeddedVersion.NEWEST;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) throws SQLException {
        return outcome(context.serverVersionNum() / 10000, context.serverVersion());
    }

    /** The outcome for a server of major {@code major} that prints its version as {@code version}. */
    static CheckOutcome outcome(int major, String version) {
        String range = "supported: " + OLDEST + " to " + NEWEST;
        if (major < OLDEST) {
            return CheckOutcome.fail(
                    NAME,
                    "PostgreSQL " + version + " is older than this tool supports (" + range + ")",
                    "upgrade the server to PostgreSQL " + OLDEST + " or newer");
        }
        if (major > NEWEST) {
            return CheckOutcome.fail(
                    NAME,
                    "PostgreSQL " + version + " is newer than this tool supports (" + range + ")",
                    "use a release of migrate that supports PostgreSQL " + major + ", or a server " + OLDEST + " to "
                            + NEWEST);
        }
        return CheckOutcome.pass(NAME, "PostgreSQL " + version + " (" + range + ")");
    }
}
