package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The safety rules over the migration files: reports every finding with its file, line, rule and safe alternative,
 * and fails on a finding at or above {@code -Dmigrate.lint.failOn}. With {@code -Dmigrate.lint.scope=pending}, only
 * the findings about the migrations pending on {@code -Dmigrate.env} are reported. Changes nothing in any database.
 */
@Mojo(name = "lint", threadSafe = true, requiresProject = true)
public final class LintMojo extends MigrationsMojo {
    /** {@code text}, {@code json}, {@code sarif} or {@code junit} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the report to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /**
     * {@code all} (default) or {@code pending}: only the migrations pending on the environment
     * ({@code -Dmigrate.lint.scope}).
     */
    @Parameter(property = "migrate.lint.scope")
    private String lintScope;

    /**
     * The lowest severity that fails the build: {@code error} (default), {@code warning} or {@code never}
     * ({@code -Dmigrate.lint.failOn}).
     */
    @Parameter(property = "migrate.lint.failOn")
    private String lintFailOn;

    /**
     * {@code true}: also run each migration in a throwaway database and report its locks, rewrites and what would
     * queue behind an open transaction ({@code -Dmigrate.lint.trace}, default false).
     */
    @Parameter(property = "migrate.lint.trace")
    private String lintTrace;

    /**
     * The folder of sample data files {@code D<version>__<name>.sql} the trace loads ({@code -Dmigrate.sampleData},
     * default {@code src/test/resources/db/sample-data}).
     */
    @Parameter(property = "migrate.sampleData")
    private String sampleData;

    /** A migration without its undo script is an error, else a warning ({@code -Dmigrate.requireUndo}, default true). */
    @Parameter(property = "migrate.requireUndo")
    private String requireUndo;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
        put(values, MigrateProperty.LINT_SCOPE, lintScope);
        put(values, MigrateProperty.LINT_FAIL_ON, lintFailOn);
        put(values, MigrateProperty.LINT_TRACE, lintTrace);
        put(values, MigrateProperty.SAMPLE_DATA, sampleData);
        put(values, MigrateProperty.REQUIRE_UNDO, requireUndo);
    }

    /** The {@code lint} goal. */
    public LintMojo() {
        super("lint");
    }
}
