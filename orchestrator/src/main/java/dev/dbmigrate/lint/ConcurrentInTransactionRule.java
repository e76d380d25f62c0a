package dev.dbmigrate.lint;

/**
 * A {@code CONCURRENTLY} statement that cannot run where the migration puts it: inside the script's own
 * {@code BEGIN ... COMMIT} (PostgreSQL refuses it), beside statements that need a transaction (upgrade refuses the
 * file: it could not be applied or rolled back as one unit), or {@code DETACH PARTITION ... CONCURRENTLY}, which
 * upgrade runs inside the migration's transaction.
 */
final class ConcurrentInTransactionRule extends SqlRule {
    @Override
    public String id() {
        return "concurrent-in-transaction";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a CONCURRENTLY statement cannot run inside a transaction, so it must be alone in its migration";
    }

    @Override
    public String alternative() {
        return "move the CONCURRENTLY statement into a migration of its own, without BEGIN or COMMIT";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        if (statement.startsWith("ALTER", "TABLE") && statement.contains("DETACH", "PARTITION")) {
            return statement.contains("CONCURRENTLY")
                    ? statement.summary() + " runs inside the migration's transaction, which PostgreSQL refuses"
                            + " (DETACH PARTITION CONCURRENTLY cannot run inside a transaction block)"
                    : null;
        }
        if (!statement.outsideTransaction() || !statement.contains("CONCURRENTLY")) {
            return null;
        }
        if (sql.managesTransaction()) {
            return statement.summary() + " runs in a script that opens its own transaction (BEGIN ... COMMIT),"
                    + " which PostgreSQL refuses: it cannot run inside a transaction block";
        }
        long others =
                sql.statements().stream().filter(s -> !s.outsideTransaction()).count();
        return others == 0
                ? null
                : statement.summary() + " runs beside "
                        + (others == 1 ? "another statement that needs" : others + " other statements that need")
                        + " a transaction, so upgrade refuses the file: it could not be applied or rolled"
                        + " back as one unit";
    }
}
