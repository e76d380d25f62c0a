package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrateCommands;
import dev.dbmigrate.events.MigrateListener;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Drops every object in the managed schemas and lists what it dropped ({@code migrate.py drop}). On a profile marked
 * {@code protected: true} it is refused unless {@code migrate.confirm} equals the database name.
 */
@Mojo(name = "drop", threadSafe = true, requiresProject = true)
public class DropMojo extends EnvironmentMojo {
    /** The database name, confirming a drop on a protected environment ({@code -Dmigrate.confirm}). */
    @Parameter(property = "migrate.confirm")
    private String confirm;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.CONFIRM, confirm);
    }

    @Override
    protected void run(MigrateSettings settings, MigrateListener listener) {
        MigrateCommands.drop(settings, listener);
    }
}
