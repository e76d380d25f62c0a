package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.kind;
import static dev.dbmigrate.config.ProfileProblems.quoted;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a profile's {@code verify} list: each check's name, sql, expect and budgetMs, and the checks of each file an
 * item {@code - file: verify/common.yml} includes. Every key of every check is checked on its own, so one run
 * reports every problem.
 */
final class VerifySection {
    private static final String EXPECT_FIX = "write expect: { rows: 0 } or expect: { equals: \"VALUE\" }";

    private final Path projectDir;
    private final ProfileValues values;
    private final ProfileProblems problems;
    private final ProfileInterpolation interpolation;
    /** The checks read so far, and the path of each name, to refuse a name used twice. */
    private final List<EnvironmentProfile.VerifyQuery> queries = new ArrayList<>();

    private final Map<String, String> pathsByName = new LinkedHashMap<>();

    VerifySection(Path projectDir, ProfileValues values, ProfileProblems problems, ProfileInterpolation interpolation) {
        this.projectDir = projectDir;
        this.values = values;
        this.problems = problems;
        this.interpolation = interpolation;
    }

    /** The checks in order, included ones in the place of their item; empty when the profile has none. */
    List<EnvironmentProfile.VerifyQuery> read(Object value) {
        if (value == null) {
            return queries;
        }
        if (!(value instanceof List<?> items)) {
            throw problems.fail("verify is " + kind(value) + ", not a list (write each check as an item starting with "
                    + "'- name:', followed by sql: and expect:)");
        }
        for (int i = 0; i < items.size(); i++) {
            String path = "verify[" + i + "]";
            if (items.get(i) instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("file")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> include = (Map<String, Object>) map;
                Included included = problems.attempt(
                        () -> included(values.text(include, path + ".file"), path), new Included(null, List.of()));
                for (int j = 0; j < included.checks().size(); j++) {
                    Object check = included.checks().get(j);
                    String checkPath = included.relative().strip() + "[" + j + "]";
                    problems.attempt(() -> addCheck(check, checkPath), null);
                }
            } else {
                Object check = items.get(i);
                problems.attempt(() -> addCheck(check, path), null);
            }
        }
        return queries;
    }

    /** The checks of an included file, and the file as the item names it. */
    private record Included(String relative, List<?> checks) {}

    /**
     * The checks of a file that a {@code - file: verify/common.yml} item names (relative to the project): a YAML
     * list of checks written exactly like the profile's, with the same variables.
     */
    private Included included(String relative, String path) {
        if (relative == null || relative.isBlank()) {
            throw problems.fail(path + ".file is empty (name a YAML file of checks relative to the project, such as "
                    + "file: verify/common.yml)");
        }
        Path included = projectDir.resolve(relative.strip()).normalize();
        if (!Files.isRegularFile(included)) {
            throw problems.fail(path + ".file = " + quoted(relative) + " does not exist in " + projectDir
                    + " (name a YAML file of checks relative to the project, such as file: verify/common.yml)");
        }
        Object document = ProfileYaml.parse(included, relative.strip(), problems.label(), projectDir);
        if (document == null) {
            return new Included(relative, List.of());
        }
        if (!(document instanceof List<?>)) {
            throw problems.fail(path + ".file = " + quoted(relative) + " holds " + kind(document)
                    + ", not a list of checks (write each check as an item starting with '- name:', followed by sql:"
                    + " and expect:)");
        }
        return new Included(relative, (List<?>) interpolation.tree(document, relative.strip()));
    }

    private Void addCheck(Object raw, String path) {
        if (!(raw instanceof Map<?, ?>)) {
            throw problems.fail(path + " is " + kind(raw) + ", not a mapping (write each check as "
                    + "'- name: ...' with sql: and expect: on the lines below)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) raw;
        ProfileKeys.check(item, path, ProfileKeys.VERIFY, problems);
        // each key is checked on its own, so one run reports every problem of the check
        String name = problems.attempt(() -> name(item, path), null);
        Object written = item.get("name");
        String described = written == null
                        || written instanceof Map
                        || written instanceof List
                        || String.valueOf(written).isBlank()
                ? path
                : path + " ('" + written + "')";
        String sql = problems.attempt(() -> sql(item, path, described), null);
        Expectation expectation = problems.attempt(() -> expectation(item, path, described), null);
        Long budget = problems.attempt(
                () -> values.integer(
                        item.get("budgetMs"), path + ".budgetMs", 1, "use milliseconds as an integer, such as 500"),
                null);
        if (name != null && sql != null && expectation != null) {
            queries.add(new EnvironmentProfile.VerifyQuery(
                    name.strip(), sql.strip(), expectation.rows(), expectation.equals(), budget));
        }
        return null;
    }

    private String name(Map<String, Object> item, String path) {
        String name = values.text(item, path + ".name");
        if (name == null || name.isBlank()) {
            throw problems.fail(path + " has no name (add name: with a short description, "
                    + "such as name: every tab has a song)");
        }
        String previous = pathsByName.putIfAbsent(name, path);
        if (previous != null) {
            throw problems.fail(path + ".name = " + quoted(name) + " is already the name of " + previous
                    + " (give each check its own name; reports refer to checks by name)");
        }
        return name;
    }

    private String sql(Map<String, Object> item, String path, String described) {
        String text = values.text(item, path + ".sql");
        if (text == null || text.isBlank()) {
            throw problems.fail(
                    described + " has no sql (add sql: with a query, such as sql: select count(*) " + "from tabs)");
        }
        return text;
    }

    /** A check's {@code expect}: a row count or a value. */
    private record Expectation(Long rows, String equals) {}

    private Expectation expectation(Map<String, Object> item, String path, String described) {
        Object expect = item.get("expect");
        if (expect == null) {
            throw problems.fail(described + " has no expect (" + EXPECT_FIX + ")");
        }
        if (!(expect instanceof Map<?, ?>)) {
            throw problems.notA(path + ".expect", expect, "a mapping", EXPECT_FIX);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> expectation = (Map<String, Object>) expect;
        ProfileKeys.check(expectation, path + ".expect", ProfileKeys.EXPECT, problems);
        boolean hasRows = expectation.containsKey("rows");
        boolean hasEquals = expectation.containsKey("equals");
        if (hasRows == hasEquals) {
            throw problems.fail(path + ".expect has " + (hasRows ? "both rows and equals" : "neither rows nor equals")
                    + " (" + EXPECT_FIX + ")");
        }
        if (hasRows) {
            Long rows = values.integer(expectation.get("rows"), path + ".expect.rows", 0, "use a row count such as 0");
            if (rows == null) {
                throw problems.fail(path + ".expect.rows is empty (use a row count such as 0)");
            }
            return new Expectation(rows, null);
        }
        String equals = values.text(expectation, path + ".expect.equals");
        if (equals == null) {
            throw problems.fail(path + ".expect.equals is empty (write the expected value as text, such as "
                    + "equals: \"VALUE\")");
        }
        return new Expectation(null, equals);
    }
}
