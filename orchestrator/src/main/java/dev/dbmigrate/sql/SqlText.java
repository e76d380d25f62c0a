package dev.dbmigrate.sql;

/** Quoting of names and values for SQL text built by this tool. */
public final class SqlText {
    private SqlText() {}

    /** A quoted identifier: {@code my"table} becomes {@code "my""table"}. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * A string literal that means the same whatever {@code standard_conforming_strings} is: an escape string with
     * quotes and backslashes doubled, or {@code null}.
     */
    public static String literal(String value) {
        if (value == null) {
            return "null";
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
