package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Promotes a release from one environment to the next ({@code -Dmigrate.from=staging -Dmigrate.to=prod}): preflight,
 * back up, upgrade and verify the source, then back up, upgrade and verify the target; an environment whose step fails
 * is rolled back by its profile's strategy and verified again. Reports go to {@code target/migrate/} (JSON, Markdown,
 * JUnit XML) and, on GitHub Actions, to the job summary and step outputs. Each environment's connection (url, user,
 * password, schemas) comes from its own profile, {@code environments/<env>.yml}, so this goal has no parameters for it.
 */
@Mojo(name = "promote", threadSafe = true, requiresProject = true)
public final class PromoteMojo extends AbstractMigrateMojo {
    /** The environment to start from ({@code -Dmigrate.from}), e.g. staging. */
    @Parameter(property = "migrate.from")
    private String from;

    /** The environment to promote to ({@code -Dmigrate.to}; default the source profile's promotesTo). */
    @Parameter(property = "migrate.to")
    private String to;

    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

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

    /** History table ({@code -Dmigrate.table}, default {@code flyway_schema_history}). */
    @Parameter(property = "migrate.table")
    private String table;

    /** How long to wait for another run's migration lock, e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min). */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    /**
     * PostgreSQL version of the embedded database, of an environment whose profile names no database
     * ({@code -Dmigrate.embeddedVersion}): a major from 12 to 18, such as {@code 16}, or a bundle version such as
     * {@code 16.10.0}; default 15.
     */
    @Parameter(property = "migrate.embeddedVersion")
    private String embeddedVersion;

    /** The {@code promote} goal. */
    public PromoteMojo() {
        super("promote");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FROM, from);
        put(values, MigrateProperty.TO, to);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
        put(values, MigrateProperty.LOCATIONS, locations);
        put(values, MigrateProperty.ALLOW_EMPTY, allowEmpty);
        put(values, MigrateProperty.OUT_OF_ORDER, outOfOrder);
        put(values, MigrateProperty.IGNORE_MISNAMED, ignoreMisnamed);
        put(values, MigrateProperty.TABLE, table);
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        put(values, MigrateProperty.EMBEDDED_VERSION, embeddedVersion);
    }
}
