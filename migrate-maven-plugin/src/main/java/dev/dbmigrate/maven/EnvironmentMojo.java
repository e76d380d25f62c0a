package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works on one environment: its settings are resolved from the properties and the profile first. */
public abstract class EnvironmentMojo extends AbstractMigrateMojo {
    /** Environment profile: {@code environments/<env>.yml} ({@code -Dmigrate.env}, default {@code dev}). */
    @Parameter(property = "migrate.env")
    private String env;

    @Override
    void collectSharedParameters(Map<String, String> values) {
        put(values, MigrateProperty.ENV, env);
    }

    /**
     * Whether the command line ({@code -Dmigrate.env}) or the POM names the environment, rather than leaving the
     * default {@code dev}.
     */
    boolean environmentGiven() {
        return env != null
                || session != null && session.getUserProperties().getProperty(MigrateProperty.ENV.property()) != null;
    }

    @Override
    protected final void run(Map<String, String> values, MigrateListener listener) {
        run(SettingsResolver.resolve(values, System.getenv(), projectDir(), buildDir()), listener);
    }

    /** Runs the goal on the environment {@code settings} describe. */
    protected abstract void run(MigrateSettings settings, MigrateListener listener);
}
