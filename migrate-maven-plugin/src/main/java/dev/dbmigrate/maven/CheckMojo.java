package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The drift check: compares the environment ({@code -Dmigrate.env}) with what its applied migrations build in a
 * throwaway embedded database, and fails listing every difference (an index added by hand, a column changed outside
 * migrations, a function redefined, an applied file edited or gone).
 */
@Mojo(name = "check", threadSafe = true, requiresProject = true)
public final class CheckMojo extends MigrationsMojo {
    /** {@code text}, {@code json} or {@code markdown} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the result to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
    }

    /** The {@code check} goal. */
    public CheckMojo() {
        super("check");
    }
}
