package dev.dbmigrate.lint;

import java.util.List;
import java.util.Optional;

/**
 * {@code ALTER TABLE ... DROP [COLUMN]} on a table that existed before the migration: the column's data is lost.
 * A warning, as dropping a column that the application stopped using is the normal last step of a change; the rule
 * {@code drop-column-still-written} makes it an error when the migrations show the column is still written.
 */
final class DropColumnRule extends SqlRule {
    @Override
    public String id() {
        return "drop-column";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "dropping a column loses its data, and a released version that still reads or writes it fails";
    }

    @Override
    public String alternative() {
        return "stop writing and reading the column in a released version first, copy its data where it moves, then"
                + " drop it in a later migration";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        List<String> dropped = dropped(statement, sql);
        if (dropped.isEmpty()) {
            return null;
        }
        ObjectName table = statement.alteredTable().orElseThrow();
        return "drops the column" + (dropped.size() > 1 ? "s " : " ")
                + String.join(", ", dropped.stream().map(c -> table + "." + c).toList())
                + ": its data is lost, and a released version that still reads or writes it fails";
    }

    /** The columns {@code statement} drops from a table that existed before the migration {@code sql}. */
    static List<String> dropped(LintStatement statement, MigrationSql sql) {
        Optional<ObjectName> table = statement.alteredTable();
        if (table.isEmpty() || !sql.existedBefore(table.get(), statement)) {
            return List.of();
        }
        return AlterTable.actionsOf(statement).stream()
                .map(AlterTable::droppedColumn)
                .flatMap(Optional::stream)
                .toList();
    }
}
