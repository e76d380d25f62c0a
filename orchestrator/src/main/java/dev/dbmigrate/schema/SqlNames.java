package dev.dbmigrate.schema;

import dev.dbmigrate.sql.SqlText;
import java.util.ArrayList;
import java.util.List;

/**
 * The names the SQL writer is made of: the parts of a snapshot name ({@code app."a.b".id} is three parts, the quotes
 * kept), identifiers quoted where the snapshot gives them bare (quoting itself is {@link SqlText}'s), and whether a
 * definition names an object.
 */
public final class SqlNames {
    private SqlNames() {}

    /**
     * The dot-separated parts of a qualified name, each as written (quoted parts keep their quotes, and a dot inside
     * quotes does not split). A function's argument list, from the first {@code (} outside quotes, is not part of
     * any part.
     */
    public static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                break;
            } else if (!quoted && c == '.') {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    /** The last part of a qualified name: an index's, constraint's, trigger's or policy's own name. */
    public static String last(String name) {
        List<String> parts = parts(name);
        return parts.get(parts.size() - 1);
    }

    /** Every part but the last, joined again: the table of {@code app.orders.orders_pkey}. */
    public static String owner(String name) {
        List<String> parts = parts(name);
        return String.join(".", parts.subList(0, parts.size() - 1));
    }

    /**
     * An identifier the snapshot gives as a plain name (a role, a collation, a domain check's name): left as it is
     * when it is already quoted, else quoted (quoting a lower-case name changes nothing).
     */
    public static String ident(String name) {
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            return name;
        }
        return SqlText.identifier(name);
    }

    /** A role as GRANT and CREATE POLICY take it: {@code PUBLIC} for the public pseudo-role, else quoted. */
    public static String role(String role) {
        return role.equalsIgnoreCase("public") ? "PUBLIC" : ident(role);
    }

    /** A collation as the snapshot gives it ({@code "C"}, {@code pg_catalog."C"} or bare {@code C}). */
    public static String collation(String collation) {
        return collation.contains("\"") ? collation : ident(collation);
    }

    /** A string literal, the same whatever {@code standard_conforming_strings} is: {@code E'it''s'}. */
    public static String literal(String text) {
        return SqlText.literal(text);
    }

    /**
     * Whether {@code text} (a definition, a type) names the object {@code name}: the whole qualified name, or for an
     * object in {@code public} its bare name, standing as a name of its own (not part of a longer one).
     */
    public static boolean mentions(String text, String name) {
        if (text == null) {
            return false;
        }
        if (contains(text, name, false)) {
            return true;
        }
        List<String> parts = parts(name);
        return parts.size() == 2 && parts.get(0).equals("public") && contains(text, parts.get(1), true);
    }

    private static boolean contains(String text, String name, boolean bare) {
        for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
            char before = at == 0 ? ' ' : text.charAt(at - 1);
            int end = at + name.length();
            char after = end == text.length() ? ' ' : text.charAt(end);
            boolean startsClean = !identifierChar(before) && before != '"' && !(bare && before == '.');
            if (startsClean && !identifierChar(after) && after != '"') {
                return true;
            }
        }
        return false;
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
