package dev.dbmigrate.engine;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.sql.SQLException;

/** Builds the message for a database that cannot be reached or refuses the login. */
public final class ConnectionFailure {
    private ConnectionFailure() {
    }

    /** Whether the error is about reaching or logging in to the database (state classes 08, 28 and 3D000). */
    public static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("28") || state.equals("3D000");
    }

    /** Translates a connection-level SQL error (state classes 08, 28 and 3D000). */
    public static MigrateException of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = DatabaseUrl.mask(Messages.oneLine(e.getMessage()));
        String fix;
        if (state.startsWith("28")) {
            fix = "check the user and password: -Dmigrate.user/-Dmigrate.password, -Dmigrate.serverId, the profile's"
                    + " user/password, or the credentials in the URL";
        } else if (state.equals("3D000")) {
            fix = "create the database or correct its name in the URL";
        } else {
            fix = "check that the server is running and the host and port in the URL are right"
                    + " (-Dmigrate.url, the profile's url, or DATABASE_URL)";
        }
        return new MigrateException(ErrorCode.CONNECTION, "could not connect to the database: " + reason
                + "; nothing was changed (" + fix + ")", e);
    }
}
