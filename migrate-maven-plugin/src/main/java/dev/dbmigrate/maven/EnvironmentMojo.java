package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works on one environment: its settings are resolved from the properties and the profile first. */
public abstract class EnvironmentMojo extends AbstractMigrateMojo {
    /** Environment profile: {@code environments/<env>.yml} ({@code -Dmigrate.env}, default {@code dev}). */
    @Parameter(property = "migrate.env")
    private String env;

    EnvironmentMojo(String goal) {
        super(goal);
    }

    @Override
    void collectSharedParameters(Map<String, String> values) {
        put(values, MigrateProperty.ENV, env);
    }
}
