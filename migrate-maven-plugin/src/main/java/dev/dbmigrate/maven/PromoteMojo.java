package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.engine.MigrateCommands;
import dev.dbmigrate.events.MigrateListener;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Promotes a release from one environment to the next ({@code -Dmigrate.from=staging -Dmigrate.to=prod}): preflight,
 * back up, upgrade and verify the source, then back up, upgrade and verify the target; an environment whose step fails
 * is rolled back by its profile's strategy and verified again. Reports go to {@code target/migrate/} (JSON, Markdown,
 * JUnit XML) and, on GitHub Actions, to the job summary and step outputs.
 */
@Mojo(name = "promote", threadSafe = true, requiresProject = true)
public class PromoteMojo extends AbstractMigrateMojo {
    /** The environment to start from ({@code -Dmigrate.from}), e.g. staging. */
    @Parameter(property = "migrate.from")
    private String from;

    /** The environment to promote to ({@code -Dmigrate.to}; default the source profile's promotesTo). */
    @Parameter(property = "migrate.to")
    private String to;

    /** Folder holding pg_dump, pg_restore and psql ({@code -Dmigrate.pgBinDir}). */
    @Parameter(property = "migrate.pgBinDir")
    private String pgBinDir;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FROM, from);
        put(values, MigrateProperty.TO, to);
        put(values, MigrateProperty.PG_BIN_DIR, pgBinDir);
    }

    @Override
    protected void run(Map<String, String> values, MigrateListener listener) {
        MigrateCommands.promote(values, System.getenv(), projectDir(), buildDir(), listener);
    }
}
