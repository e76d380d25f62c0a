package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import java.util.Map;

/** A goal that works on one environment: its settings are resolved from the properties and the profile first. */
public abstract class EnvironmentMojo extends AbstractMigrateMojo {
    @Override
    protected final void run(Map<String, String> values, MigrateListener listener) {
        run(SettingsResolver.resolve(values, System.getenv(), projectDir(), buildDir()), listener);
    }

    /** Runs the goal on the environment {@code settings} describe. */
    protected abstract void run(MigrateSettings settings, MigrateListener listener);
}
