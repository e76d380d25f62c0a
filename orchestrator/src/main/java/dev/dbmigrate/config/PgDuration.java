package dev.dbmigrate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's duration notation as profiles and properties use it: {@code 500ms}, {@code 5s}, {@code 15min},
 * {@code 1h}, {@code 2d}. The one parser of every duration setting ({@code lockTimeout}, {@code statementTimeout},
 * {@code -Dmigrate.lockWait}, ...).
 *
 * <p>A number without a unit is refused (only {@code 0} is accepted, which means the same in every unit): PostgreSQL
 * reads {@code lock_timeout = 5} as 5 milliseconds, where the writer almost always meant 5 seconds.
 *
 * <p>Units are spelled as PostgreSQL spells them, in lower case: PostgreSQL refuses {@code 5S} or {@code 5MIN}, so
 * they are refused here too, with the spelling that works. A duration longer than PostgreSQL's timeouts can hold
 * ({@value #MAX_MILLIS} milliseconds, about 24.8 days) is refused as well. What a session is given with {@code SET}
 * is {@link #sqlValue(String)}: the validated duration in milliseconds, never the text as written.
 */
public final class PgDuration {
    /** The largest value of PostgreSQL's {@code lock_timeout} and {@code statement_timeout}: INT_MAX milliseconds. */
    public static final long MAX_MILLIS = Integer.MAX_VALUE;

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([A-Za-z]+)?");
    private static final Set<String> UNITS = Set.of("ms", "s", "min", "h", "d");

    private PgDuration() {}

    /**
     * The duration, or {@code fallback} when {@code text} is null or blank.
     *
     * @throws IllegalArgumentException whose message completes "{@code key = "value"} ...": what is wrong and the fix,
     *                                  such as {@code has no unit (write 5s for 5 seconds, the same as 5000ms, ...)}
     */
    public static Duration parse(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = FORM.matcher(text.strip());
        boolean capitals = m.matches()
                && m.group(2) != null
                && !UNITS.contains(m.group(2))
                && UNITS.contains(m.group(2).toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2) != null && !UNITS.contains(m.group(2)) && !capitals)) {
            throw new IllegalArgumentException("is not a duration (use a number with a unit: ms, s, min, h or d,"
                    + " such as 500ms, 5s or 15min)");
        }
        String digits = m.group(1);
        String unit = m.group(2);
        if (capitals) {
            throw new IllegalArgumentException("spells its unit in capitals, which PostgreSQL refuses (units are"
                    + " case-sensitive: write " + digits + unit.toLowerCase(Locale.ROOT) + ")");
        }
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (unit == null && n != 0) {
            throw new IllegalArgumentException("has no unit (write " + n + "s for " + n + " seconds, the same as "
                    + (n > MAX_MILLIS / 1000 ? "" : n * 1000 + "ms, or ") + n + "ms if you meant milliseconds;"
                    + " units: ms, s, min, h, d)");
        }
        long perUnit = switch (unit == null ? "ms" : unit) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "min" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        if (n > MAX_MILLIS / perUnit) {
            throw new IllegalArgumentException("is longer than PostgreSQL's timeouts can hold (at most " + MAX_MILLIS
                    + "ms, about 24 days: write 24d or less, or 0 for no timeout)");
        }
        return Duration.ofMillis(n * perUnit);
    }

    /**
     * The value to give PostgreSQL ({@code SET lock_timeout = '...'}) for a duration {@link #parse} accepts: the same
     * duration in milliseconds, such as {@code 5000ms} for {@code 5s}, so that the server is sent exactly what was
     * validated.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static String sqlValue(String text) {
        return parse(text, Duration.ZERO).toMillis() + "ms";
    }
}
