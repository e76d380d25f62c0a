package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The preflight checks of the environment ({@code -Dmigrate.env}), one line each with what to do when it fails: the
 * connection (and TLS), the server version, the privileges the pending migrations need, the history table,
 * {@code pg_dump}/{@code pg_restore}, the backup folder, the timeouts of a protected environment and INVALID indexes.
 * Fails when a check fails; changes nothing.
 */
@Mojo(name = "doctor", threadSafe = true, requiresProject = true)
public final class DoctorMojo extends MigrationsMojo {
    /** {@code text} or {@code json} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the report to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}; default PATH, then /usr/lib/postgresql). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    /** The {@code doctor} goal. */
    public DoctorMojo() {
        super("doctor");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }
}
