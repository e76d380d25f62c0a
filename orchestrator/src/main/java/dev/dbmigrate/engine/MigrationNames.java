package dev.dbmigrate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that decides whether a file in a migration location is a migration, a file that looks like one but
 * does not follow the naming (Flyway would skip it without a word), or something else. Flyway's own check,
 * {@code validateMigrationNaming}, is off by default and looks only at {@code .sql} files; this one also catches the
 * near misses Flyway never sees: {@code V4__x.SQL}, {@code v4__x.sql}, {@code V4__x.sql.txt}.
 */
public final class MigrationNames {
    /** The expected forms, as messages show them. */
    public static final String EXPECTED = "V<version>__<description>.sql, U<version>__<description>.sql or"
            + " R__<description>.sql (a version is numbers separated by dots or single underscores: 3, 1.1, 1_1,"
            + " 20261124101500)";
    /** Flyway's SQL callbacks (beforeMigrate.sql, afterEachMigrate__x.sql, ...): files Flyway runs, not migrations. */
    private static final Pattern CALLBACK = Pattern.compile("(before|after|createSchema)[A-Za-z]*(__.*)?\\.sql");

    private static final Pattern VERSION = Pattern.compile("[0-9]+(?:[._][0-9]+)*");
    /** A version, then an optional wrong separator, then the rest: for names without {@code __}. */
    private static final Pattern NO_SEPARATOR = Pattern.compile("([0-9]+(?:[._][0-9]+)*)([-_. ]*)(.*)");
    /** A name without the .sql extension that still looks like a migration: V1..., U_1..., R__..., D1... */
    private static final Pattern SHAPED = Pattern.compile("(?i)([vu][-_.]?[0-9]|r__|r_|d[0-9]|[0-9]+__).*");

    private MigrationNames() {}

    /**
     * Why a name that looks like a migration does not follow the naming.
     *
     * @param reasons    what is wrong, each a short clause
     * @param suggestion the name that would follow the naming, or null when it cannot be guessed
     */
    public record Problem(List<String> reasons, String suggestion) {
        /** "the extension must be .sql: rename it to V4__x.sql". */
        public String text() {
            return String.join("; ", reasons) + (suggestion == null ? "" : ": rename it to " + suggestion);
        }
    }

    /** Whether {@code fileName} is one of Flyway's SQL callbacks, which Flyway runs around its commands. */
    public static boolean isCallback(String fileName) {
        return CALLBACK.matcher(fileName).matches();
    }

    /**
     * Decides one file name: null when it is a well-named migration (V, U or R), a Flyway SQL callback, a hidden file
     * or clearly no migration (README.md); otherwise what is wrong with it. Every {@code .sql} file in a migration
     * location, in any case of the extension, is meant as a migration; a file with another extension is when its name
     * starts like one ({@code V4__x.txt}, {@code V4__x.sql.bak}, {@code R__views}).
     */
    public static Problem diagnose(String fileName) {
        if (fileName.startsWith(".") || isCallback(fileName)) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        String lower = fileName.toLowerCase(Locale.ROOT);
        String stem;
        if (fileName.endsWith(".sql")) {
            stem = fileName.substring(0, fileName.length() - 4);
        } else if (lower.endsWith(".sql")) {
            stem = fileName.substring(0, fileName.length() - 4);
            reasons.add("the extension " + fileName.substring(stem.length()) + " must be .sql in lower case");
        } else if (SHAPED.matcher(fileName).matches() || lower.contains(".sql")) {
            int sql = lower.indexOf(".sql");
            int dot = fileName.lastIndexOf('.');
            boolean extension = dot > 0 && fileName.substring(dot + 1).matches("[A-Za-z][A-Za-z0-9~]*");
            stem = sql > 0 ? fileName.substring(0, sql) : extension ? fileName.substring(0, dot) : fileName;
            reasons.add(
                    stem.equals(fileName)
                            ? "it has no .sql extension"
                            : "the extension " + fileName.substring(stem.length()) + " must be .sql");
        } else {
            return null;
        }
        String fixed = fixStem(stem, reasons);
        if (reasons.isEmpty()) {
            return null;
        }
        return new Problem(List.copyOf(reasons), fixed == null ? null : fixed + ".sql");
    }

    /** Checks the name without its extension; adds what is wrong; returns the corrected stem or null. */
    private static String fixStem(String stem, List<String> reasons) {
        if (stem.isEmpty()) {
            reasons.add("it has no name before the extension");
            return null;
        }
        char first = stem.charAt(0);
        String rest = stem.substring(1);
        char prefix = Character.toUpperCase(first);
        if (first >= '0' && first <= '9') {
            reasons.add("it has no prefix (a versioned migration starts with V, its undo script with U)");
            prefix = 'V';
            rest = stem;
        } else if (prefix == 'D' && !rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
            reasons.add("D<version>__<name>.sql files are sample data for rehearsals, kept in"
                    + " src/test/resources/db/sample-data, not migrations: move it there");
            return null;
        } else if (prefix != 'V' && prefix != 'U' && prefix != 'R'
                || !rest.isEmpty() && Character.isLetter(rest.charAt(0))) {
            reasons.add("it does not start with V<version>__, U<version>__ or R__");
            return null;
        } else if (first != prefix) {
            reasons.add("the prefix " + first + " must be a capital " + prefix);
        }
        String fixedRest = prefix == 'R' ? fixRepeatable(rest, reasons) : fixVersioned(rest, reasons);
        return fixedRest == null ? null : prefix + fixedRest;
    }

    private static String fixRepeatable(String rest, List<String> reasons) {
        int separator = rest.indexOf("__");
        if (separator < 0) {
            Matcher m = Pattern.compile("([0-9._]*)[-_ ]+(.+)").matcher(rest);
            if (m.matches()) {
                if (!m.group(1).isEmpty()) {
                    reasons.add("a repeatable migration has no version");
                }
                reasons.add("R and the description are separated by two underscores");
                return "__" + m.group(2);
            }
            reasons.add("it has no description: R__<description>");
            return null;
        }
        String version = rest.substring(0, separator);
        String description = stripSeparator(rest.substring(separator + 2), reasons);
        if (!version.isEmpty()) {
            reasons.add("a repeatable migration has no version (" + version + ")");
        }
        if (description.isEmpty()) {
            reasons.add("it has no description after __");
            return null;
        }
        return "__" + description;
    }

    private static String fixVersioned(String rest, List<String> reasons) {
        int separator = rest.indexOf("__");
        if (separator < 0) {
            Matcher m = NO_SEPARATOR.matcher(rest);
            if (!m.matches()) {
                reasons.add(
                        rest.isEmpty()
                                ? "it has no version and no description"
                                : "it has no version (" + rest + " is not a version)");
                return null;
            }
            String version = m.group(1);
            String description = m.group(3);
            if (description.isEmpty()) {
                reasons.add("it has no description: version and description are separated by two underscores, as in"
                        + " V" + version + "__<description>");
                return null;
            }
            String given = m.group(2);
            reasons.add(
                    given.isEmpty()
                            ? "version and description are separated by two underscores"
                            : "version and description are separated by two underscores, not '" + given + "'");
            return version + "__" + description;
        }
        String version = rest.substring(0, separator);
        String description = stripSeparator(rest.substring(separator + 2), reasons);
        boolean ok = true;
        if (version.isEmpty()) {
            reasons.add("it has no version before __");
            ok = false;
        } else if (!VERSION.matcher(version).matches()) {
            reasons.add("the version '" + version + "' is not numbers separated by dots or single underscores");
            ok = false;
        }
        if (description.isEmpty()) {
            reasons.add("it has no description after __");
            ok = false;
        }
        return ok ? version + "__" + description : null;
    }

    /** A description that starts with more underscores ({@code V4___x}) is a typo for two. */
    private static String stripSeparator(String description, List<String> reasons) {
        int i = 0;
        while (i < description.length() && description.charAt(i) == '_') {
            i++;
        }
        if (i > 0 && i < description.length()) {
            reasons.add("version and description are separated by exactly two underscores, not " + (i + 2));
        }
        return i < description.length() ? description.substring(i) : "";
    }
}
