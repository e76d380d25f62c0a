package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.SECRET_KEY;
import static dev.dbmigrate.config.ProfileProblems.kind;
import static dev.dbmigrate.config.ProfileProblems.shown;

import dev.dbmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${VAR}} and {@code ${VAR:-default}} in every string of a profile's document against the given
 * environment variables; {@code $${} writes a literal {@code ${}. A string that cannot be resolved is recorded as a
 * problem and read as absent; {@link #isUnresolved} tells the readers so that they do not report it a second time.
 */
final class ProfileInterpolation {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final ProfileProblems problems;
    /** Paths of values whose {@code ${VAR}} could not be resolved: already reported, read as absent. */
    private final Set<String> unresolved = new HashSet<>();

    ProfileInterpolation(Map<String, String> environment, ProfileProblems problems) {
        this.environment = environment;
        this.problems = problems;
    }

    /** The top mapping of a profile, interpolated; an empty file is an empty mapping. */
    @SuppressWarnings("unchecked")
    Map<String, Object> top(Object document) {
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map)) {
            throw problems.fail("the file holds " + kind(document) + ", not a mapping of keys "
                    + "(write keys such as url: and user: at the start of lines)");
        }
        return (Map<String, Object>) tree(document, "");
    }

    /** {@code value} with every string in it interpolated; {@code path} names it in messages. */
    Object tree(Object value, String path) {
        if (value instanceof String text) {
            try {
                return text(text, path);
            } catch (MigrateException e) {
                problems.record(e.getMessage());
                unresolved.add(path);
                return null;
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                String name = String.valueOf(key);
                result.put(name, tree(item, ProfileKeys.child(path, name)));
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                result.add(tree(list.get(i), path + "[" + i + "]"));
            }
            return result;
        }
        return value;
    }

    /** Whether the value at {@code path} had a reference that could not be resolved (and is reported already). */
    boolean isUnresolved(String path) {
        return unresolved.contains(path);
    }

    /** {@code text} with its references resolved; fails on the first one that cannot be. */
    String text(String text, String path) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw problems.fail(path + " = " + shown(path, text) + " has a ${ without its closing } "
                            + "(close it, or write $${ for a literal ${)");
                }
                out.append(variable(text, text.substring(i + 2, close), path));
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** The value of the reference {@code ${body}} in {@code text}. */
    private String variable(String text, String body, String path) {
        int separator = body.indexOf(":-");
        String name = separator < 0 ? body : body.substring(0, separator);
        String fallback = separator < 0 ? null : body.substring(separator + 2);
        if (!VARIABLE_NAME.matcher(name).matches() || (fallback != null && fallback.contains("${"))) {
            String reference = path.equals(SECRET_KEY) ? "" : " ${" + body + "}";
            throw problems.fail(path + " = " + shown(path, text) + " has" + reference + ", which is not a "
                    + "variable reference (write ${NAME} or ${NAME:-default} with a name of letters, "
                    + "digits and _, or $${ for a literal ${)");
        }
        String value = environment.get(name);
        if (value == null || (fallback != null && value.isEmpty())) {
            if (fallback == null) {
                throw problems.fail(path + " uses ${" + name + "}, which is not set (export " + name + " or write ${"
                        + name + ":-default})");
            }
            value = fallback;
        }
        return value;
    }
}
