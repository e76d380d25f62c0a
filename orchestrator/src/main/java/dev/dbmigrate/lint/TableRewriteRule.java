package dev.dbmigrate.lint;

import java.util.List;

/**
 * {@code ALTER COLUMN ... TYPE} on an existing table that rewrites it and rebuilds its indexes under an ACCESS
 * EXCLUSIVE lock. The current type comes from the earlier migrations ({@link EarlierSchema}); a change PostgreSQL
 * makes in the catalog alone ({@link SqlType#rewriteTo}) is not reported, and one whose current type the migrations
 * do not show is a warning. {@code USING} or {@code COLLATE} always counts as a rewrite. {@code timestamp} to
 * {@code timestamptz} counts as one too: only a session whose TimeZone is UTC skips it.
 */
final class TableRewriteRule extends SqlRule {
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
    Severity severityOf(String problem) {
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
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        AlterTable alter = AlterTable.of(statement).orElse(null);
        if (alter == null || !sql.existedBefore(alter.table())) {
            return null;
        }
        ObjectName table = alter.table();
        for (LintStatement action : alter.actions()) {
            LintStatement written = AlterTable.newType(action).orElse(null);
            if (written == null) {
                continue;
            }
            String column = AlterTable.alteredColumn(action).orElseThrow();
            List<Token> newType = ColumnDefinition.typeOf(written);
            SqlType target = SqlType.of(newType);
            String what = "changes the type of " + table + "." + column;
            String risk = " rewrites " + table + " and its indexes under an ACCESS EXCLUSIVE lock that blocks every"
                    + " read and write";
            List<Token> current = EarlierSchema.before(context, sql, statement, true)
                    .typeOf(table, column)
                    .orElse(null);
            if (current == null) {
                return what + " to " + target + " but " + UNKNOWN + ": unless the change only widens a limit"
                        + " (varchar(n) to a larger n or text, numeric to a larger precision), PostgreSQL" + risk;
            }
            SqlType from = SqlType.of(current);
            String why = written.contains("USING")
                    ? "USING converts every value"
                    : written.contains("COLLATE") ? "the collation changes" : from.rewriteTo(target);
            if (why != null) {
                return what + " from " + from + " to " + target + ", which" + risk + " (" + why + ")";
            }
        }
        return null;
    }
}
