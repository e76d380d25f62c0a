package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compares two schemas ({@code -Dmigrate.from=A -Dmigrate.to=B}), each an environment, {@code migrations} (what the
 * files build) or a snapshot file, and prints one line per difference. Each environment's connection comes from its
 * own profile, {@code environments/<env>.yml}, so this goal has no parameters for it.
 */
@Mojo(name = "diff", threadSafe = true, requiresProject = true)
public final class DiffMojo extends AbstractMigrateMojo {
    /** One side ({@code -Dmigrate.from}): an environment, {@code migrations} or a snapshot file. */
    @Parameter(property = "migrate.from")
    private String from;

    /** The other side ({@code -Dmigrate.to}): an environment, {@code migrations} or a snapshot file. */
    @Parameter(property = "migrate.to")
    private String to;

    /** {@code text}, {@code json} or {@code markdown} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the differences to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /** Fail the build when the two sides differ ({@code -Dmigrate.failOnDifference}, default false). */
    @Parameter(property = "migrate.failOnDifference")
    private String failOnDifference;

    /** Comma-separated schemas to compare ({@code -Dmigrate.schemas}, default each environment's, else {@code public}). */
    @Parameter(property = "migrate.schemas")
    private String schemas;

    /** History table, left out of the comparison ({@code -Dmigrate.table}, default {@code flyway_schema_history}). */
    @Parameter(property = "migrate.table")
    private String table;

    /** Comma-separated migration locations ({@code -Dmigrate.locations}, default {@code filesystem:src/main/resources/db/migration}). */
    @Parameter(property = "migrate.locations")
    private String locations;

    /** A missing or empty migration location is not an error ({@code -Dmigrate.allowEmpty}). */
    @Parameter(property = "migrate.allowEmpty")
    private String allowEmpty;

    /**
     * Skip, with a warning, files in a migration location that look like migrations but do not follow the naming
     * ({@code -Dmigrate.ignoreMisnamed}, default false: the goal refuses them).
     */
    @Parameter(property = "migrate.ignoreMisnamed")
    private String ignoreMisnamed;

    /** Apply pending migrations older than the newest applied one ({@code -Dmigrate.outOfOrder}). */
    @Parameter(property = "migrate.outOfOrder")
    private String outOfOrder;

    /**
     * PostgreSQL version of the scratch server that builds the migrations ({@code -Dmigrate.embeddedVersion}): a major
     * from 12 to 18, such as {@code 16}, or a bundle version such as {@code 16.10.0}; default 15.
     */
    @Parameter(property = "migrate.embeddedVersion")
    private String embeddedVersion;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FROM, from);
        put(values, MigrateProperty.TO, to);
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
        put(values, MigrateProperty.FAIL_ON_DIFFERENCE, failOnDifference);
        put(values, MigrateProperty.SCHEMAS, schemas);
        put(values, MigrateProperty.TABLE, table);
        put(values, MigrateProperty.LOCATIONS, locations);
        put(values, MigrateProperty.ALLOW_EMPTY, allowEmpty);
        put(values, MigrateProperty.OUT_OF_ORDER, outOfOrder);
        put(values, MigrateProperty.IGNORE_MISNAMED, ignoreMisnamed);
        put(values, MigrateProperty.EMBEDDED_VERSION, embeddedVersion);
    }

    /** The {@code diff} goal. */
    public DiffMojo() {
        super("diff");
    }
}
