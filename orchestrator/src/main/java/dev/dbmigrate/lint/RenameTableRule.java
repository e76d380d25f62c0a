package dev.dbmigrate.lint;

/**
 * {@code ALTER TABLE t RENAME TO u} on a table that existed before the migration: the version of the application
 * that is running while (and after) the migration applies still uses the old name.
 */
final class RenameTableRule extends AlterActionRule {
    @Override
    public String id() {
        return "rename-table";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "renaming a table breaks every running version of the application that still uses the old name";
    }

    @Override
    public String alternative() {
        return "create the new table and write both (or rename it and leave a view of the old name until no release"
                + " uses it), switch reads, and drop the old name in a later release";
    }

    /** Whether no statement of the migration before this one creates the table (a drop and a re-create after it). */
    @Override
    boolean existed(AlterTable alter, MigrationSql sql) {
        return sql.existedBefore(alter.table(), alter.statement());
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        return AlterTable.renamedTo(action)
                .map(to -> "renames the existing table " + alter.table() + " to " + to
                        + ": the running version of the application still uses " + alter.table() + " and fails")
                .orElse(null);
    }
}
