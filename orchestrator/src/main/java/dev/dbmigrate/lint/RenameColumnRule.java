package dev.dbmigrate.lint;

import java.util.Optional;

/**
 * {@code ALTER TABLE t RENAME [COLUMN] a TO b} on a table that existed before the migration: the version of the
 * application that is running while (and after) the migration applies still reads and writes the old name.
 */
final class RenameColumnRule extends SqlRule {
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

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        Optional<ObjectName> table = statement.alteredTable();
        if (table.isEmpty() || !sql.existedBefore(table.get(), statement)) {
            return null;
        }
        return AlterTable.actionsOf(statement).stream()
                .map(AlterTable.RenamedColumn::of)
                .flatMap(Optional::stream)
                .findFirst()
                .map(r -> "renames the column " + table.get() + "." + r.from() + " to " + r.to()
                        + ": the running version of the application still reads and writes " + r.from() + " and fails")
                .orElse(null);
    }
}
