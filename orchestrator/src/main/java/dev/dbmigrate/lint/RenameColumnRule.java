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
        int at = statement.afterName(2);
        if (!statement.matchesAt(at, "RENAME")
                || statement.matchesAt(at + 1, "TO")
                || statement.matchesAt(at + 1, "CONSTRAINT")) {
            return null;
        }
        int column = statement.matchesAt(at + 1, "COLUMN") ? at + 2 : at + 1;
        String from = statement.token(column).map(Token::name).orElse("?");
        String to = statement.token(column + 2).map(Token::name).orElse("?");
        return "renames the column " + table.get() + "." + from + " to " + to
                + ": the running version of the application still reads and writes " + from + " and fails";
    }
}
