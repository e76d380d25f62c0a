package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code V<version>__<slug>.sql} and its undo {@code U<version>__<slug>.sql} into the first location
 * ({@code migrate.py create "Add user preferences table"}). Without a message it asks for one in an interactive build.
 */
@Mojo(name = "create", threadSafe = true, requiresProject = true)
public final class CreateMojo extends EnvironmentMojo {
    /** What the migration does, e.g. "Add user preferences table" ({@code -Dmigrate.message}). */
    @Parameter(property = "migrate.message")
    private String message;

    /** {@code timestamp} (default: yyyyMMddHHmmss, no collisions between branches) or {@code sequential} ({@code -Dmigrate.versionScheme}). */
    @Parameter(property = "migrate.versionScheme")
    private String versionScheme;

    /**
     * Comma-separated migration locations; the files are written into the first ({@code -Dmigrate.locations},
     * default {@code filesystem:src/main/resources/db/migration}).
     */
    @Parameter(property = "migrate.locations")
    private String locations;

    /** The {@code create} goal. */
    public CreateMojo() {
        super("create");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.MESSAGE, message);
        put(values, MigrateProperty.VERSION_SCHEME, versionScheme);
        put(values, MigrateProperty.LOCATIONS, locations);
    }
}
