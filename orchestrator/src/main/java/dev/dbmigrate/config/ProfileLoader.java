package dev.dbmigrate.config;

import dev.dbmigrate.support.Secret;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

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

    static final List<String> KNOWN_KEYS = List.of("url", "user", "password", "schemas", "protected",
            "lockTimeout", "statementTimeout", "backup", "verify", "rollback", "promotesTo");
    private static final List<String> BACKUP_KEYS = List.of("directory", "format", "jobs", "keep", "compression");
    private static final List<String> VERIFY_KEYS = List.of("name", "sql", "expect", "budgetMs");
    private static final List<String> EXPECT_KEYS = List.of("rows", "equals");
    private static final List<String> ROLLBACK_KEYS = List.of("strategy", "fallback");

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SECRET_KEY = "password";
    private static final String EXPECT_FIX = "write expect: { rows: 0 } or expect: { equals: \"VALUE\" }";

    private ProfileLoader() {
    }

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
        if (!ENVIRONMENT_NAME.matcher(name).matches()) {
            throw error("migrate.env = '" + name + "' is not a valid environment name "
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
        return new FileReader(name, file, environment).read();
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
                    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
                    if (document instanceof Map<?, ?> top && top.get("promotesTo") instanceof String written) {
                        String name = new FileReader(env, file, environment).interpolateText(written, "promotesTo");
                        return ENVIRONMENT_NAME.matcher(name.strip()).matches() ? name.strip() : null;
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
                        .filter(base -> ENVIRONMENT_NAME.matcher(base).matches())
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
            List<String> candidates = known.stream().filter(k -> !k.equals(name)
                    && !(property == MigrateProperty.ENV && k.equals(DEFAULT_ENVIRONMENT))).toList();
            String listed = " (known environments: " + (known.isEmpty() ? "none" : String.join(", ", known))
                    + "; create environments/" + name + ".yml";
            if (candidates.isEmpty()) {
                return where + listed + (property == MigrateProperty.ENV ? ", or leave out -Dmigrate.env to use the"
                        + " default environment dev" : "") + "); nothing was changed";
            }
            String suggestion = candidates.stream()
                    .min(Comparator.comparingInt((String k) -> editDistance(k, name)))
                    .orElseThrow();
            return where + listed + " or use " + FixHint.set(property, suggestion) + "); nothing was changed";
        }
    }

    private static MigrateException error(String message) {
        return new MigrateException(ErrorCode.CONFIGURATION, message);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A value whose problem is already recorded: the step reading it stops without a second message. */
    private static final class AlreadyReported extends RuntimeException {
        AlreadyReported() {
            super(null, null, false, false);
        }
    }

    /** Reads and checks one profile file; {@code label} is how messages name it, such as environments/prod.yml. */
    private static final class FileReader {
        private final String env;
        private final Path file;
        private final String label;
        private final Map<String, String> environment;
        /** What is wrong with the file, each without the file's name, in the order found. */
        private final List<String> problems = new ArrayList<>();
        /** Paths of values whose {@code ${VAR}} could not be resolved: already reported, read as absent. */
        private final Set<String> unresolved = new HashSet<>();

        FileReader(String env, Path file, Map<String, String> environment) {
            this.env = env;
            this.file = file;
            this.label = "environments/" + file.getFileName();
            this.environment = environment;
        }

        private Path projectDir() {
            return file.toAbsolutePath().getParent().getParent().normalize();
        }

        /**
         * Reads every key, collecting the problems instead of stopping at the first, so one run shows all of them;
         * fails with all of them at once.
         */
        EnvironmentProfile read() {
            Map<String, Object> top = interpolateTop(parse());
            checkKeys(top, "", KNOWN_KEYS);
            String url = attempt(() -> url(top), null);
            String user = attempt(() -> text(top, "user"), null);
            String password = attempt(() -> text(top, "password"), null);
            String promotesTo = attempt(() -> promotesTo(top), null);
            List<String> schemas = attempt(() -> schemas(top.get("schemas")), List.of());
            boolean protectedEnv = attempt(() -> bool(top.get("protected"), "protected"), false);
            String lockTimeout = attempt(() -> duration(top, "lockTimeout"), null);
            String statementTimeout = attempt(() -> duration(top, "statementTimeout"), null);
            EnvironmentProfile.Backup backup = attempt(() -> backup(top.get("backup")), null);
            List<EnvironmentProfile.VerifyQuery> verify = attempt(() -> verify(top.get("verify")), List.of());
            EnvironmentProfile.Rollback rollback = attempt(() -> rollback(top.get("rollback")), null);
            if (problems.size() == 1) {
                throw fail(problems.get(0));
            }
            if (!problems.isEmpty()) {
                StringBuilder message = new StringBuilder(label + " has " + problems.size()
                        + " problems; nothing was changed (fix each of them, then run again):");
                problems.forEach(problem -> message.append(System.lineSeparator()).append("  - ").append(problem));
                throw error(message.toString());
            }
            return new EnvironmentProfile(env, file, url, user, Secret.of(password), schemas, protectedEnv,
                    lockTimeout, statementTimeout, backup, verify, rollback, promotesTo);
        }

        /**
         * Runs one step of reading; a problem it fails with is recorded (without the file's name) and {@code fallback}
         * stands in for its value, so the steps after it still run.
         */
        private <T> T attempt(Supplier<T> step, T fallback) {
            try {
                return step.get();
            } catch (AlreadyReported e) {
                return fallback;
            } catch (MigrateException e) {
                record(e.getMessage());
                return fallback;
            }
        }

        private void record(String message) {
            String prefix = label + ": ";
            problems.add(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }

        private String url(Map<String, Object> top) {
            String url = text(top, "url");
            // An empty url (typically "${SOME_URL:-}") means "not set here": DATABASE_URL or the embedded database follow.
            if (url != null && url.isBlank()) {
                return null;
            }
            if (url != null) {
                DatabaseUrl.parse(url, label + ": url");
            }
            return url;
        }

        private String promotesTo(Map<String, Object> top) {
            String promotesTo = text(top, "promotesTo");
            if (promotesTo != null) {
                if (!ENVIRONMENT_NAME.matcher(promotesTo).matches()) {
                    throw fail("promotesTo = " + quoted(promotesTo) + " is not a valid environment name "
                            + "(use letters, digits, '-' and '_', such as prod)");
                }
                if (promotesTo.equals(env)) {
                    throw fail("promotesTo = " + quoted(promotesTo) + " names this environment itself "
                            + "(name the next environment in the chain, or remove promotesTo on the last one)");
                }
            }
            return promotesTo;
        }

        private Object parse() {
            return parse(file, label);
        }

        private Object parse(Path source, String sourceLabel) {
            String content;
            try {
                content = Files.readString(source);
            } catch (IOException e) {
                throw new MigrateException(ErrorCode.CONFIGURATION, "could not read " + sourceLabel + " in "
                        + projectDir() + ": " + e.getMessage()
                        + " (check that it is a readable UTF-8 text file)", e);
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try {
                return new Yaml(new SafeConstructor(options)).load(content);
            } catch (MarkedYAMLException e) {
                // Only the problem text and its position: the snippet SnakeYAML adds could show a password.
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
                String problem = e.getProblem() != null ? e.getProblem() : "not valid YAML";
                throw new MigrateException(ErrorCode.CONFIGURATION, sourceLabel + ": " + where + problem
                        + " (fix the YAML there; quote values that contain ': ' or ' #' or start with a special "
                        + "character such as {, [, *, & or %)", e);
            } catch (YAMLException e) {
                throw new MigrateException(ErrorCode.CONFIGURATION, label + " is not valid YAML (" + e.getMessage()
                        + ")", e);
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> interpolateTop(Object document) {
            if (document == null) {
                return Map.of();
            }
            if (!(document instanceof Map)) {
                throw fail("the file holds " + kind(document) + ", not a mapping of keys "
                        + "(write keys such as url: and user: at the start of lines)");
            }
            return (Map<String, Object>) interpolate(document, "");
        }

        private Object interpolate(Object value, String path) {
            if (value instanceof String text) {
                try {
                    return interpolateText(text, path);
                } catch (MigrateException e) {
                    record(e.getMessage());
                    unresolved.add(path);
                    return null;
                }
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((key, item) -> {
                    String name = String.valueOf(key);
                    result.put(name, interpolate(item, child(path, name)));
                });
                return result;
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    result.add(interpolate(list.get(i), path + "[" + i + "]"));
                }
                return result;
            }
            return value;
        }

        private String interpolateText(String text, String path) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                if (text.startsWith("$${", i)) {
                    out.append("${");
                    i += 3;
                } else if (text.startsWith("${", i)) {
                    int close = text.indexOf('}', i + 2);
                    if (close < 0) {
                        throw fail(path + " = " + shown(path, text) + " has a ${ without its closing } "
                                + "(close it, or write $${ for a literal ${)");
                    }
                    String body = text.substring(i + 2, close);
                    int separator = body.indexOf(":-");
                    String name = separator < 0 ? body : body.substring(0, separator);
                    String fallback = separator < 0 ? null : body.substring(separator + 2);
                    if (!VARIABLE_NAME.matcher(name).matches() || (fallback != null && fallback.contains("${"))) {
                        String reference = path.equals(SECRET_KEY) ? "" : " ${" + body + "}";
                        throw fail(path + " = " + shown(path, text) + " has" + reference + ", which is not a "
                                + "variable reference (write ${NAME} or ${NAME:-default} with a name of letters, "
                                + "digits and _, or $${ for a literal ${)");
                    }
                    String value = environment.get(name);
                    if (value == null || (fallback != null && value.isEmpty())) {
                        if (fallback == null) {
                            throw fail(path + " uses ${" + name + "}, which is not set (export " + name
                                    + " or write ${" + name + ":-default})");
                        }
                        value = fallback;
                    }
                    out.append(value);
                    i = close + 1;
                } else {
                    out.append(text.charAt(i));
                    i++;
                }
            }
            return out.toString();
        }

        private void checkKeys(Map<String, Object> map, String path, List<String> known) {
            for (String key : map.keySet()) {
                if (!known.contains(key)) {
                    String suggestion = known.stream()
                            .filter(k -> normalized(k).equals(normalized(key)) || editDistance(k, key) <= 2)
                            .findFirst().map(k -> "did you mean " + k + "? ").orElse("");
                    record("unknown key '" + child(path, key) + "' (" + suggestion + "known keys"
                            + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known) + ")");
                }
            }
        }

        private String text(Map<String, Object> map, String path) {
            return scalarText(map.get(leaf(path)), path);
        }

        private String scalarText(Object value, String path) {
            if (unresolved.contains(path)) {
                throw new AlreadyReported();
            }
            if (value == null || value instanceof String) {
                return (String) value;
            }
            if (value instanceof Map || value instanceof List) {
                throw fail(path + " is " + kind(value) + ", not a single value (write it on the same line, as in "
                        + leaf(path) + ": value)");
            }
            return String.valueOf(value);
        }

        private List<String> schemas(Object value) {
            List<String> schemas = new ArrayList<>();
            if (value == null) {
                return schemas;
            }
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    String path = "schemas[" + i + "]";
                    Object item = list.get(i);
                    // each item on its own, so one run reports every bad schema name
                    attempt(() -> {
                        String schema = scalarText(item, path);
                        if (schema == null || !SCHEMA_NAME.matcher(schema.strip()).matches()) {
                            throw fail(path + " = " + (schema == null ? "null" : quoted(schema))
                                    + " is not a valid schema name " + schemaFix());
                        }
                        return schemas.add(schema.strip());
                    }, false);
                }
                return schemas;
            }
            if (value instanceof Map) {
                throw fail("schemas is a mapping, not a list (write schemas: [public, app] or schemas: public)");
            }
            String written = scalarText(value, "schemas");
            for (String part : written.split(",", -1)) {
                String schema = part.strip();
                attempt(() -> {
                    if (!SCHEMA_NAME.matcher(schema).matches()) {
                        throw fail("schemas = " + quoted(written) + " contains " + quoted(schema)
                                + ", which is not a valid schema name " + schemaFix());
                    }
                    return schemas.add(schema);
                }, false);
            }
            return schemas;
        }

        private static String schemaFix() {
            return "(use letters, digits, _ and $, starting with a letter or _, such as public; "
                    + "list several as schemas: [public, app])";
        }

        private boolean bool(Object value, String path) {
            if (value == null) {
                return false;
            }
            if (value instanceof Boolean flag) {
                return flag;
            }
            if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(text);
            }
            throw notA(path, value, "true or false", "write " + leaf(path) + ": true or " + leaf(path) + ": false");
        }

        private String duration(Map<String, Object> map, String path) {
            String value = text(map, path);
            if (value == null) {
                return null;
            }
            try {
                PgDuration.parse(value, null);
            } catch (IllegalArgumentException e) {
                throw fail(path + " = " + quoted(value) + " " + e.getMessage());
            }
            return value.strip();
        }

        private Long integer(Object value, String path, long minimum, String fix) {
            if (value == null) {
                return null;
            }
            long number;
            if (value instanceof Integer || value instanceof Long) {
                number = ((Number) value).longValue();
            } else if (value instanceof String text && text.strip().matches("[+-]?\\d{1,18}")) {
                number = Long.parseLong(text.strip());
            } else {
                throw notA(path, value, "a number", fix);
            }
            if (number < minimum) {
                throw fail(path + " = " + shown(path, value) + " is not " + (minimum == 0 ? "0 or more" : "positive")
                        + " (" + fix + ")");
            }
            return number;
        }

        private int positiveInt(Object value, String path, int fallback, String fix) {
            Long number = integer(value, path, 1, fix);
            if (number == null) {
                return fallback;
            }
            if (number > Integer.MAX_VALUE) {
                throw fail(path + " = " + shown(path, value) + " is too large (" + fix + ")");
            }
            return number.intValue();
        }

        private EnvironmentProfile.Backup backup(Object value) {
            Map<String, Object> backup = section(value, "backup", "format: custom");
            if (backup == null) {
                return null;
            }
            checkKeys(backup, "backup", BACKUP_KEYS);
            String directory = attempt(() -> backupDirectory(backup), null);
            String format = attempt(() -> backupFormat(backup), null);
            String effectiveFormat = format == null ? EnvironmentProfile.Backup.DEFAULT_FORMAT : format;
            int jobs = attempt(() -> positiveInt(backup.get("jobs"), "backup.jobs", effectiveFormat.equals("directory")
                    ? EnvironmentProfile.Backup.DEFAULT_JOBS : 1, "use an integer such as 2"), 1);
            int keep = attempt(() -> positiveInt(backup.get("keep"), "backup.keep",
                    EnvironmentProfile.Backup.DEFAULT_KEEP, "use an integer such as 10"), 1);
            int compression = attempt(() -> compression(backup.get("compression")),
                    EnvironmentProfile.Backup.DEFAULT_COMPRESSION);
            if (jobs > 1 && !effectiveFormat.equals("directory")) {
                throw fail("backup.jobs = " + shown("backup.jobs", backup.get("jobs"))
                        + " needs backup.format: directory, but the format is " + effectiveFormat
                        + " (pg_dump runs parallel jobs only in the directory format; set format: directory "
                        + "or remove jobs)");
            }
            return new EnvironmentProfile.Backup(directory == null ? "backups/" + env : directory.strip(),
                    effectiveFormat, jobs, keep, compression);
        }

        private String backupDirectory(Map<String, Object> backup) {
            String directory = text(backup, "backup.directory");
            if (directory != null && directory.isBlank()) {
                throw fail("backup.directory is empty (use a folder relative to the project, such as backups/"
                        + env + ")");
            }
            return directory;
        }

        private String backupFormat(Map<String, Object> backup) {
            String format = text(backup, "backup.format");
            if (format != null && !format.equals("custom") && !format.equals("directory")) {
                throw fail("backup.format = " + quoted(format) + " is not a backup format (use custom or directory)");
            }
            return format;
        }

        /** pg_dump's gzip level: 0 to 9, default {@link EnvironmentProfile.Backup#DEFAULT_COMPRESSION}. */
        private int compression(Object value) {
            String fix = "use a gzip level from 0 (no compression) to 9 (smallest, slowest); the default, "
                    + EnvironmentProfile.Backup.DEFAULT_COMPRESSION + ", is the fastest that compresses";
            Long level = integer(value, "backup.compression", 0, fix);
            if (level == null) {
                return EnvironmentProfile.Backup.DEFAULT_COMPRESSION;
            }
            if (level > EnvironmentProfile.Backup.MAX_COMPRESSION) {
                throw fail("backup.compression = " + shown("backup.compression", value) + " is above "
                        + EnvironmentProfile.Backup.MAX_COMPRESSION + " (" + fix + ")");
            }
            return level.intValue();
        }

        private List<EnvironmentProfile.VerifyQuery> verify(Object value) {
            List<EnvironmentProfile.VerifyQuery> queries = new ArrayList<>();
            if (value == null) {
                return queries;
            }
            if (!(value instanceof List<?> items)) {
                throw fail("verify is " + kind(value) + ", not a list (write each check as an item starting with "
                        + "'- name:', followed by sql: and expect:)");
            }
            Map<String, String> pathsByName = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String path = "verify[" + i + "]";
                if (items.get(i) instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("file")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> include = (Map<String, Object>) map;
                    String[] file = new String[1];
                    List<?> included = attempt(() -> includedChecks(file[0] = text(include, path + ".file"), path),
                            List.of());
                    String relative = file[0];
                    for (int j = 0; j < included.size(); j++) {
                        Object check = included.get(j);
                        String checkPath = relative.strip() + "[" + j + "]";
                        attempt(() -> addCheck(check, checkPath, pathsByName, queries), null);
                    }
                } else {
                    Object check = items.get(i);
                    attempt(() -> addCheck(check, path, pathsByName, queries), null);
                }
            }
            return queries;
        }

        /**
         * The checks of a file that a {@code - file: verify/common.yml} item names (relative to the project): a YAML
         * list of checks written exactly like the profile's, with the same variables.
         */
        private List<?> includedChecks(String relative, String path) {
            if (relative == null || relative.isBlank()) {
                throw fail(path + ".file is empty (name a YAML file of checks relative to the project, such as "
                        + "file: verify/common.yml)");
            }
            Path included = projectDir().resolve(relative.strip()).normalize();
            if (!Files.isRegularFile(included)) {
                throw fail(path + ".file = " + quoted(relative) + " does not exist in " + projectDir()
                        + " (name a YAML file of checks relative to the project, such as file: verify/common.yml)");
            }
            Object document = parse(included, relative.strip());
            if (document == null) {
                return List.of();
            }
            if (!(document instanceof List<?>)) {
                throw fail(path + ".file = " + quoted(relative) + " holds " + kind(document) + ", not a list of checks"
                        + " (write each check as an item starting with '- name:', followed by sql: and expect:)");
            }
            return (List<?>) interpolate(document, relative.strip());
        }

        private Void addCheck(Object raw, String path, Map<String, String> pathsByName,
                              List<EnvironmentProfile.VerifyQuery> queries) {
            if (!(raw instanceof Map<?, ?>)) {
                throw fail(path + " is " + kind(raw) + ", not a mapping (write each check as "
                        + "'- name: ...' with sql: and expect: on the lines below)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) raw;
            checkKeys(item, path, VERIFY_KEYS);
            // each key is checked on its own, so one run reports every problem of the check
            String name = attempt(() -> checkName(item, path, pathsByName), null);
            Object written = item.get("name");
            String described = written == null || written instanceof Map || written instanceof List
                    || String.valueOf(written).isBlank() ? path : path + " ('" + written + "')";
            String sql = attempt(() -> {
                String text = text(item, path + ".sql");
                if (text == null || text.isBlank()) {
                    throw fail(described + " has no sql (add sql: with a query, such as sql: select count(*) "
                            + "from tabs)");
                }
                return text;
            }, null);
            Expectation expectation = attempt(() -> expectation(item, path, described), null);
            Long budget = attempt(() -> integer(item.get("budgetMs"), path + ".budgetMs", 1,
                    "use milliseconds as an integer, such as 500"), null);
            if (name != null && sql != null && expectation != null) {
                queries.add(new EnvironmentProfile.VerifyQuery(name.strip(), sql.strip(), expectation.rows(),
                        expectation.equals(), budget));
            }
            return null;
        }

        private String checkName(Map<String, Object> item, String path, Map<String, String> pathsByName) {
            String name = text(item, path + ".name");
            if (name == null || name.isBlank()) {
                throw fail(path + " has no name (add name: with a short description, "
                        + "such as name: every tab has a song)");
            }
            String previous = pathsByName.putIfAbsent(name, path);
            if (previous != null) {
                throw fail(path + ".name = " + quoted(name) + " is already the name of " + previous
                        + " (give each check its own name; reports refer to checks by name)");
            }
            return name;
        }

        /** A check's {@code expect}: a row count or a value. */
        private record Expectation(Long rows, String equals) {
        }

        private Expectation expectation(Map<String, Object> item, String path, String described) {
            Object expect = item.get("expect");
            if (expect == null) {
                throw fail(described + " has no expect (" + EXPECT_FIX + ")");
            }
            if (!(expect instanceof Map<?, ?>)) {
                throw notA(path + ".expect", expect, "a mapping", EXPECT_FIX);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> expectation = (Map<String, Object>) expect;
            checkKeys(expectation, path + ".expect", EXPECT_KEYS);
            boolean hasRows = expectation.containsKey("rows");
            boolean hasEquals = expectation.containsKey("equals");
            if (hasRows == hasEquals) {
                throw fail(path + ".expect has " + (hasRows ? "both rows and equals" : "neither rows nor equals")
                        + " (" + EXPECT_FIX + ")");
            }
            if (hasRows) {
                Long rows = integer(expectation.get("rows"), path + ".expect.rows", 0, "use a row count such as 0");
                if (rows == null) {
                    throw fail(path + ".expect.rows is empty (use a row count such as 0)");
                }
                return new Expectation(rows, null);
            }
            String equals = text(expectation, path + ".expect.equals");
            if (equals == null) {
                throw fail(path + ".expect.equals is empty (write the expected value as text, such as "
                        + "equals: \"VALUE\")");
            }
            return new Expectation(null, equals);
        }

        private EnvironmentProfile.Rollback rollback(Object value) {
            Map<String, Object> rollback = section(value, "rollback", "strategy: undo");
            if (rollback == null) {
                return null;
            }
            checkKeys(rollback, "rollback", ROLLBACK_KEYS);
            String strategy = attempt(() -> rollbackStrategy(rollback), null);
            String fallback = attempt(() -> rollbackFallback(rollback), null);
            // a key left out takes its own default, not one that depends on which other keys are written
            return new EnvironmentProfile.Rollback(strategy, fallback);
        }

        private String rollbackStrategy(Map<String, Object> rollback) {
            String strategy = text(rollback, "rollback.strategy");
            if (strategy != null && !strategy.equals("undo") && !strategy.equals("restore")) {
                throw fail("rollback.strategy = " + quoted(strategy) + " is not a rollback strategy "
                        + "(use undo or restore)");
            }
            return strategy;
        }

        private String rollbackFallback(Map<String, Object> rollback) {
            String fallback = text(rollback, "rollback.fallback");
            if (fallback != null && !fallback.equals("restore") && !fallback.equals("none")) {
                throw fail("rollback.fallback = " + quoted(fallback) + " is not a rollback fallback "
                        + "(use restore or none)");
            }
            return fallback;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> section(Object value, String path, String exampleKey) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map)) {
                throw notA(path, value, "a mapping",
                        "write its keys on indented lines below " + path + ":, such as " + exampleKey);
            }
            return (Map<String, Object>) value;
        }

        /** "{@code key = "value" is not <what> (fix)}", or "{@code key is a list, not <what> (fix)}". */
        private MigrateException notA(String path, Object value, String what, String fix) {
            if (value instanceof Map || value instanceof List) {
                return fail(path + " is " + kind(value) + ", not " + what + " (" + fix + ")");
            }
            return fail(path + " = " + shown(path, value) + " is not " + what + " (" + fix + ")");
        }

        private MigrateException fail(String problem) {
            return error(label + ": " + problem);
        }

        private static String shown(String path, Object value) {
            if (path.equals(SECRET_KEY)) {
                return "<masked>";
            }
            if (value instanceof String text) {
                return quoted(text);
            }
            if (value instanceof Map || value instanceof List) {
                return kind(value);
            }
            return String.valueOf(value);
        }

        private static String quoted(String text) {
            return "\"" + DatabaseUrl.mask(text) + "\"";
        }

        private static String kind(Object value) {
            if (value instanceof Map) {
                return "a mapping";
            }
            if (value instanceof List) {
                return "a list";
            }
            return "a single value";
        }

        private static String child(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private static String leaf(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        private static String normalized(String key) {
            return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        }
    }
}
