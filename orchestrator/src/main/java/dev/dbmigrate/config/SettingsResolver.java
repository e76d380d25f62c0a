package dev.dbmigrate.config;

import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Secret;

import dev.dbmigrate.config.MigrateSettings.CommandOptions;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.config.MigrateSettings.VersionScheme;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
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
    private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

    private SettingsResolver() {
    }

    /**
     * @param properties  values by {@link MigrateProperty#key()}; blank values count as unset
     * @param environment the process environment (for {@code DATABASE_URL} and profile interpolation)
     * @param projectDir  the project folder
     * @param buildDir    the build output folder
     */
    public static MigrateSettings resolve(Map<String, String> properties, Map<String, String> environment,
                                          Path projectDir, Path buildDir) {
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

    private static MigrateSettings resolveChecked(Map<String, String> properties, Map<String, String> environment,
                                                  Path projectDir, Path buildDir) {
        Values values = new Values(properties);
        // every value is checked on its own and every problem collected, so one run reports all of them
        Problems problems = new Problems();
        String env = values.get(MigrateProperty.ENV, "dev");
        EnvironmentProfile profile = problems.check(() -> ProfileLoader.load(projectDir, env, environment), null);
        Connection connection = profile == null ? null
                : problems.check(() -> connection(values, environment, env, profile), null);

        List<String> schemas = values.list(MigrateProperty.SCHEMAS);
        if (schemas.isEmpty()) {
            schemas = profile == null || profile.schemas().isEmpty() ? List.of("public") : profile.schemas();
        }
        for (String schema : schemas) {
            problems.check(() -> requireIdentifier(MigrateProperty.SCHEMAS, schema));
        }
        String table = values.get(MigrateProperty.TABLE, DEFAULT_TABLE);
        problems.check(() -> requireIdentifier(MigrateProperty.TABLE, table));

        List<String> rawLocations = values.list(MigrateProperty.LOCATIONS);
        if (rawLocations.isEmpty()) {
            rawLocations = List.of(DEFAULT_LOCATION);
        }
        List<Path> locations = new ArrayList<>();
        for (String location : rawLocations) {
            problems.check(() -> locations.add(toPath(location, projectDir)), false);
        }

        String target = values.get(MigrateProperty.TARGET, null);
        if (target != null && !target.equals("latest") && !VERSION.matcher(target).matches()) {
            problems.add(invalid(MigrateProperty.TARGET, target, "use a version such as 3 or 20261124101500, or"
                    + " latest"));
        }
        String baseline = values.get(MigrateProperty.BASELINE_VERSION, null);
        if (baseline != null && !VERSION.matcher(baseline).matches()) {
            problems.add(invalid(MigrateProperty.BASELINE_VERSION, baseline, "use a version such as 1 or 2.1"));
        }
        Integer steps = problems.check(() -> values.positiveInt(MigrateProperty.STEPS), null);
        OutputFormat format = problems.check(() -> values.choice(MigrateProperty.FORMAT, OutputFormat.class,
                OutputFormat.TEXT), OutputFormat.TEXT);
        VersionScheme scheme = problems.check(() -> values.choice(MigrateProperty.VERSION_SCHEME,
                VersionScheme.class, VersionScheme.TIMESTAMP), VersionScheme.TIMESTAMP);
        String output = values.get(MigrateProperty.OUTPUT, null);
        String pgBinDir = values.get(MigrateProperty.PG_BIN_DIR, null);
        boolean failIfPending = problems.check(() -> values.bool(MigrateProperty.FAIL_IF_PENDING), false);
        boolean requireUndo = values.get(MigrateProperty.REQUIRE_UNDO, null) == null
                || problems.check(() -> values.bool(MigrateProperty.REQUIRE_UNDO), true);
        java.time.Duration lockWait = problems.check(() -> values.duration(MigrateProperty.LOCK_WAIT,
                DEFAULT_LOCK_WAIT), DEFAULT_LOCK_WAIT);
        boolean backupBeforeDrop = values.get(MigrateProperty.BACKUP_BEFORE_DROP, null) == null
                || problems.check(() -> values.bool(MigrateProperty.BACKUP_BEFORE_DROP), true);
        boolean allowEmpty = problems.check(() -> values.bool(MigrateProperty.ALLOW_EMPTY), false);
        boolean ignoreMisnamed = problems.check(() -> values.bool(MigrateProperty.IGNORE_MISNAMED), false);
        boolean outOfOrder = problems.check(() -> values.bool(MigrateProperty.OUT_OF_ORDER), false);
        problems.throwIfAny();

        CommandOptions options = new CommandOptions(
                values.get(MigrateProperty.MESSAGE, null),
                target,
                steps,
                values.get(MigrateProperty.CONFIRM, null),
                baseline,
                format,
                output == null ? null : projectDir.resolve(output).normalize(),
                failIfPending,
                requireUndo,
                values.get(MigrateProperty.BACKUP, null),
                pgBinDir == null ? null : projectDir.resolve(pgBinDir).normalize(),
                values.get(MigrateProperty.FROM, null),
                values.get(MigrateProperty.TO, null),
                lockWait,
                backupBeforeDrop);
        return new MigrateSettings(projectDir, buildDir, profile, connection.source(), connection.database(),
                List.copyOf(schemas), List.copyOf(locations), table, allowEmpty, ignoreMisnamed, outOfOrder, scheme,
                options, MigrateSettings.Executor.of(System.getProperty(MigrateSettings.Executor.PROPERTY)));
    }

    /** Where the database comes from, and its URL with credentials ({@code null} for the embedded database). */
    private record Connection(ConnectionSource source, DatabaseUrl database) {
    }

    private static Connection connection(Values values, Map<String, String> environment, String env,
                                         EnvironmentProfile profile) {
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
            throw new MigrateException(ErrorCode.CONFIGURATION, "environment '" + env
                    + "' is protected and names no database: nothing was changed (set url in "
                    + describe(profile) + ", or pass -Dmigrate.url; a protected environment never uses the"
                    + " embedded database)");
        } else {
            source = ConnectionSource.EMBEDDED;
        }
        if (database != null) {
            String user = firstNonNull(values.get(MigrateProperty.USER, null), database.user(), profile.user());
            Secret password = Secret.of(firstNonNull(values.get(MigrateProperty.PASSWORD, null),
                    database.password().value(), profile.password().value()));
            database = database.withCredentials(user, password);
        }
        return new Connection(source, database);
    }

    /**
     * The configuration problems of one resolution, collected: one is thrown as it is, several as one message that
     * lists each.
     */
    private static final class Problems {
        private final List<MigrateException> found = new ArrayList<>();

        <T> T check(java.util.function.Supplier<T> read, T fallback) {
            try {
                return read.get();
            } catch (MigrateException e) {
                if (e.code() != ErrorCode.CONFIGURATION) {
                    throw e;
                }
                found.add(e);
                return fallback;
            }
        }

        void check(Runnable read) {
            check(() -> {
                read.run();
                return null;
            }, null);
        }

        void add(MigrateException problem) {
            found.add(problem);
        }

        void throwIfAny() {
            if (found.size() == 1) {
                throw found.get(0);
            }
            if (!found.isEmpty()) {
                String nl = System.lineSeparator();
                StringBuilder message = new StringBuilder("the settings have " + found.size()
                        + " problems; nothing was changed (fix each of them, then run again):");
                for (MigrateException problem : found) {
                    message.append(nl).append("  - ").append(problem.getMessage().replace(nl, nl + "    "));
                }
                throw new MigrateException(ErrorCode.CONFIGURATION, message.toString());
            }
        }
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
            throw invalid(MigrateProperty.LOCATIONS, location,
                    "use a folder, filesystem:<folder> or classpath:<folder>");
        }
        return projectDir.resolve(l).normalize();
    }

    private static void requireIdentifier(MigrateProperty property, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw invalid(property, name, "use a plain SQL identifier: letters, digits and _ , not starting with a digit");
        }
    }

    static MigrateException invalid(MigrateProperty property, String value, String fix) {
        return new MigrateException(ErrorCode.CONFIGURATION,
                property.property() + " = '" + Masking.inText(value) + "' is not valid (" + fix + ")");
    }

    private static String profileKey(EnvironmentProfile profile, String key) {
        return describe(profile) + ": " + key;
    }

    private static String describe(EnvironmentProfile profile) {
        return profile.file() == null ? "environments/" + profile.name() + ".yml"
                : "environments/" + profile.file().getFileName();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... candidates) {
        return Arrays.stream(candidates).filter(c -> c != null && !(c instanceof String s && s.isEmpty()))
                .findFirst().orElse(null);
    }

    private record Values(Map<String, String> map) {
        String get(MigrateProperty property, String fallback) {
            String v = map.get(property.key());
            return v == null || v.isBlank() ? fallback : v.strip();
        }

        List<String> list(MigrateProperty property) {
            String v = get(property, null);
            if (v == null) {
                return List.of();
            }
            return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        boolean bool(MigrateProperty property) {
            return parseBoolean(property, map.get(property.key()));
        }

        Integer positiveInt(MigrateProperty property) {
            String v = get(property, null);
            if (v == null) {
                return null;
            }
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(property, v, "use a whole number of 1 or more, such as 2");
        }

        java.time.Duration duration(MigrateProperty property, java.time.Duration fallback) {
            String v = get(property, null);
            try {
                return PgDuration.parse(v, fallback);
            } catch (IllegalArgumentException e) {
                throw new MigrateException(ErrorCode.CONFIGURATION, property.property() + " = '"
                        + Masking.inText(v) + "' " + e.getMessage());
            }
        }

        <E extends Enum<E>> E choice(MigrateProperty property, Class<E> type, E fallback) {
            String v = get(property, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                String options = String.join(", ", Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
                throw invalid(property, v, "use one of " + options);
            }
        }
    }
}
