package dev.dbmigrate.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column added to an existing table with a volatile default: since PostgreSQL 11 a constant or stable default
 * ({@code now()}, {@code current_timestamp}, {@code statement_timestamp()}, a literal) is stored once in the catalog,
 * but a volatile one (pg_proc.provolatile {@code v}) gives each row its own value, so PostgreSQL rewrites the table
 * and its indexes under an ACCESS EXCLUSIVE lock. A {@code serial} type (a {@code DEFAULT nextval(...)}) and an
 * identity column fill every row from a sequence the same way. A function the migrations create counts as volatile
 * unless it is declared {@code IMMUTABLE} or {@code STABLE} ({@link ProjectFunctions}).
 */
final class VolatileDefaultRule extends AlterActionRule {
    /** PostgreSQL's and its common extensions' volatile functions that a default calls. */
    private static final Set<String> VOLATILE = Set.of(
            "random",
            "random_normal",
            "setseed",
            "clock_timestamp",
            "timeofday",
            "gen_random_uuid",
            "uuidv4",
            "uuidv7",
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v4",
            "gen_random_bytes",
            "nextval",
            "txid_current",
            "pg_current_xact_id");

    private static final Set<String> SERIAL =
            Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

    @Override
    public String id() {
        return "volatile-default";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a column added to an existing table with a volatile default rewrites the table while blocking every"
                + " read and write";
    }

    @Override
    public String alternative() {
        return "add the column without a default (or with a constant one), set the volatile default in a second"
                + " statement, and backfill existing rows in batches";
    }

    @Override
    String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context) {
        ObjectName table = alter.table();
        ColumnDefinition column = ColumnDefinition.added(action).orElse(null);
        String why = column == null ? null : volatility(column, ProjectFunctions.of(context));
        if (why != null) {
            return "adds the column " + table + "." + column.name() + " " + why + ", so PostgreSQL rewrites " + table
                    + " and its indexes under an ACCESS EXCLUSIVE lock that blocks every read and write";
        }
        return null;
    }

    /** What makes each row's value its own, or null when nothing does. */
    private static String volatility(ColumnDefinition column, ProjectFunctions functions) {
        List<Token> type = column.type();
        if (type.size() == 1 && SERIAL.contains(type.get(0).name())) {
            return "as " + type.get(0).name() + ", whose DEFAULT nextval(...) is volatile";
        }
        if (column.has("GENERATED") && column.has("IDENTITY")) {
            return "as an identity column, which fills every row from its sequence";
        }
        List<Token> expression = column.defaultExpression();
        for (int i = 0; i + 1 < expression.size(); i++) {
            Token t = expression.get(i);
            if (t.kind() == Token.Kind.WORD
                    && expression.get(i + 1).isSymbol("(")
                    && (VOLATILE.contains(t.text().toLowerCase(Locale.ROOT))
                            || functions.volatileNames().contains(t.name()))) {
                return "with the volatile DEFAULT " + t.name() + "()";
            }
        }
        return null;
    }
}
