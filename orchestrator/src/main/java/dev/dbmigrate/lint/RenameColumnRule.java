package dev.dbmigrate.lint;

/**
 * {@code ALTER TABLE t RENAME [COLUMN] a TO b} on a table that existed before the migration: the version of the
 * application that is running while (and after) the migration applies still reads and writes the old name.
 */
final class RenameColumnRule extends AlterActionRule {
    @Override
    public String id() {
        return "rename-column";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "renaming a column breaks every running version of the application that still uses the old name";
    }

    @Override
    public String alternative() {
        return "add the new column, write both, backfill it in batches, switch reads to it, and drop the old one in a"
                + " later release";
    }

    /** Whether no statement of the migration before this one creates the table (a drop and a re-create after it). */
    @Override
    boolean existed(AlterTable alter, MigrationSql sql) {
        return sql.existedBefore(alter.table(), alter.statement());
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        return AlterTable.RenamedColumn.of(action)
                .map(r -> "renames the column " + alter.table() + "." + r.from() + " to " + r.to()
                        + ": the running version of the application still reads and writes " + r.from() + " and fails")
                .orElse(null);
    }
}
