package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Drops every object in the managed schemas but the audit table {@code migrate_audit}, which records the drop, and
 * lists what it dropped ({@code migrate.py drop}). Any database but the embedded one needs its name: typed at the
 * prompt in an interactive build, {@code -Dmigrate.confirm=<database>} in batch mode ({@code -B}, {@code CI=true}, no
 * console). A protected environment is backed up first, any other non-embedded database too when pg_dump is
 * available (unless {@code -Dmigrate.backupBeforeDrop=false}).
 */
@Mojo(name = "drop", threadSafe = true, requiresProject = true)
public final class DropMojo extends DatabaseMojo {
    /** The database name, confirming the drop ({@code -Dmigrate.confirm}). */
    @Parameter(property = "migrate.confirm")
    private String confirm;

    /** Back up a non-embedded database before the drop when pg_dump is available ({@code -Dmigrate.backupBeforeDrop}, default true). */
    @Parameter(property = "migrate.backupBeforeDrop")
    private String backupBeforeDrop;

    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    /**
     * How long to wait for another run's migration lock, and then for the lock Flyway takes on the same history table,
     * e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min).
     */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    /** The {@code drop} goal. */
    public DropMojo() {
        super("drop");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        put(values, MigrateProperty.CONFIRM, confirm);
        put(values, MigrateProperty.BACKUP_BEFORE_DROP, backupBeforeDrop);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
