package dev.dbmigrate.lint;

/** A column of type {@code json} (or {@code json[]}), where {@code jsonb} serves better. */
final class PreferJsonbRule extends ColumnTypeRule {
    @Override
    public String id() {
        return "prefer-jsonb";
    }

    @Override
    public String description() {
        return "json keeps the text as written and parses it on every access, with no equality and no index support";
    }

    @Override
    public String alternative() {
        return "declare the column jsonb";
    }

    @Override
    boolean matches(String typeName) {
        return typeName.equals("json");
    }

    @Override
    String risk() {
        return "which stores the text as written and parses it again on every access, and has no equality operator"
                + " (no DISTINCT, GROUP BY, unique or GIN index on it): use jsonb";
    }
}
