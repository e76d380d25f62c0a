package dev.dbmigrate.config;

import dev.dbmigrate.config.MigrateSettings.CommandOptions;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds {@link MigrateSettings} in one documented order: defaults &lt; environment profile &lt; properties (the
 * adapter has already layered POM configuration, environment and {@code -D} properties into one map, the last
 * winning). The connection comes from {@code migrate.url}, else the profile's {@code url}, else {@code DATABASE_URL},
 * else the embedded PostgreSQL (never for a protected profile).
 */
public final class SettingsResolver {
    /** The default migration location, relative to the project. */
    public static final String DEFAULT_LOCATION = "filesystem:src/main/resources/db/migration";
    /** Flyway's history table, kept so Flyway and Spring Boot keep working on the same database. */
    public static final String DEFAULT_TABLE = "flyway_schema_history";
    /** How long a run waits for another run's migration lock by default. */
    public static final java.time.Duration DEFAULT_LOCK_WAIT = java.time.Duration.ofMinutes(10);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private SettingsResolver() {}

    /**
     * @param properties  values by {@link MigrateProperty#key()}; blank values count as unset
     * @param environment the process environment (for {@code DATABASE_URL} and profile interpolation)
     * @param projectDir  the project folder
     * @param buildDir    the build output folder
     */
    public static MigrateSettings resolve(
            Map<String, String> properties, Map<String, String> environment, Path projectDir, Path buildDir) {
        try {
            return resolveChecked(properties, environment, projectDir, buildDir);
        } catch (MigrateException e) {
            // settings are resolved before the first connection: say so in every configuration error
            if (e.code() == ErrorCode.CONFIGURATION && !e.getMessage().contains("nothing was changed")) {
                throw new MigrateException(e.code(), e.getMessage() + "; nothing was changed", e.getCause());
            }
            throw e;
        }
    }

    private static MigrateSettings resolveChecked(
            Map<String, String> properties, Map<String, String> environment, Path projectDir, Path buildDir) {
        PropertyValues values = new PropertyValues(properties, projectDir);
        // every value is checked on its own and every problem collected, so one run reports all of them
        SettingsProblems problems = new SettingsProblems();
        String env = values.get(MigrateProperty.ENV, ProfileLoader.DEFAULT_ENVIRONMENT);
        EnvironmentProfile profile = problems.check(() -> ProfileLoader.load(projectDir, env, environment), null);
        Connection connection =
                profile == null ? null : problems.check(() -> connection(values, environment, env, profile), null);
        List<String> schemas = schemas(values, profile, problems);
        String table = values.get(MigrateProperty.TABLE, DEFAULT_TABLE);
        problems.check(() -> requireIdentifier(MigrateProperty.TABLE, table));
        List<Path> locations = locations(values, projectDir, problems);
        CommandOptions options = CommandOptions.read(values, problems);
        problems.throwIfAny();
        return new MigrateSettings(
                projectDir,
                buildDir,
                profile,
                connection.source(),
                connection.database(),
                schemas,
                locations,
                table,
                options,
                MigrateSettings.Executor.of(System.getProperty(MigrateSettings.Executor.PROPERTY)));
    }

    /** {@code migrate.schemas}, else the profile's, else {@code public}. */
    private static List<String> schemas(PropertyValues values, EnvironmentProfile profile, SettingsProblems problems) {
        List<String> schemas = values.list(MigrateProperty.SCHEMAS);
        if (schemas.isEmpty()) {
            schemas = profile == null || profile.schemas().isEmpty() ? List.of("public") : profile.schemas();
        }
        for (String schema : schemas) {
            problems.check(() -> requireIdentifier(MigrateProperty.SCHEMAS, schema));
        }
        return List.copyOf(schemas);
    }

    /** {@code migrate.locations}, else {@link #DEFAULT_LOCATION}, each resolved against the project. */
    private static List<Path> locations(PropertyValues values, Path projectDir, SettingsProblems problems) {
        List<String> rawLocations = values.list(MigrateProperty.LOCATIONS);
        if (rawLocations.isEmpty()) {
            rawLocations = List.of(DEFAULT_LOCATION);
        }
        List<Path> locations = new ArrayList<>();
        for (String location : rawLocations) {
            problems.check(() -> locations.add(toPath(location, projectDir)), false);
        }
        return List.copyOf(locations);
    }

    /** Where the database comes from, and its URL with credentials ({@code null} for the embedded database). */
    private record Connection(ConnectionSource source, DatabaseUrl database) {}

    private static Connection connection(
            PropertyValues values, Map<String, String> environment, String env, EnvironmentProfile profile) {
        ConnectionSource source;
        DatabaseUrl database = null;
        String explicitUrl = values.get(MigrateProperty.URL, null);
        String envUrl = environment.get("DATABASE_URL");
        if (explicitUrl != null) {
            source = ConnectionSource.EXPLICIT;
            database = DatabaseUrl.parse(explicitUrl, MigrateProperty.URL.property());
        } else if (profile.url() != null && !profile.url().isBlank()) {
            source = ConnectionSource.PROFILE;
            database = DatabaseUrl.parse(profile.url(), profileKey(profile, "url"));
        } else if (envUrl != null && !envUrl.isBlank()) {
            source = ConnectionSource.DATABASE_URL;
            database = DatabaseUrl.parse(envUrl, "environment variable DATABASE_URL");
        } else if (profile.protectedEnv()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "environment '" + env
                            + "' is protected and names no database: nothing was changed (set url in "
                            + describe(profile) + ", or pass -D" + MigrateProperty.URL.property()
                            + "; a protected environment"
                            + " never uses the embedded database)");
        } else {
            source = ConnectionSource.EMBEDDED;
        }
        if (database != null) {
            String user = firstNonNull(values.get(MigrateProperty.USER, null), database.user(), profile.user());
            Secret password = Secret.of(firstNonNull(
                    values.get(MigrateProperty.PASSWORD, null),
                    database.password().value(),
                    profile.password().value()));
            database = database.withCredentials(user, password);
        }
        return new Connection(source, database);
    }

    /**
     * Reads a boolean property as Maven users expect: unset or empty is false, {@code true}/{@code false} in any
     * case, anything else is an error naming the property.
     */
    public static boolean parseBoolean(MigrateProperty property, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw invalid(property, value, "use true or false");
    }

    private static Path toPath(String location, Path projectDir) {
        String l = location.strip();
        if (l.startsWith("filesystem:")) {
            l = l.substring("filesystem:".length());
        } else if (l.startsWith("classpath:")) {
            l = "src/main/resources/" + l.substring("classpath:".length()).replaceFirst("^/+", "");
        } else if (l.matches("^[a-z][a-z0-9+]*:.*") && !l.matches("^[A-Za-z]:[\\\\/].*")) {
            throw invalid(
                    MigrateProperty.LOCATIONS, location, "use a folder, filesystem:<folder> or classpath:<folder>");
        }
        return projectDir.resolve(l).normalize();
    }

    private static void requireIdentifier(MigrateProperty property, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw invalid(
                    property, name, "use a plain SQL identifier: letters, digits and _ , not starting with a digit");
        }
    }

    static MigrateException invalid(MigrateProperty property, String value, String fix) {
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                property.property() + " = '" + Masking.inText(value) + "' is not valid (" + fix + ")");
    }

    private static String profileKey(EnvironmentProfile profile, String key) {
        return describe(profile) + ": " + key;
    }

    private static String describe(EnvironmentProfile profile) {
        return profile.file() == null
                ? "environments/" + profile.name() + ".yml"
                : "environments/" + profile.file().getFileName();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... candidates) {
        return Arrays.stream(candidates)
                .filter(c -> c != null && !(c instanceof String s && s.isEmpty()))
                .findFirst()
                .orElse(null);
    }
}
