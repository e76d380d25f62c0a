package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.engine.Results;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the current version and the pending count ({@code alembic current}), and exports the version as the Maven
 * property {@code migrate.current} for later plugins in the same build.
 */
@Mojo(name = "current", threadSafe = true, requiresProject = true)
public final class CurrentMojo extends MigrationsMojo {
    /** The Maven property the current version is exported to (empty when nothing is applied). */
    public static final String EXPORTED_PROPERTY = "migrate.current";

    /** Fail the build when migrations are pending, as a CI gate ({@code -Dmigrate.failIfPending}). */
    @Parameter(property = "migrate.failIfPending")
    private String failIfPending;

    /**
     * With {@code failIfPending}, a migration without an undo script fails the gate ({@code -Dmigrate.requireUndo},
     * default true), as it fails {@code validate}.
     */
    @Parameter(property = "migrate.requireUndo")
    private String requireUndo;

    /** The {@code current} goal. */
    public CurrentMojo() {
        super("current");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FAIL_IF_PENDING, failIfPending);
        put(values, MigrateProperty.REQUIRE_UNDO, requireUndo);
    }

    /** Exports the current version for later plugins in the same build. */
    @Override
    void finished(Object result) {
        Results.Current current = (Results.Current) result;
        project.getProperties().setProperty(EXPORTED_PROPERTY, current.version() == null ? "" : current.version());
    }
}
