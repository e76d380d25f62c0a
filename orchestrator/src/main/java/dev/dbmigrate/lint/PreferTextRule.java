package dev.dbmigrate.lint;

/**
 * A column of type {@code char(n)} ({@code character(n)}, {@code bpchar}); not {@code varchar}, and not the quoted
 * {@code "char"}, a one-byte type of its own.
 */
final class PreferTextRule extends ColumnTypeRule {
    @Override
    public String id() {
        return "prefer-text";
    }

    @Override
    public String description() {
        return "char(n) pads its values with spaces that comparisons ignore, and is no faster than text";
    }

    @Override
    public String alternative() {
        return "declare the column text (with a CHECK (length(c) <= n) if the length matters)";
    }

    @Override
    boolean matches(String typeName) {
        return typeName.equals("char") || typeName.equals("character") || typeName.equals("bpchar");
    }

    @Override
    String risk() {
        return "which pads its values with spaces that comparisons then ignore, and is stored no smaller than text:"
                + " use text";
    }
}
