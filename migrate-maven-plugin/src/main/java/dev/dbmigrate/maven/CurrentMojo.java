package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationInfo;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.events.MigrateListener;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the current version and the pending count ({@code alembic current}), and exports the version as the Maven
 * property {@code migrate.current} for later plugins in the same build.
 */
@Mojo(name = "current", threadSafe = true, requiresProject = true)
public class CurrentMojo extends AbstractMigrateMojo {
    /** The Maven property the current version is exported to. */
    public static final String EXPORTED_PROPERTY = "migrate.current";

    /** Fail the build when migrations are pending, as a CI gate ({@code -Dmigrate.failIfPending}). */
    @Parameter(property = "migrate.failIfPending")
    private String failIfPending;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FAIL_IF_PENDING, failIfPending);
    }

    @Override
    protected void run(MigrateSettings settings, MigrateListener listener) throws MojoFailureException {
        Results.Current current;
        try (Migrator migrator = new Migrator(settings, listener)) {
            current = migrator.current();
        }
        String version = current.version() == null ? "" : current.version();
        project.getProperties().setProperty(EXPORTED_PROPERTY, version);
        listener.info("Current version: " + (current.version() == null ? "<none> (nothing applied)"
                : current.version() + " (" + current.description() + ")"));
        listener.info("Pending migrations: " + current.pendingCount());
        for (MigrationInfo pending : current.pending()) {
            listener.info("  pending " + (pending.version() == null ? "repeatable" : "V" + pending.version()) + " "
                    + pending.description() + " (" + pending.script() + ")");
        }
        if (current.failedPresent()) {
            listener.warn("The history table records a failed migration: fix it and run migrate:repair");
        }
        if (settings.options().failIfPending() && current.pendingCount() > 0) {
            throw new MojoFailureException(current.pendingCount() + " migration" + (current.pendingCount() == 1
                    ? " is" : "s are") + " pending on environment " + settings.env() + " (version "
                    + (current.version() == null ? "<none>" : current.version()) + "); nothing was changed (run"
                    + " migrate:upgrade, or drop -Dmigrate.failIfPending=true)");
        }
    }
}
