package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Applies pending migrations up to {@code migrate.target} (default latest), one transaction each ({@code alembic upgrade head}). */
@Mojo(name = "upgrade", threadSafe = true, requiresProject = true)
public final class UpgradeMojo extends MigrationsMojo {
    /** Version to stop at ({@code -Dmigrate.target}; default: the latest). */
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

    /** The {@code upgrade} goal. */
    public UpgradeMojo() {
        super("upgrade");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        put(values, MigrateProperty.TARGET, target);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
