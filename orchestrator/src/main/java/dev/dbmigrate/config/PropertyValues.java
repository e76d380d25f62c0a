package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Masking;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The properties of one run (already layered by the adapter), read by {@link MigrateProperty} and by kind. A blank
 * value counts as unset; a bad one fails with the property, the value (any password masked) and the fix.
 *
 * @param map        values by {@link MigrateProperty#key()}
 * @param projectDir the project, against which a path is resolved
 */
record PropertyValues(Map<String, String> map, Path projectDir) {
    private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

    /** The value, stripped; {@code fallback} when unset. */
    String get(MigrateProperty property, String fallback) {
        String v = map.get(property.key());
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** The value, stripped; {@code null} when unset. */
    String text(MigrateProperty property) {
        return get(property, null);
    }

    /** A comma-separated list, each item stripped, empty items left out; empty when unset. */
    List<String> list(MigrateProperty property) {
        String v = get(property, null);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** {@code true} or {@code false} in any case; {@code unset} when unset. */
    boolean flag(MigrateProperty property, boolean unset) {
        return get(property, null) == null ? unset : SettingsResolver.parseBoolean(property, map.get(property.key()));
    }

    /** A whole number of 1 or more; {@code null} when unset. */
    Integer positiveInt(MigrateProperty property) {
        String v = get(property, null);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SettingsResolver.invalid(property, v, "use a whole number of 1 or more, such as 2");
    }

    /** A version such as {@code 2.1}; {@code null} when unset; {@code latest} too when {@code latest} allows it. */
    String version(MigrateProperty property, boolean latest, String fix) {
        String v = get(property, null);
        if (v != null && !(latest && v.equals("latest")) && !VERSION.matcher(v).matches()) {
            throw SettingsResolver.invalid(property, v, fix);
        }
        return v;
    }

    /** A duration such as {@code 30s} or {@code 10min}; {@code fallback} when unset. */
    Duration duration(MigrateProperty property, Duration fallback) {
        String v = get(property, null);
        try {
            return PgDuration.parse(v, fallback);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION, property.property() + " = '" + Masking.inText(v) + "' " + e.getMessage());
        }
    }

    /** One of the constants of {@code type}, in any case; {@code fallback} when unset. */
    <E extends Enum<E>> E choice(MigrateProperty property, Class<E> type, E fallback) {
        String v = get(property, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String options = String.join(
                    ", ",
                    Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
            throw SettingsResolver.invalid(property, v, "use one of " + options);
        }
    }

    /** A path, resolved against the project; {@code null} when unset. */
    Path path(MigrateProperty property) {
        String v = get(property, null);
        return v == null ? null : projectDir.resolve(v).normalize();
    }
}
