package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the schema of the environment ({@code -Dmigrate.env}), or of what the migration files build in a throwaway
 * embedded database ({@code -Dmigrate.from=migrations}), as stable, sorted JSON that diffs cleanly in git.
 */
@Mojo(name = "snapshot", threadSafe = true, requiresProject = true)
public final class SnapshotMojo extends MigrationsMojo {
    /** {@code migrations}: the snapshot of what the migration files build instead of the environment's ({@code -Dmigrate.from}). */
    @Parameter(property = "migrate.from")
    private String from;

    /**
     * The file to write ({@code -Dmigrate.output}, relative to the project; default
     * {@code target/migrate/snapshot-<env|migrations>.json}).
     */
    @Parameter(property = "migrate.output")
    private String output;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FROM, from);
        put(values, MigrateProperty.OUTPUT, output);
    }

    /** The {@code snapshot} goal. */
    public SnapshotMojo() {
        super("snapshot");
    }
}
