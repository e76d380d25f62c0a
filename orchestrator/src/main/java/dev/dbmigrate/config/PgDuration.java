package dev.dbmigrate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL's duration notation as profiles use it: {@code 500ms}, {@code 5s}, {@code 15min}, {@code 1h}, {@code 2d}. */
public final class PgDuration {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    private PgDuration() {
    }

    /** The duration, or {@code fallback} when {@code text} is null; a bare number means milliseconds, as in PostgreSQL. */
    public static Duration parse(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL duration: " + text);
        }
        long n = Long.parseLong(m.group(1));
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
