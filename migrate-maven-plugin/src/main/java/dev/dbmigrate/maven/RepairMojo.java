package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Removes failed entries from the history table and realigns checksums with the files (a recovery step). */
@Mojo(name = "repair", threadSafe = true, requiresProject = true)
public final class RepairMojo extends MigrationsMojo {
    /**
     * How long to wait for another run's migration lock, and then for the lock Flyway takes on the same history table,
     * e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min).
     */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    /** The {@code repair} goal. */
    public RepairMojo() {
        super("repair");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
    }
}
