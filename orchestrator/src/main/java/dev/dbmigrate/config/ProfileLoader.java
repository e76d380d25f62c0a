package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code environments/<env>.yml} (or {@code .yaml}) of a project into an {@link EnvironmentProfile}.
 *
 * <p>Every string value may use {@code ${VAR}} and {@code ${VAR:-default}}, resolved from the given environment
 * variables ({@code $${} writes a literal {@code ${}). The file is validated as a whole: an unknown key, a value of the
 * wrong kind or a variable that is not set fails with a {@link MigrateException} ({@link ErrorCode#CONFIGURATION})
 * that names the file, the key as written, the value and the fix. Password values never appear in a message.
 */
public final class ProfileLoader {
    /** The environment used when none is chosen; the only one that may have no file. */
    public static final String DEFAULT_ENVIRONMENT = "dev";

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private ProfileLoader() {}

    /**
     * Loads the profile of {@code env}.
     *
     * @param projectDir  the project whose {@code environments/} folder holds the profiles
     * @param env         the environment name, such as {@code staging}; {@code null} means {@value #DEFAULT_ENVIRONMENT}
     * @param environment the variables {@code ${VAR}} resolves against (normally {@link System#getenv()})
     * @return the profile; {@link EnvironmentProfile#empty(String)} for {@code dev} when it has no file
     * @throws MigrateException ({@link ErrorCode#CONFIGURATION}) for an unknown environment or an invalid file
     */
    public static EnvironmentProfile load(Path projectDir, String env, Map<String, String> environment) {
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(environment, "environment");
        String name = env == null ? DEFAULT_ENVIRONMENT : env;
        if (!isEnvironmentName(name)) {
            throw error(MigrateProperty.ENV.property() + " = '" + name + "' is not a valid environment name "
                    + "(use letters, digits, '-' and '_', such as staging)");
        }
        Path folder = projectDir.resolve("environments");
        Path yml = folder.resolve(name + ".yml");
        Path yaml = folder.resolve(name + ".yaml");
        boolean hasYml = Files.isRegularFile(yml);
        boolean hasYaml = Files.isRegularFile(yaml);
        if (hasYml && hasYaml) {
            throw error("environment '" + name + "' has two files, environments/" + name + ".yml and environments/"
                    + name + ".yaml, in " + projectDir.toAbsolutePath().normalize() + " (keep one of them)");
        }
        if (!hasYml && !hasYaml) {
            if (name.equals(DEFAULT_ENVIRONMENT)) {
                return EnvironmentProfile.empty(DEFAULT_ENVIRONMENT);
            }
            throw unknownEnvironment(projectDir, name, folder);
        }
        Path file = hasYml ? yml : yaml;
        return new ProfileFile(name, file, environment).read();
    }

    /**
     * The {@code promotesTo} the profile of {@code env} names, read on its own from a file that may have other
     * problems (so that a promotion can report the problems of both its environments at once); {@code null} when the
     * file has none, or none that can be read.
     */
    public static String promotesTo(Path projectDir, String env, Map<String, String> environment) {
        for (String extension : List.of(".yml", ".yaml")) {
            Path file = projectDir.resolve("environments").resolve(env + extension);
            if (Files.isRegularFile(file)) {
                try {
                    Object document = ProfileYaml.lenient(file);
                    if (document instanceof Map<?, ?> top && top.get("promotesTo") instanceof String written) {
                        ProfileProblems problems = new ProfileProblems("environments/" + file.getFileName());
                        String name = new ProfileInterpolation(environment, problems).text(written, "promotesTo");
                        return isEnvironmentName(name.strip()) ? name.strip() : null;
                    }
                } catch (IOException | RuntimeException e) {
                    // the file's problems are reported by load; without a readable promotesTo there is none to use
                }
                return null;
            }
        }
        return null;
    }

    private static MigrateException unknownEnvironment(Path projectDir, String name, Path folder) {
        return new UnknownEnvironment(projectDir, name, profiles(folder), MigrateProperty.ENV);
    }

    /**
     * The environments that have a profile file in {@code folder}, sorted ({@code dev} only when it has a file: without
     * one it is the default, not a profile).
     */
    public static List<String> profiles(Path folder) {
        TreeSet<String> known = new TreeSet<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(Files::isRegularFile)
                        .map(path -> path.getFileName().toString())
                        .filter(file -> file.endsWith(".yml") || file.endsWith(".yaml"))
                        .map(file -> file.substring(0, file.lastIndexOf('.')))
                        .filter(ProfileLoader::isEnvironmentName)
                        .forEach(known::add);
            } catch (IOException e) {
                // The listing only improves the message; the error itself stands without it.
            }
        }
        return List.copyOf(known);
    }

    /**
     * An environment that has no profile file. Its fix names the property that chose the environment
     * ({@link #namedBy}): {@code -Dmigrate.env} for the everyday goals, {@code -Dmigrate.from} or {@code -Dmigrate.to}
     * for a promotion.
     */
    public static final class UnknownEnvironment extends MigrateException {
        private final Path projectDir;
        private final String name;
        private final List<String> known;

        UnknownEnvironment(Path projectDir, String name, List<String> known, MigrateProperty property) {
            super(ErrorCode.CONFIGURATION, message(projectDir, name, known, property));
            this.projectDir = projectDir;
            this.name = name;
            this.known = known;
        }

        /** The same failure, its fix naming {@code property} as the one that chose the environment. */
        public UnknownEnvironment namedBy(MigrateProperty property) {
            return new UnknownEnvironment(projectDir, name, known, property);
        }

        private static String message(Path projectDir, String name, List<String> known, MigrateProperty property) {
            String where = "unknown environment '" + name + "': environments/" + name + ".yml does not exist in "
                    + projectDir.toAbsolutePath().normalize();
            // dev is what you get without -Dmigrate.env, so suggest another environment when there is one
            List<String> candidates = known.stream()
                    .filter(k -> !k.equals(name) && !(property == MigrateProperty.ENV && k.equals(DEFAULT_ENVIRONMENT)))
                    .toList();
            String listed = " (known environments: " + (known.isEmpty() ? "none" : String.join(", ", known))
                    + "; create environments/" + name + ".yml";
            if (candidates.isEmpty()) {
                String byDefault = ", or leave out -D" + MigrateProperty.ENV.property()
                        + " to use the default environment " + DEFAULT_ENVIRONMENT;
                return where + listed + (property == MigrateProperty.ENV ? byDefault : "") + "); nothing was changed";
            }
            String suggestion = candidates.stream()
                    .min(Comparator.comparingInt((String k) -> ProfileKeys.editDistance(k, name)))
                    .orElseThrow();
            return where + listed + " or use " + FixHint.set(property, suggestion) + "); nothing was changed";
        }
    }

    private static MigrateException error(String message) {
        return new MigrateException(ErrorCode.CONFIGURATION, message);
    }

    /** Whether {@code name} can name an environment: letters, digits, '-' and '_', not starting with '-' or '_'. */
    static boolean isEnvironmentName(String name) {
        return ENVIRONMENT_NAME.matcher(name).matches();
    }
}
