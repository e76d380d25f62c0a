package dev.dbmigrate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's duration notation as profiles and properties use it: {@code 500ms}, {@code 5s}, {@code 15min},
 * {@code 1h}, {@code 2d}. The one parser of every duration setting ({@code lockTimeout}, {@code statementTimeout},
 * {@code -Dmigrate.lockWait}, ...).
 *
 * <p>A number without a unit is refused (only {@code 0} is accepted, which means the same in every unit): PostgreSQL
 * reads {@code lock_timeout = 5} as 5 milliseconds, where the writer almost always meant 5 seconds.
 */
public final class PgDuration {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h|d)?");

    private PgDuration() {
    }

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
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a duration (use a number with a unit: ms, s, min, h or d,"
                    + " such as 500ms, 5s or 15min)");
        }
        long n = Long.parseLong(m.group(1));
        if (m.group(2) == null && n != 0) {
            throw new IllegalArgumentException("has no unit (write " + n + "s for " + n + " seconds, the same as "
                    + Math.multiplyExact(n, 1000) + "ms, or " + n + "ms if you meant milliseconds; units: ms, s, min,"
                    + " h, d)");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
