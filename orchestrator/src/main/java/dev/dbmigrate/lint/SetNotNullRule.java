package dev.dbmigrate.lint;

/**
 * {@code NOT NULL} put on a column of an existing table the hard way. {@code ALTER COLUMN c SET NOT NULL} scans every
 * row under an ACCESS EXCLUSIVE lock unless an earlier migration proved the column holds no null with a validated
 * {@code CHECK (c IS NOT NULL)} (PostgreSQL 12 and later then skip the scan). {@code ADD COLUMN c ... NOT NULL}
 * without a {@code DEFAULT} fails as soon as the table has a row; it is reported here as well, being the other way
 * a migration puts {@code NOT NULL} on an existing table.
 */
final class SetNotNullRule extends AlterActionRule {
    @Override
    public String id() {
        return "set-not-null";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "SET NOT NULL on an existing table scans every row while blocking every read and write, unless a"
                + " validated CHECK (col IS NOT NULL) from an earlier migration proves it";
    }

    @Override
    public String alternative() {
        return "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c in the next migration, then"
                + " SET NOT NULL (and DROP CONSTRAINT c) in the one after";
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        ObjectName table = alter.table();
        String column = AlterTable.alteredColumn(action)
                .filter(c -> action.contains("SET", "NOT", "NULL"))
                .orElse(null);
        if (column != null && !SchemaHistory.of(context).notNullBefore(sql, table, column)) {
            return "sets " + table + "." + column + " NOT NULL with no validated CHECK (" + column
                    + " IS NOT NULL) from an earlier migration, so PostgreSQL scans every row of the existing"
                    + " table " + table + " under an ACCESS EXCLUSIVE lock that blocks every read and write";
        }
        ColumnDefinition added = ColumnDefinition.added(action).orElse(null);
        if (added != null && added.notNull() && added.defaultExpression().isEmpty() && !added.has("GENERATED")) {
            return "adds the column " + table + "." + added.name() + " NOT NULL without a DEFAULT to the existing"
                    + " table " + table + ", which fails as soon as " + table + " has a row";
        }
        return null;
    }
}
