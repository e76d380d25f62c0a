package dev.dbmigrate.lint;

/**
 * A unique constraint or primary key added to an existing table without {@code USING INDEX}: PostgreSQL builds its
 * index under an ACCESS EXCLUSIVE lock, which blocks every read and write of the table until the build ends. A column
 * added {@code UNIQUE} or {@code PRIMARY KEY} is the same.
 */
final class UniqueWithoutIndexRule extends AlterActionRule {
    @Override
    public String id() {
        return "unique-without-index";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a unique constraint or primary key added to an existing table builds its index while blocking every"
                + " read and write";
    }

    @Override
    public String alternative() {
        return "CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ALTER TABLE ... ADD CONSTRAINT name"
                + " UNIQUE USING INDEX index_name";
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        ObjectName table = alter.table();
        String risk = ", which builds its index under an ACCESS EXCLUSIVE lock that blocks every read and write of "
                + table + " until the build ends";
        AlterTable.Added added = AlterTable.Added.of(action).orElse(null);
        if (added != null
                && (added.kind().equals("UNIQUE") || added.kind().equals("PRIMARY KEY"))
                && !added.usingIndex()) {
            return "adds " + added.described() + " to the existing table " + table + " without USING INDEX" + risk;
        }
        ColumnDefinition column = ColumnDefinition.added(action).orElse(null);
        if (column != null && (column.has("UNIQUE") || column.has("PRIMARY", "KEY"))) {
            return "adds the column " + table + "." + column.name() + " "
                    + (column.has("UNIQUE") ? "UNIQUE" : "PRIMARY KEY") + " to the existing table " + table + risk;
        }
        return null;
    }
}
