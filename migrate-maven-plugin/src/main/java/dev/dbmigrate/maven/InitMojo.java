package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the history table and applies every migration to an empty database ({@code migrate.py init}). An existing
 * schema without history is refused unless {@code migrate.baselineVersion} records it as a baseline.
 */
@Mojo(name = "init", threadSafe = true, requiresProject = true)
public final class InitMojo extends MigrationsMojo {
    /** Version to record as the baseline of an existing schema ({@code -Dmigrate.baselineVersion}). */
    @Parameter(property = "migrate.baselineVersion")
    private String baselineVersion;

    /** Version to stop at ({@code -Dmigrate.target}; default: the latest). */
    @Parameter(property = "migrate.target")
    private String target;

    /**
     * How long to wait for another run's migration lock, and then for the lock Flyway takes on the same history table,
     * e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min).
     */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    /** The {@code init} goal. */
    public InitMojo() {
        super("init");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        put(values, MigrateProperty.BASELINE_VERSION, baselineVersion);
        put(values, MigrateProperty.TARGET, target);
    }
}
