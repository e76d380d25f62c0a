package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileKeys.leaf;
import static dev.dbmigrate.config.ProfileProblems.kind;
import static dev.dbmigrate.config.ProfileProblems.quoted;
import static dev.dbmigrate.config.ProfileProblems.shown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the values of a profile's (interpolated) document by kind: text, true/false, a number, a duration, a
 * section, the schema list. Each fails with the key as written, the value and the fix; a value whose {@code ${VAR}}
 * could not be resolved stops its reader without a second message.
 */
final class ProfileValues {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final ProfileProblems problems;
    private final ProfileInterpolation interpolation;

    ProfileValues(ProfileProblems problems, ProfileInterpolation interpolation) {
        this.problems = problems;
        this.interpolation = interpolation;
    }

    /** The text at {@code path}, whose last key is looked up in {@code map}; {@code null} when absent. */
    String text(Map<String, Object> map, String path) {
        return scalarText(map.get(leaf(path)), path);
    }

    /** {@code value} as text, a number or a flag as written; fails for a mapping or a list. */
    String scalarText(Object value, String path) {
        if (interpolation.isUnresolved(path)) {
            throw new ProfileProblems.AlreadyReported();
        }
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map || value instanceof List) {
            throw problems.fail(path + " is " + kind(value) + ", not a single value (write it on the same line, as in "
                    + leaf(path) + ": value)");
        }
        return String.valueOf(value);
    }

    /** {@code true} or {@code false}, in any case; absent is false. */
    boolean bool(Object value, String path) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw problems.notA(
                path, value, "true or false", "write " + leaf(path) + ": true or " + leaf(path) + ": false");
    }

    /** A PostgreSQL duration such as {@code 5s}, as written (stripped); {@code null} when absent. */
    String duration(Map<String, Object> map, String path) {
        String value = text(map, path);
        if (value == null) {
            return null;
        }
        try {
            PgDuration.parse(value, null);
        } catch (IllegalArgumentException e) {
            throw problems.fail(path + " = " + quoted(value) + " " + e.getMessage());
        }
        return value.strip();
    }

    /** A whole number of at least {@code minimum}; {@code null} when absent. */
    Long integer(Object value, String path, long minimum, String fix) {
        if (value == null) {
            return null;
        }
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text && text.strip().matches("[+-]?\\d{1,18}")) {
            number = Long.parseLong(text.strip());
        } else {
            throw problems.notA(path, value, "a number", fix);
        }
        if (number < minimum) {
            throw problems.fail(path + " = " + shown(path, value) + " is not "
                    + (minimum == 0 ? "0 or more" : "positive") + " (" + fix + ")");
        }
        return number;
    }

    /** A positive {@code int}; {@code fallback} when absent. */
    int positiveInt(Object value, String path, int fallback, String fix) {
        Long number = integer(value, path, 1, fix);
        if (number == null) {
            return fallback;
        }
        if (number > Integer.MAX_VALUE) {
            throw problems.fail(path + " = " + shown(path, value) + " is too large (" + fix + ")");
        }
        return number.intValue();
    }

    /** The mapping of a section such as {@code backup}; {@code null} when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> section(Object value, String path, String exampleKey) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw problems.notA(
                    path,
                    value,
                    "a mapping",
                    "write its keys on indented lines below " + path + ":, such as " + exampleKey);
        }
        return (Map<String, Object>) value;
    }

    /** {@code schemas}: a list, or one value of comma-separated names; each bad name is reported on its own. */
    List<String> schemas(Object value) {
        List<String> schemas = new ArrayList<>();
        if (value == null) {
            return schemas;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String path = "schemas[" + i + "]";
                Object item = list.get(i);
                problems.attempt(
                        () -> {
                            String schema = scalarText(item, path);
                            if (schema == null
                                    || !SCHEMA_NAME.matcher(schema.strip()).matches()) {
                                throw problems.fail(path + " = " + (schema == null ? "null" : quoted(schema))
                                        + " is not a valid schema name " + schemaFix());
                            }
                            return schemas.add(schema.strip());
                        },
                        false);
            }
            return schemas;
        }
        if (value instanceof Map) {
            throw problems.fail("schemas is a mapping, not a list (write schemas: [public, app] or schemas: public)");
        }
        String written = scalarText(value, "schemas");
        for (String part : written.split(",", -1)) {
            String schema = part.strip();
            problems.attempt(
                    () -> {
                        if (!SCHEMA_NAME.matcher(schema).matches()) {
                            throw problems.fail("schemas = " + quoted(written) + " contains " + quoted(schema)
                                    + ", which is not a valid schema name " + schemaFix());
                        }
                        return schemas.add(schema);
                    },
                    false);
        }
        return schemas;
    }

    private static String schemaFix() {
        return "(use letters, digits, _ and $, starting with a letter or _, such as public; "
                + "list several as schemas: [public, app])";
    }
}
