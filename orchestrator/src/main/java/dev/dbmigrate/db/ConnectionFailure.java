package dev.dbmigrate.db;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Messages;
import java.sql.SQLException;

/** Builds the message for a database that cannot be reached or refuses the login; the kind comes from {@link SqlFailure}. */
public final class ConnectionFailure {
    private ConnectionFailure() {}

    /** Whether the error is about reaching or logging in to the database (state classes 08, 28 and 3D000). */
    public static boolean isConnectionProblem(SQLException e) {
        return SqlFailure.of(e).preventsConnecting();
    }

    /**
     * Translates an error met while opening a session: classes 08, 28, 3D000, and a missing CONNECT privilege
     * (42501), each with its own fix.
     */
    public static MigrateException of(SQLException e) {
        return of(e, null);
    }

    /** As {@link #of(SQLException)}; {@code role} (the user name, or {@code null}) goes into a GRANT the fix names. */
    public static MigrateException of(SQLException e, String role) {
        SqlFailure kind = SqlFailure.of(e);
        String reason = DatabaseUrl.mask(Messages.oneLine(e.getMessage()));
        String fix = switch (kind) {
            case INSUFFICIENT_PRIVILEGE -> SqlFailure.privilegeFix(e, role, "SELECT");
            case AUTHENTICATION, DATABASE_MISSING -> kind.fix(null);
            default -> SqlFailure.CONNECTION.fix(null);
        };
        return new MigrateException(
                ErrorCode.CONNECTION,
                "could not connect to the database: " + reason + "; nothing was changed (" + fix + ")",
                e);
    }
}
