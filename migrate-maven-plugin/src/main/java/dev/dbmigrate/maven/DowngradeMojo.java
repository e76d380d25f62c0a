package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Undoes the newest applied migrations with their {@code U} scripts ({@code alembic downgrade -1}): the last
 * {@code migrate.steps} (default 1), or every one above {@code migrate.target} ({@code 0} undoes all).
 */
@Mojo(name = "downgrade", threadSafe = true, requiresProject = true)
public final class DowngradeMojo extends MigrationsMojo {
    /** How many migrations to undo ({@code -Dmigrate.steps}, default 1). */
    @Parameter(property = "migrate.steps")
    private String steps;

    /** Version to go back to ({@code -Dmigrate.target}); {@code 0} undoes every migration. */
    @Parameter(property = "migrate.target")
    private String target;

    /**
     * Folder holding pg_dump, pg_restore and psql, for the backup a protected environment takes first
     * ({@code -Dmigrate.pgBinDir}; default PATH, then /usr/lib/postgresql).
     */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    /**
     * How long to wait for another run's migration lock, and then for the lock Flyway takes on the same history table,
     * e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min).
     */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    /** The {@code downgrade} goal. */
    public DowngradeMojo() {
        super("downgrade");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        put(values, MigrateProperty.STEPS, steps);
        put(values, MigrateProperty.TARGET, target);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
