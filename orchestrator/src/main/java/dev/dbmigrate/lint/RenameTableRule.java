package dev.dbmigrate.lint;

import java.util.Optional;

/**
 * {@code ALTER TABLE t RENAME TO u} on a table that existed before the migration: the version of the application
 * that is running while (and after) the migration applies still uses the old name.
 */
final class RenameTableRule extends SqlRule {
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

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        Optional<ObjectName> table = statement.alteredTable();
        if (table.isEmpty() || !sql.existedBefore(table.get(), statement)) {
            return null;
        }
        return AlterTable.actionsOf(statement).stream()
                .map(AlterTable::renamedTo)
                .flatMap(Optional::stream)
                .findFirst()
                .map(to -> "renames the existing table " + table.get() + " to " + to
                        + ": the running version of the application still uses " + table.get() + " and fails")
                .orElse(null);
    }
}
