package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that connects to the environment's database: where it is, who connects, and the tool's tables. */
public abstract class DatabaseMojo extends EnvironmentMojo {
    /**
     * JDBC URL or {@code postgresql://user:pw@host:5432/db} ({@code -Dmigrate.url}). Like the password, the property
     * is read from the session rather than injected, because a URL may hold a password and Maven's debug output
     * ({@code -X}) prints every injected parameter's value. A URL with a password in the POM's
     * {@code <configuration>} does show there, so the goal warns about it.
     */
    @Parameter
    private String url;

    /** Database user ({@code -Dmigrate.user}). */
    @Parameter(property = "migrate.user")
    private String user;

    /**
     * Database password ({@code -Dmigrate.password}); prefer {@code serverId} or a profile variable. The command-line
     * property is read directly rather than injected, so Maven's debug output ({@code -X}) does not show it. A
     * password in the POM's {@code <configuration>} does show there (Maven prints the configuration it resolved), so
     * the goal warns about it.
     */
    @Parameter
    private String password;

    /** Id of a {@code <server>} in settings.xml whose username and (encrypted) password are used ({@code -Dmigrate.serverId}). */
    @Parameter(property = "migrate.serverId")
    private String serverId;

    /** Comma-separated managed schemas ({@code -Dmigrate.schemas}, default the profile's, else {@code public}). */
    @Parameter(property = "migrate.schemas")
    private String schemas;

    /** History table ({@code -Dmigrate.table}, default {@code flyway_schema_history}). */
    @Parameter(property = "migrate.table")
    private String table;

    /**
     * PostgreSQL version of the embedded database, started when no database is configured
     * ({@code -Dmigrate.embeddedVersion}): a major from 12 to 18, such as {@code 16}, or a bundle version such as
     * {@code 16.10.0}; default 15.
     */
    @Parameter(property = "migrate.embeddedVersion")
    private String embeddedVersion;

    DatabaseMojo(String goal) {
        super(goal);
    }

    @Override
    void collectSharedParameters(Map<String, String> values) {
        super.collectSharedParameters(values);
        put(values, MigrateProperty.URL, url);
        put(values, MigrateProperty.USER, user);
        put(values, MigrateProperty.PASSWORD, password);
        put(values, MigrateProperty.SERVER_ID, serverId);
        put(values, MigrateProperty.SCHEMAS, schemas);
        put(values, MigrateProperty.TABLE, table);
        put(values, MigrateProperty.EMBEDDED_VERSION, embeddedVersion);
    }

    @Override
    String pomPassword() {
        return password;
    }

    @Override
    String pomUrl() {
        return url;
    }
}
