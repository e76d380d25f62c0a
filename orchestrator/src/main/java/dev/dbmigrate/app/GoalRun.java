package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The inputs of one run of a {@link Goal}, as a front end collected them.
 *
 * @param values      the options given, by {@link dev.dbmigrate.config.MigrateProperty#key()}
 * @param environment the process environment ({@code DATABASE_URL}, {@code CI}, the profiles' variables)
 * @param projectDir  the project folder
 * @param buildDir    the build folder ({@code target})
 * @param listener    where the run's events go
 * @param ask         puts a confirmation question to the user; returns {@code null} when nobody can be asked
 * @param prompt      asks for the description of a new migration; returns {@code null} when nobody can be asked
 * @param projectClasspath the project's class path, where {@code -Dmigrate.schemaSource=jpa} finds the entities and
 *                    Hibernate: the plugin's project output folder and compile dependencies ({@code create} resolves
 *                    them; other goals give none), the CLI's own class path
 */
public record GoalRun(
        Map<String, String> values,
        Map<String, String> environment,
        Path projectDir,
        Path buildDir,
        MigrateListener listener,
        UnaryOperator<String> ask,
        Supplier<String> prompt,
        List<Path> projectClasspath) {
    /** The settings of one environment, resolved from the values, the environment and the profile. */
    public MigrateSettings settings() {
        return SettingsResolver.resolve(values, environment, projectDir, buildDir);
    }
}
