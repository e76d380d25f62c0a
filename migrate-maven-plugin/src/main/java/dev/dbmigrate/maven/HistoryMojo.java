package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists every migration, applied, pending and undone, with state, when, by whom, duration and whether an undo script
 * exists; the JSON and Markdown formats add the audit trail ({@code alembic history}).
 */
@Mojo(name = "history", threadSafe = true, requiresProject = true)
public final class HistoryMojo extends MigrationsMojo {
    /** {@code text}, {@code json} or {@code markdown} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the history to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /** The {@code history} goal. */
    public HistoryMojo() {
        super("history");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
    }
}
