package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Backs up the environment's database with {@code pg_dump} into the profile's backup folder (default
 * {@code backups/<env>}): named with environment, time and schema version, with a SHA-256 beside it and a check that
 * {@code pg_restore --list} reads it ("Always backup before migrations").
 */
@Mojo(name = "backup", threadSafe = true, requiresProject = true)
public final class BackupMojo extends DatabaseMojo {
    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}; default PATH, then /usr/lib/postgresql). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    /** The {@code backup} goal. */
    public BackupMojo() {
        super("backup");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
