package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Optional;

/**
 * One option of a goal: the {@code migrate.*} property that sets it (in the POM, with {@code -D}, and as
 * {@code --<name>} on the CLI) and what it means. Its default is part of the description, because the value itself is
 * chosen where the settings are resolved ({@code SettingsResolver}, the profile), not by a front end: an option the
 * user did not give is absent, so that a profile's value is not overridden by a default.
 *
 * @param property the property, e.g. {@link MigrateProperty#STEPS}
 */
public record GoalOption(MigrateProperty property) {
    /** The Maven property, e.g. {@code migrate.steps}. */
    public String mavenProperty() {
        return property.property();
    }

    /**
     * The CLI option, e.g. {@code --steps}; empty for {@code serverId}, which names a {@code <server>} in Maven's
     * settings.xml and so exists only for the Maven goals.
     */
    public Optional<String> cliName() {
        return property == MigrateProperty.SERVER_ID ? Optional.empty() : Optional.of("--" + property.option());
    }

    /** What the option does, with its default where it has one. */
    public String description() {
        return property.description();
    }
}
