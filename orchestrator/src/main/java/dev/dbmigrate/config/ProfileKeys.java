package dev.dbmigrate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys a profile may have, how a key's path is written in messages ({@code backup.jobs}, {@code verify[0].sql}),
 * and the check that names an unknown key with the known key it is closest to.
 */
final class ProfileKeys {
    static final List<String> TOP = List.of(
            "url",
            "user",
            "password",
            "schemas",
            "protected",
            "lockTimeout",
            "statementTimeout",
            "backup",
            "verify",
            "rollback",
            "promotesTo",
            "drift",
            "rehearse",
            "lockRetries");
    static final List<String> BACKUP = List.of("directory", "format", "jobs", "keep", "compression");
    static final List<String> VERIFY = List.of("name", "sql", "expect", "budgetMs");
    static final List<String> EXPECT = List.of("rows", "equals");
    static final List<String> ROLLBACK = List.of("strategy", "fallback");
    static final List<String> LOCK_RETRIES = List.of("attempts", "backoff");

    private ProfileKeys() {}

    /**
     * Records, in {@code problems}, each key of {@code map} that is not one of {@code known}, suggesting the known key
     * it differs from only in case and separators or by at most two letters.
     */
    static void check(Map<String, Object> map, String path, List<String> known, ProfileProblems problems) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                String suggestion = known.stream()
                        .filter(k -> normalized(k).equals(normalized(key)) || editDistance(k, key) <= 2)
                        .findFirst()
                        .map(k -> "did you mean " + k + "? ")
                        .orElse("");
                problems.record("unknown key '" + child(path, key) + "' (" + suggestion + "known keys"
                        + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known) + ")");
            }
        }
    }

    /** The path of {@code key} below {@code path}: {@code backup.jobs}, or {@code url} at the top. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The last key of a path: {@code jobs} for {@code backup.jobs}. */
    static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** How many single-letter insertions, deletions and substitutions turn {@code a} into {@code b}. */
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

    private static String normalized(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
