package dev.dbmigrate.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A column type as a migration writes it, with PostgreSQL's aliases resolved ({@code int4} and {@code integer},
 * {@code character varying} and {@code varchar}): enough to tell whether {@code ALTER COLUMN ... TYPE} rewrites the
 * table.
 *
 * @param base      the type's name, its alias resolved: {@code varchar}, {@code numeric}, {@code timestamptz}
 * @param modifiers its modifiers ({@code varchar(20)}: 20; {@code numeric(10, 2)}: 10 and 2), empty when unlimited
 * @param array     whether it is an array of {@code base}
 */
record SqlType(String base, List<Integer> modifiers, boolean array) {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("serial", "integer"),
            Map.entry("serial4", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("bigserial", "bigint"),
            Map.entry("serial8", "bigint"),
            Map.entry("int2", "smallint"),
            Map.entry("smallserial", "smallint"),
            Map.entry("serial2", "smallint"),
            Map.entry("character varying", "varchar"),
            Map.entry("character", "bpchar"),
            Map.entry("char", "bpchar"),
            Map.entry("decimal", "numeric"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time without time zone", "time"),
            Map.entry("time with time zone", "timetz"),
            Map.entry("double precision", "float8"),
            Map.entry("float", "float8"),
            Map.entry("real", "float4"),
            Map.entry("bool", "boolean"),
            Map.entry("bit varying", "varbit"));

    /** The types whose modifier is a limit that can grow without a rewrite (PostgreSQL's typmod support functions). */
    private static final List<String> GROWABLE =
            List.of("varchar", "varbit", "timestamp", "timestamptz", "time", "timetz", "interval");

    /** The type that {@code tokens} write ({@code character varying(20)}, {@code public.money[]}). */
    static SqlType of(List<Token> tokens) {
        List<String> words = new ArrayList<>();
        List<Integer> modifiers = new ArrayList<>();
        boolean array = false;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (t.isSymbol("[") || t.is("ARRAY")) {
                array = true;
            } else if (depth > 0 && t.kind() == Token.Kind.NUMBER && t.text().matches("[0-9]{1,9}")) {
                modifiers.add(Integer.valueOf(t.text()));
            } else if (depth == 0
                    && t.isName()
                    && !(i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("."))) {
                words.add(t.name());
            }
        }
        String name = String.join(" ", words);
        return new SqlType(ALIASES.getOrDefault(name, name), List.copyOf(modifiers), array);
    }

    /**
     * The words of the type that {@code type} writes, lower case, without its modifiers and array brackets and without
     * a {@code pg_catalog.} schema, its aliases not resolved: "timestamp with time zone" for {@code TIMESTAMP(3) WITH
     * TIME ZONE}; a quoted name stays as written within quotes ({@code "char"}, a type of its own).
     */
    static String writtenName(List<Token> type) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < type.size(); i++) {
            Token t = type.get(i);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && t.isName() && !isCatalogPrefix(type, i)) {
                words.add(t.kind() == Token.Kind.QUOTED ? '"' + t.text() + '"' : t.name());
            }
        }
        return String.join(" ", words);
    }

    private static boolean isCatalogPrefix(List<Token> type, int i) {
        return type.get(i).is("pg_catalog")
                && i + 1 < type.size()
                && type.get(i + 1).isSymbol(".");
    }

    /** The type that {@code type} writes, as written, for messages: "char(2)", "timestamp(3) without time zone". */
    static String writtenText(List<Token> type) {
        StringBuilder text = new StringBuilder();
        Token previous = null;
        for (Token t : type) {
            boolean tight = previous == null
                    || Set.of("(", ")", "[", "]", ",", ".").contains(t.text()) && t.kind() == Token.Kind.SYMBOL
                    || previous.isSymbol("(")
                    || previous.isSymbol("[")
                    || previous.isSymbol(".");
            text.append(tight ? "" : " ").append(t.kind() == Token.Kind.QUOTED ? '"' + t.text() + '"' : t.text());
            previous = t;
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Why changing a column from this type to {@code target} rewrites the table, or null when PostgreSQL changes it
     * in the catalog alone (the same type; a {@code varchar}, {@code varbit} or time limit raised or dropped;
     * {@code varchar} to {@code text}; {@code numeric(p, s)} to a larger precision of the same scale or to unlimited
     * {@code numeric}; {@code cidr} to {@code inet}).
     */
    String rewriteTo(SqlType target) {
        if (equals(target)) {
            return null;
        }
        if (array || target.array) {
            return "an array's element type changes";
        }
        if (base.equals("timestamp") && target.base.equals("timestamptz")) {
            return "PostgreSQL 12 and later skip the rewrite from timestamp to timestamptz only when the session"
                    + " TimeZone is UTC";
        }
        if (textLike() && target.textLike()) {
            boolean widens = target.base.equals("text")
                    || target.modifiers.isEmpty()
                    || base.equals("varchar") && !modifiers.isEmpty() && target.modifiers.get(0) >= modifiers.get(0);
            return widens ? null : "the new length limit has to be checked on every row";
        }
        if (base.equals(target.base) && GROWABLE.contains(base)) {
            return target.modifiers.isEmpty() || !modifiers.isEmpty() && target.modifiers.get(0) >= modifiers.get(0)
                    ? null
                    : "the new limit is smaller";
        }
        if (base.equals("numeric") && target.base.equals("numeric")) {
            boolean widens = target.modifiers.isEmpty()
                    || modifiers.size() == 2
                            && target.modifiers.size() == 2
                            && target.modifiers.get(0) >= modifiers.get(0)
                            && target.modifiers.get(1).equals(modifiers.get(1));
            return widens ? null : "the scale changes or the precision shrinks";
        }
        if (base.equals("cidr") && target.base.equals("inet")) {
            return null;
        }
        return "every value is converted from " + this + " to " + target;
    }

    private boolean textLike() {
        return base.equals("varchar") || base.equals("text");
    }

    @Override
    public String toString() {
        String limits = modifiers.isEmpty()
                ? ""
                : "(" + String.join(",", modifiers.stream().map(String::valueOf).toList()) + ")";
        return base + limits + (array ? "[]" : "");
    }
}
