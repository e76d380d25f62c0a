package dev.dbmigrate.lint;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code TRUNCATE} of a table that existed before the migration: every row is gone at once, under an ACCESS
 * EXCLUSIVE lock, and {@code CASCADE} empties the tables that reference it too.
 */
final class TruncateRule extends SqlRule {
    @Override
    public String id() {
        return "truncate";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "truncating an existing table deletes every row at once under an ACCESS EXCLUSIVE lock";
    }

    @Override
    public String alternative() {
        return "delete the rows you mean in batches (DELETE ... WHERE id IN (SELECT id ... LIMIT 1000)), or copy the"
                + " table aside first if the data is truly to go";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        if (!statement.startsWith("TRUNCATE")) {
            return null;
        }
        List<ObjectName> existing = statement.namesAt(statement.matchesAt(1, "TABLE") ? 2 : 1).stream()
                .filter(t -> sql.existedBefore(t, statement))
                .toList();
        if (existing.isEmpty()) {
            return null;
        }
        return "empties the existing table" + (existing.size() > 1 ? "s " : " ")
                + existing.stream().map(ObjectName::toString).collect(Collectors.joining(", "))
                + (statement.contains("CASCADE") ? " and every table that references it (CASCADE)" : "")
                + ": every row is lost at once, and every query on it waits for the ACCESS EXCLUSIVE lock";
    }
}
