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

    /**
     * Write the migration from the desired schema instead of an empty template, proven in a throwaway database first
     * ({@code -Dmigrate.autogenerate}, default false).
     */
    @Parameter(property = "migrate.autogenerate")
    private String autogenerate;

    /**
     * The desired schema: a {@code .sql} file, or a folder whose {@code .sql} files are read in name order
     * ({@code -Dmigrate.schemaFile}, default {@code src/main/resources/db/schema.sql}).
     */
    @Parameter(property = "migrate.schemaFile")
    private String schemaFile;

    /** {@code sql} (the schema file, default) or {@code jpa} (the entities) ({@code -Dmigrate.schemaSource}). */
    @Parameter(property = "migrate.schemaSource")
    private String schemaSource;

    /** Comma-separated packages of the JPA entities ({@code -Dmigrate.entityPackages}). */
    @Parameter(property = "migrate.entityPackages")
    private String entityPackages;

    /** Write destructive changes as statements, not commented out ({@code -Dmigrate.allowDestructive}). */
    @Parameter(property = "migrate.allowDestructive")
    private String allowDestructive;

    /** Confirmed renames, {@code table.old:new} or {@code old:new}, comma-separated ({@code -Dmigrate.rename}). */
    @Parameter(property = "migrate.rename")
    private String rename;

    /** Folder of sample data files for the proof ({@code -Dmigrate.sampleData}). */
    @Parameter(property = "migrate.sampleData")
    private String sampleData;

    /** Comma-separated managed schemas ({@code -Dmigrate.schemas}, default public). */
    @Parameter(property = "migrate.schemas")
    private String schemas;

    /** The history table ({@code -Dmigrate.table}). */
    @Parameter(property = "migrate.table")
    private String table;

    /** PostgreSQL major of the throwaway databases ({@code -Dmigrate.embeddedVersion}). */
    @Parameter(property = "migrate.embeddedVersion")
    private String embeddedVersion;

    /** Skip misnamed files with a warning ({@code -Dmigrate.ignoreMisnamed}). */
    @Parameter(property = "migrate.ignoreMisnamed")
    private String ignoreMisnamed;

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
        put(values, MigrateProperty.AUTOGENERATE, autogenerate);
        put(values, MigrateProperty.SCHEMA_FILE, schemaFile);
        put(values, MigrateProperty.SCHEMA_SOURCE, schemaSource);
        put(values, MigrateProperty.ENTITY_PACKAGES, entityPackages);
        put(values, MigrateProperty.ALLOW_DESTRUCTIVE, allowDestructive);
        put(values, MigrateProperty.RENAME, rename);
        put(values, MigrateProperty.SAMPLE_DATA, sampleData);
        put(values, MigrateProperty.SCHEMAS, schemas);
        put(values, MigrateProperty.TABLE, table);
        put(values, MigrateProperty.EMBEDDED_VERSION, embeddedVersion);
        put(values, MigrateProperty.IGNORE_MISNAMED, ignoreMisnamed);
    }
}
