package dev.dbmigrate.lint;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code DROP TABLE} of a table that existed before the migration: its rows are gone, and a released version that
 * still reads it fails. A table the same migration creates and then drops (a work table) is not reported; one it
 * drops and then creates again is ({@link MigrationSql#existedBefore(ObjectName, LintStatement)}).
 */
final class DropTableRule extends SqlRule {
    @Override
    public String id() {
        return "drop-table";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "dropping an existing table loses its rows, and a released version that still uses it fails";
    }

    @Override
    public String alternative() {
        return "stop using the table in a released version first, keep a copy of its data (or rename it aside), then"
                + " drop it in a later migration";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        if (!statement.startsWith("DROP", "TABLE")) {
            return null;
        }
        List<ObjectName> existing = statement.namesAt(2).stream()
                .filter(t -> sql.existedBefore(t, statement))
                .toList();
        if (existing.isEmpty()) {
            return null;
        }
        String names = existing.stream().map(ObjectName::toString).collect(Collectors.joining(", "));
        return "drops the existing table" + (existing.size() > 1 ? "s " : " ") + names
                + ": every row is lost, and a released version that still reads or writes it fails";
    }
}
