package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.ProfileLoader;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Masking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads what the user wrote for one side of a comparison ({@code -Dmigrate.from}, {@code -Dmigrate.to}): the word
 * {@code migrations}, a snapshot file (a path ending in {@code .json}, or any existing file), or an environment that has
 * a profile in {@code environments/} ({@code dev} also without one). Anything else fails with a message listing what a
 * side can be.
 */
public final class SnapshotSides {
    /** Connection properties that would point an environment side at another database. */
    private static final List<MigrateProperty> PER_ENVIRONMENT =
            List.of(MigrateProperty.URL, MigrateProperty.USER, MigrateProperty.PASSWORD);

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path projectDir;
    private final Path buildDir;

    /**
     * @param properties  the run's values by {@link MigrateProperty#key()} (schemas, table and locations apply to
     *                    every side)
     * @param environment the process environment (profile interpolation, {@code DATABASE_URL})
     * @param projectDir  the project folder: {@code environments/} and relative snapshot files are found there
     * @param buildDir    the build folder
     */
    public SnapshotSides(
            Map<String, String> properties, Map<String, String> environment, Path projectDir, Path buildDir) {
        this.properties = Map.copyOf(properties);
        this.environment = environment;
        this.projectDir = projectDir;
        this.buildDir = buildDir;
    }

    /**
     * The side {@code written} names; {@code chosenBy} is the property it was given with, for the messages.
     *
     * @throws MigrateException ({@link ErrorCode#CONFIGURATION}) when it is none of the three, or when it is missing
     */
    public SnapshotSide parse(String written, MigrateProperty chosenBy) {
        if (written == null || written.isBlank()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    chosenBy.property() + " is not set; nothing was changed (" + whatASideCanBe(chosenBy) + ")");
        }
        String text = written.strip();
        if (text.equals(SnapshotSide.Migrations.WORD)) {
            return new SnapshotSide.Migrations(settings(null));
        }
        Path file = projectDir.resolve(text).normalize();
        if (text.endsWith(".json") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        chosenBy.property() + " = '" + text + "' names a snapshot file that does not exist ("
                                + file + "); nothing was changed (write it first with "
                                + FixHint.goal("snapshot") + ", or give the path of an existing one)");
            }
            return new SnapshotSide.File(file, text);
        }
        if (environments().contains(text)) {
            refuseConnectionProperties(text);
            return new SnapshotSide.Environment(settings(text));
        }
        throw new MigrateException(
                ErrorCode.CONFIGURATION,
                chosenBy.property() + " = '" + Masking.inText(text) + "' is not an environment, not "
                        + SnapshotSide.Migrations.WORD + " and not a snapshot file (no file " + file
                        + "); nothing was changed (" + whatASideCanBe(chosenBy) + ")");
    }

    /**
     * The settings the {@code migrations} side is built with when no environment side gives its scope: the run's
     * values, with the default environment's profile.
     */
    public MigrateSettings defaults() {
        return settings(null);
    }

    /** The settings of the environment {@code env} ({@code null}: the run's own), its connection from its profile. */
    private MigrateSettings settings(String env) {
        Map<String, String> values = new HashMap<>(properties);
        if (env != null) {
            values.put(MigrateProperty.ENV.key(), env);
        }
        try {
            return SettingsResolver.resolve(values, environment, projectDir, buildDir);
        } catch (ProfileLoader.UnknownEnvironment e) {
            throw e.namedBy(MigrateProperty.ENV);
        }
    }

    private void refuseConnectionProperties(String env) {
        for (MigrateProperty p : PER_ENVIRONMENT) {
            String value = properties.get(p.key());
            if (value != null && !value.isBlank()) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "an environment side takes its connection from environments/" + env + ".yml, so "
                                + p.property() + " would apply to every side; nothing was changed (remove "
                                + p.property() + " and set url, user and password in the profile)");
            }
        }
    }

    /** The environments a side can name: those with a profile, and the default {@code dev}. */
    private List<String> environments() {
        TreeSet<String> known = new TreeSet<>(ProfileLoader.profiles(projectDir.resolve("environments")));
        known.add(ProfileLoader.DEFAULT_ENVIRONMENT);
        return List.copyOf(known);
    }

    private String whatASideCanBe(MigrateProperty chosenBy) {
        List<String> known = environments();
        return "a side is an environment (" + String.join(", ", known) + "), " + SnapshotSide.Migrations.WORD
                + " (what the migration files build), or a snapshot file"
                + " written by " + FixHint.goal("snapshot") + " (a path ending in .json); for example "
                + FixHint.set(chosenBy, SnapshotSide.Migrations.WORD);
    }
}
