package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes {@code V<version>__<slug>.sql} and its undo {@code U<version>__<slug>.sql} into the first location
 * ({@code migrate.py create "Add user preferences table"}). Without a message it asks for one in an interactive build.
 * It resolves the project's compile dependencies: with {@code -Dmigrate.schemaSource=jpa} the entities and the
 * project's own Hibernate are read from them (the plugin itself does not bring Hibernate).
 */
@Mojo(
        name = "create",
        threadSafe = true,
        requiresProject = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
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

    /** The output folder ({@code target/classes}), then the compile dependencies' jars. */
    @Override
    List<Path> projectClasspath() {
        try {
            return project.getCompileClasspathElements().stream().map(Path::of).toList();
        } catch (DependencyResolutionRequiredException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "create could not read the project's compile class path (" + e.getMessage()
                            + "); nothing was written (run mvn compile first, or check the dependencies resolve)",
                    e);
        }
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.MESSAGE, message);
        put(values, MigrateProperty.VERSION_SCHEME, versionScheme);
        put(values, MigrateProperty.LOCATIONS, locations);
    }
}
