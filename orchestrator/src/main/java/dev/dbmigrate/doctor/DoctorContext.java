package dev.dbmigrate.doctor;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.events.MigrateListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the checks share: the environment's settings and its database, reached through a read-only view of it (every
 * session the doctor opens, its own and those of the engine's validation, has {@code default_transaction_read_only}
 * on, so PostgreSQL refuses any write the doctor might attempt).
 */
final class DoctorContext {
    /** The startup option that makes every transaction of a session read-only. */
    static final String READ_ONLY_OPTION = "options=-c%20default_transaction_read_only%3Don";

    private final MigrateSettings settings;
    private final Database database;
    private final Database readOnly;
    private final MigrateListener listener;
    private Integer serverVersionNum;
    private String serverVersion;

    /** @param database the environment's database, or {@code null} when it could not be opened */
    DoctorContext(MigrateSettings settings, Database database, MigrateListener listener) {
        this.settings = settings;
        this.database = database;
        this.readOnly = database == null ? null : Database.at(readOnly(database.url()), settings.schemas());
        this.listener = listener;
    }

    /** {@code url} with the startup option that makes every transaction read-only; the credentials kept. */
    static DatabaseUrl readOnly(DatabaseUrl url) {
        String jdbc = url.jdbcUrl();
        return new DatabaseUrl(jdbc + (jdbc.contains("?") ? "&" : "?") + READ_ONLY_OPTION, url.user(), url.password());
    }

    MigrateSettings settings() {
        return settings;
    }

    /** The database as the settings name it (for what it is called in messages). */
    Database database() {
        return database;
    }

    /** The read-only view of the database that every check uses. */
    Database readOnly() {
        return readOnly;
    }

    /** The engine's commands over the read-only view (validation, the pending migrations). */
    Migrator migrator() {
        return new Migrator(settings, MigrateListener.NONE, readOnly);
    }

    MigrateListener listener() {
        return listener;
    }

    /** A read-only session with the managed schemas as its search path. */
    Connection connect() {
        return readOnly.connect();
    }

    /** The server's {@code server_version_num}, such as 160004, read once. */
    int serverVersionNum() throws SQLException {
        readServerVersion();
        return serverVersionNum;
    }

    /** The server's version as it prints it, such as {@code 16.4}, read once. */
    String serverVersion() throws SQLException {
        readServerVersion();
        return serverVersion;
    }

    private void readServerVersion() throws SQLException {
        if (serverVersionNum != null) {
            return;
        }
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select current_setting('server_version_num')::int," + " current_setting('server_version')")) {
            rs.next();
            serverVersionNum = rs.getInt(1);
            serverVersion = rs.getString(2);
        }
    }
}
