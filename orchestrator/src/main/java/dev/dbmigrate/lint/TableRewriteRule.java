package dev.dbmigrate.lint;

import java.util.List;

/**
 * {@code ALTER COLUMN ... TYPE} on an existing table that rewrites it and rebuilds its indexes under an ACCESS
 * EXCLUSIVE lock. The current type comes from the earlier migrations ({@link SchemaHistory}); a change PostgreSQL
 * makes in the catalog alone ({@link SqlType#rewriteTo}) is not reported, and one whose current type the migrations
 * do not show is a warning. {@code USING} or {@code COLLATE} always counts as a rewrite. {@code timestamp} to
 * {@code timestamptz} counts as one too: only a session whose TimeZone is UTC skips it.
 */
final class TableRewriteRule extends AlterActionRule {
    /** The words of a finding whose current type is not known, which make it a warning. */
    private static final String UNKNOWN = "the current type is not known from the migrations";

    @Override
    public String id() {
        return "table-rewrite";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    Severity severity(LintStatement statement, MigrationSql sql, String problem) {
        return problem.contains(UNKNOWN) ? Severity.WARNING : severity();
    }

    @Override
    public String description() {
        return "ALTER COLUMN ... TYPE rewrites an existing table and its indexes while blocking every read and write";
    }

    @Override
    public String alternative() {
        return "add a column of the new type, backfill it in batches, switch reads and writes to it, then drop the old"
                + " one; or widen only (varchar(n) to a larger n or text, numeric to a larger precision)";
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        ObjectName table = alter.table();
        LintStatement written = AlterTable.newType(action).orElse(null);
        if (written == null) {
            return null;
        }
        String column = AlterTable.alteredColumn(action).orElseThrow();
        List<Token> newType = ColumnDefinition.typeOf(written);
        SqlType target = SqlType.of(newType);
        String what = "changes the type of " + table + "." + column;
        String risk = " rewrites " + table + " and its indexes under an ACCESS EXCLUSIVE lock that blocks every"
                + " read and write";
        List<Token> current = SchemaHistory.of(context)
                .typeBefore(sql, alter.statement(), table, column)
                .orElse(null);
        if (current == null) {
            return what + " to " + target + " but " + UNKNOWN + ": unless the change only widens a limit"
                    + " (varchar(n) to a larger n or text, numeric to a larger precision), PostgreSQL" + risk;
        }
        SqlType from = SqlType.of(current);
        String why =
                convertsBeyondTheCast(written, column, target) ? "USING converts every value" : from.rewriteTo(target);
        if (why != null) {
            return what + " from " + from + " to " + target + ", which" + risk + " (" + why + ")";
        }
        if (written.indexOf(0, "COLLATE") >= 0) {
            return "changes the collation of " + table + "." + column + ", which rebuilds the indexes on it under"
                    + " an ACCESS EXCLUSIVE lock that blocks every read and write of " + table + " (the table"
                    + " itself is not rewritten)";
        }
        return null;
    }

    /**
     * Whether a {@code USING} clause does more than the cast that {@code ALTER COLUMN ... TYPE} does without one
     * ({@code USING c}, {@code USING c::type}, {@code USING CAST(c AS type)} with the new type are that cast, which
     * PostgreSQL applies without a rewrite where the types allow).
     */
    private static boolean convertsBeyondTheCast(LintStatement written, String column, SqlType target) {
        int using = written.indexOfTop(0, "USING");
        if (using < 0) {
            return false;
        }
        List<Token> expression =
                written.tokens().subList(using + 1, written.tokens().size());
        int cast = -1;
        for (int i = 0; i < expression.size() && cast < 0; i++) {
            cast = expression.get(i).isSymbol("::") ? i : -1;
        }
        List<Token> value = cast < 0 ? expression : expression.subList(0, cast);
        List<Token> type = cast < 0 ? List.of() : expression.subList(cast + 1, expression.size());
        if (expression.size() > 4
                && expression.get(0).is("CAST")
                && expression.get(1).isSymbol("(")) {
            int as = 3;
            value = expression.subList(2, as);
            type = expression.get(as).is("AS") ? expression.subList(as + 1, expression.size() - 1) : List.of();
        }
        List<Token> names =
                value.stream().filter(t -> !t.isSymbol("(") && !t.isSymbol(")")).toList();
        boolean theColumn = names.size() == 1
                && names.get(0).isName()
                && names.get(0).name().equals(column);
        return !theColumn || !type.isEmpty() && !SqlType.of(type).equals(target);
    }
}
