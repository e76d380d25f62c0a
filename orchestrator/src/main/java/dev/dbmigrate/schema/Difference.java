package dev.dbmigrate.schema;

import java.util.List;

/**
 * One difference between two snapshots: an object only on one side, or one property of an object present on both.
 * {@link #line()} is the one-line text form the {@code diff}, {@code check} and {@code test-rollback} goals print.
 */
public record Difference(ObjectKind kind, String name, Change change, String property, Object from, Object to) {
    /** What kind of difference it is. */
    public enum Change {
        /** The object is on the {@code from} side only (the {@code to} side lacks it). */
        MISSING,
        /** The object is on the {@code to} side only. */
        EXTRA,
        /** The object is on both sides; one property differs. */
        CHANGED
    }

    /** The object only the {@code from} side has ({@code from}: what it is, when its kind and name do not say). */
    public static Difference missing(SchemaObject object) {
        return new Difference(object.kind(), object.name(), Change.MISSING, null, what(object), null);
    }

    /** The object only the {@code to} side has ({@code to}: what it is, when its kind and name do not say). */
    public static Difference extra(SchemaObject object) {
        return new Difference(object.kind(), object.name(), Change.EXTRA, null, null, what(object));
    }

    /** A partition's parent and bound, a procedure's kind: what an object on one side only is, beyond its name. */
    private static String what(SchemaObject object) {
        if (object.text("partitionOf") != null) {
            return "partition of " + object.text("partitionOf") + " " + object.text("partitionBound");
        }
        if (object.kind() == ObjectKind.FUNCTION && "procedure".equals(object.text("kind"))) {
            return "procedure";
        }
        return null;
    }

    /** A property that differs ({@code null} on the side where it is not set). */
    public static Difference changed(SchemaObject object, String property, Object from, Object to) {
        return new Difference(object.kind(), object.name(), Change.CHANGED, property, from, to);
    }

    /** The object's kind and name: {@code column public.users.email}. */
    public String object() {
        return kind.word() + " " + name;
    }

    /**
     * The difference on one line, with the two sides' names: {@code missing in prod: trigger public.users.audit},
     * {@code only in prod: index public.users_email_idx}, {@code column public.users.email: type character
     * varying(100) (migrations) vs character varying(200) (prod)}.
     */
    public String line(String fromName, String toName) {
        return switch (change) {
            case MISSING -> "missing in " + toName + ": " + object() + (from == null ? "" : " (" + from + ")");
            case EXTRA -> "only in " + toName + ": " + object() + (to == null ? "" : " (" + to + ")");
            case CHANGED ->
                object() + ": " + property + " " + shown(from) + " (" + fromName + ") vs " + shown(to) + " (" + toName
                        + ")";
        };
    }

    private static String shown(Object value) {
        if (value == null) {
            return "(not set)";
        }
        if (value instanceof List<?> list) {
            return list.toString();
        }
        String text = value.toString().replace("\r", "\\r").replace("\n", "\\n");
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
