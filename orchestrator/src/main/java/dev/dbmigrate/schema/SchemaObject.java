package dev.dbmigrate.schema;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object of a {@link Snapshot}: its kind, its name as PostgreSQL would print it qualified and quoted where needed
 * ({@code public.users}, {@code public.users.email}, {@code app."Order".id}, {@code public.add(integer, integer)}), and
 * its properties, sorted by name. A property's value is a {@code String}, a {@code Boolean} or a {@code List<String>};
 * a property at its default (not null, no comment, no grants) is left out, so snapshots stay short and diffs name only
 * what is set. The properties of each kind are listed in {@code docs/schema.md}.
 */
public record SchemaObject(ObjectKind kind, String name, SortedMap<String, Object> properties) {
    /**
     * A column's place among its table's columns ({@code 1} first), so that SQL written from a snapshot creates the
     * columns in their order. Shown, never compared: PostgreSQL cannot reorder columns, so a column an undo re-adds
     * lands at the end and is still the same column.
     */
    public static final String POSITION = "position";

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        TreeMap<String, Object> copy = new TreeMap<>();
        properties.forEach((key, value) -> {
            Object checked = checked(key, value);
            if (checked != null) {
                copy.put(key, checked);
            }
        });
        properties = Collections.unmodifiableSortedMap(copy);
    }

    /** An object with no properties yet. */
    public static SchemaObject of(ObjectKind kind, String name) {
        return new SchemaObject(kind, name, new TreeMap<>());
    }

    /** This object with one more property ({@code null}, {@code false} and empty lists leave it out). */
    public SchemaObject with(String key, Object value) {
        TreeMap<String, Object> copy = new TreeMap<>(properties);
        copy.put(key, value);
        return new SchemaObject(kind, name, copy);
    }

    /** A property's value, or {@code null} when it is not set. */
    public Object get(String key) {
        return properties.get(key);
    }

    /** A text property's value, or {@code null}. */
    public String text(String key) {
        Object value = properties.get(key);
        return value == null ? null : value.toString();
    }

    /** Whether a boolean property is set. */
    public boolean flag(String key) {
        return Boolean.TRUE.equals(properties.get(key));
    }

    /** A list property's value, empty when it is not set. */
    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object value = properties.get(key);
        return value instanceof List<?> ? (List<String>) value : List.of();
    }

    /** The kind and name, as the text output prints them: {@code index public.users_email_idx}. */
    public String label() {
        return kind.word() + " " + name;
    }

    private static Object checked(String key, Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return null;
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return null;
            }
            return List.copyOf(list.stream().map(String::valueOf).toList());
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException("property " + key + " is a map: use a list of strings or more names");
        }
        throw new IllegalArgumentException("property " + key + " has a value of type "
                + value.getClass().getSimpleName() + ": use a string, a boolean or a list of strings");
    }
}
