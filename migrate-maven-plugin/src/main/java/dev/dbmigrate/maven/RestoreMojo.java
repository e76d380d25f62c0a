package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores the managed schemas from a backup ({@code -Dmigrate.backup}, default the latest of the environment), in one
 * transaction: a restore that fails leaves the database as it was. A backup whose SHA-256 does not match is refused.
 * Any database but the embedded one needs its name: typed at the prompt of an interactive build, or
 * {@code -Dmigrate.confirm=<database name>} in batch mode; a protected environment is backed up first.
 */
@Mojo(name = "restore", threadSafe = true, requiresProject = true)
public final class RestoreMojo extends DatabaseMojo {
    /** The backup: a name in the backup folder or a path ({@code -Dmigrate.backup}; default the latest). */
    @Parameter(property = "migrate.backup")
    private String backup;

    /** The database name, confirming the restore ({@code -Dmigrate.confirm}). */
    @Parameter(property = "migrate.confirm")
    private String confirm;

    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    /** The {@code restore} goal. */
    public RestoreMojo() {
        super("restore");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.BACKUP, backup);
        put(values, MigrateProperty.CONFIRM, confirm);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
