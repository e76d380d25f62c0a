package dev.dbmigrate.change;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a column's new type may fail to hold a value of its old one (a narrowing change, which loses data, so it is
 * held back). Only the changes known to keep every value are widening: a longer or unbounded string, any type to
 * {@code text}, a larger integer or numeric, an integer to a numeric or float that holds it, {@code real} to
 * {@code double precision}, {@code date} to a timestamp, a timestamp or time of a finer precision, {@code timestamp}
 * to {@code timestamptz} and back, the same changes of array elements. Everything else counts as narrowing.
 */
final class Narrowing {
    /** Each integer type and its rank; a larger rank holds every value of a smaller one. */
    private static final Map<String, Integer> INTEGERS = Map.of("smallint", 1, "integer", 2, "bigint", 3);

    /** The decimal digits each integer type needs, for a {@code numeric(p, s)} that must hold it. */
    private static final Map<String, Integer> DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);

    private static final List<String> STRINGS = List.of("character varying", "character", "text");
    private static final List<String> TIMES = List.of("timestamp without time zone", "timestamp with time zone");
    private static final Pattern TYPE = Pattern.compile("^([^(]*?)(?:\\((\\d+)(?:,(\\d+))?\\))?([^(]*)$");

    private Narrowing() {}

    /** A type as {@code format_type} prints it: its name without modifiers, its modifiers (or -1), its array depth. */
    private record Type(String base, int first, int second, int dims) {
        static Type of(String text) {
            String rest = text.strip();
            int dims = 0;
            while (rest.endsWith("[]")) {
                rest = rest.substring(0, rest.length() - 2);
                dims++;
            }
            Matcher matcher = TYPE.matcher(rest);
            if (!matcher.matches()) {
                return new Type(rest, -1, -1, dims);
            }
            String base = (matcher.group(1) + matcher.group(4)).strip();
            int first = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
            int second = matcher.group(3) == null ? (first < 0 ? -1 : 0) : Integer.parseInt(matcher.group(3));
            return new Type(base, first, second, dims);
        }
    }

    /** Whether changing a column from {@code from} to {@code to} may lose or refuse a value. */
    static boolean narrows(String from, String to) {
        Type old = Type.of(from);
        Type now = Type.of(to);
        if (now.dims() == 0 && now.base().equals("text")) {
            return false;
        }
        return old.dims() != now.dims() || !widens(old, now);
    }

    private static boolean widens(Type old, Type now) {
        String a = old.base();
        String b = now.base();
        if (STRINGS.contains(a) && STRINGS.contains(b)) {
            return strings(old, now);
        }
        if (INTEGERS.containsKey(a)) {
            return integer(a, now);
        }
        if (a.equals("numeric") && b.equals("numeric")) {
            return now.first() < 0
                    || (old.first() >= 0
                            && now.second() >= old.second()
                            && now.first() - now.second() >= old.first() - old.second());
        }
        if (a.equals("real")) {
            return b.equals("double precision") || b.equals("real");
        }
        if (a.equals("date")) {
            return TIMES.contains(b);
        }
        if (TIMES.contains(a) && TIMES.contains(b)) {
            return finer(old, now);
        }
        return a.equals(b) && (a.startsWith("time") || a.equals("interval")) && finer(old, now);
    }

    /** A string type to another: bounded to unbounded, or to a bound at least as long (but not to padded). */
    private static boolean strings(Type old, Type now) {
        if (now.base().equals("character") && !old.base().equals("character")) {
            return false;
        }
        return now.first() < 0 || (old.first() >= 0 && now.first() >= old.first());
    }

    private static boolean integer(String from, Type now) {
        String b = now.base();
        if (INTEGERS.containsKey(b)) {
            return INTEGERS.get(b) >= INTEGERS.get(from);
        }
        if (b.equals("numeric")) {
            return now.first() < 0 || now.first() - now.second() >= DIGITS.get(from);
        }
        return b.equals("double precision") && !from.equals("bigint") || b.equals("real") && from.equals("smallint");
    }

    /** A precision at least as fine ({@code timestamp(3)} to {@code timestamp(6)} or unbounded). */
    private static boolean finer(Type old, Type now) {
        return now.first() < 0 || (old.first() >= 0 && now.first() >= old.first());
    }
}
