package dev.dbmigrate.lint;

/**
 * A foreign key or check constraint added to an existing table without {@code NOT VALID}: PostgreSQL checks every
 * row while it holds the lock it took to add it (a foreign key's SHARE ROW EXCLUSIVE blocks writes to both tables; a
 * check's ACCESS EXCLUSIVE blocks every read and write). A column added with {@code REFERENCES} is the same, and a
 * column constraint cannot be {@code NOT VALID}.
 */
final class ConstraintNotValidRule extends AlterActionRule {
    @Override
    public String id() {
        return "constraint-not-valid";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a foreign key or check added to an existing table without NOT VALID checks every row under a lock"
                + " that blocks writes";
    }

    @Override
    public String alternative() {
        return "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration";
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        ObjectName table = alter.table();
        AlterTable.Added added = AlterTable.Added.of(action).orElse(null);
        if (added != null && !added.notValid() && added.kind().equals("FOREIGN KEY")) {
            return "adds " + added.described() + " to the existing table " + table + " without NOT VALID, which"
                    + " checks every row while blocking writes to " + table + " and to the table it references";
        }
        if (added != null && !added.notValid() && added.kind().equals("CHECK")) {
            return "adds " + added.described() + " to the existing table " + table + " without NOT VALID, which"
                    + " checks every row under an ACCESS EXCLUSIVE lock that blocks every read and write of "
                    + table;
        }
        ColumnDefinition column = ColumnDefinition.added(action).orElse(null);
        if (column != null && column.has("REFERENCES")) {
            return "adds the column " + table + "." + column.name() + " with REFERENCES to the existing table "
                    + table + ", which checks every row while blocking writes to both tables (a column constraint"
                    + " cannot be NOT VALID)";
        }
        return null;
    }
}
