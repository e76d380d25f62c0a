package dev.dbmigrate.lint;

import java.util.List;

/**
 * A drop with {@code CASCADE} ({@code DROP ... CASCADE}, or an {@code ALTER TABLE ... DROP ... CASCADE}): it also
 * drops every object that depends on the one it names (views, foreign keys, defaults, ...), which the migration
 * never names. {@code ON DELETE CASCADE} of a foreign key is no drop and is not reported.
 */
final class DropCascadeRule extends SqlRule {
    @Override
    public String id() {
        return "drop-cascade";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a drop with CASCADE silently drops every object that depends on what it names";
    }

    @Override
    public String alternative() {
        return "drop the dependent objects by name first, then drop this one without CASCADE (RESTRICT, the default,"
                + " refuses while anything still depends on it)";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        boolean drop = statement.startsWith("DROP")
                || AlterTable.actionsOf(statement).stream().anyMatch(a -> a.startsWith("DROP"));
        List<Token> tokens = statement.tokens();
        for (int i = 1; drop && i < tokens.size(); i++) {
            if (tokens.get(i).is("CASCADE")
                    && !tokens.get(i - 1).is("DELETE")
                    && !tokens.get(i - 1).is("UPDATE")) {
                return "'" + statement.summary() + "' drops with CASCADE: every object that depends on it (views,"
                        + " foreign keys, defaults ...) is dropped too, though the migration never names them";
            }
        }
        return null;
    }
}
