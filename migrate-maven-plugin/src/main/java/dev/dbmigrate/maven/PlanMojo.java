package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The dry run of {@code upgrade}: every statement it would run against the environment ({@code -Dmigrate.env}), the
 * history and audit statements included, in order, as a psql script; the database is read read-only and not changed.
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = true)
public final class PlanMojo extends MigrationsMojo {
    /** Version to plan up to ({@code -Dmigrate.target}; default: the latest). */
    @Parameter(property = "migrate.target")
    private String target;

    /** File to write the script to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /**
     * The folder of sample data files {@code D<version>__<name>.sql} the trace behind the plan's annotations loads
     * ({@code -Dmigrate.sampleData}, default {@code src/test/resources/db/sample-data}).
     */
    @Parameter(property = "migrate.sampleData")
    private String sampleData;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.TARGET, target);
        put(values, MigrateProperty.OUTPUT, output);
        put(values, MigrateProperty.SAMPLE_DATA, sampleData);
    }

    /** The {@code plan} goal. */
    public PlanMojo() {
        super("plan");
    }
}
