package dev.dbmigrate.lint;

/**
 * {@code CREATE INDEX} without {@code CONCURRENTLY} on a table that existed before the migration: the build holds a
 * SHARE lock, which blocks every write to the table until the index is built.
 */
final class CreateIndexNotConcurrentRule extends SqlRule {
    @Override
    public String id() {
        return "create-index-not-concurrent";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "CREATE INDEX without CONCURRENTLY blocks every write to an existing table until the index is built";
    }

    @Override
    public String alternative() {
        return "CREATE INDEX CONCURRENTLY, alone in a migration of its own (upgrade runs it outside a transaction)";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        return CreatedIndex.of(statement)
                .filter(index -> !index.concurrently() && !index.only() && sql.existedBefore(index.table()))
                .map(index -> "creates " + index.described() + " on the existing table " + index.table()
                        + " without CONCURRENTLY, which blocks every write to " + index.table()
                        + " until the index is built")
                .orElse(null);
    }
}
