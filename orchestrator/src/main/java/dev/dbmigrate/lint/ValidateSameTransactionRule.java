package dev.dbmigrate.lint;

import java.util.List;
import java.util.Optional;

/**
 * {@code VALIDATE CONSTRAINT} in the same migration that adds the constraint {@code NOT VALID}: the migration is one
 * transaction, so the lock taken to add the constraint is held while every row is checked, and the {@code NOT VALID}
 * gains nothing.
 */
final class ValidateSameTransactionRule extends SqlRule {
    @Override
    public String id() {
        return "validate-same-transaction";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "VALIDATE CONSTRAINT belongs in a later migration than the NOT VALID add, or the add's lock is held"
                + " while every row is checked";
    }

    @Override
    public String alternative() {
        return "move ALTER TABLE ... VALIDATE CONSTRAINT into the next migration";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        for (LintStatement action : actions(statement)) {
            if (action.startsWith("VALIDATE", "CONSTRAINT")) {
                String name =
                        action.token(2).filter(Token::isName).map(Token::name).orElse(null);
                Optional<LintStatement> add = sql.statements().stream()
                        .takeWhile(s -> s != statement)
                        .filter(s -> addsNotValid(s, name))
                        .findFirst();
                if (add.isPresent()) {
                    return "validates the constraint " + name + " that line "
                            + add.get().line() + " adds NOT VALID in"
                            + " the same migration: it runs in one transaction, so the lock taken to add " + name
                            + " is held while every row is checked";
                }
            }
        }
        return null;
    }

    private static boolean addsNotValid(LintStatement statement, String name) {
        return actions(statement).stream()
                .map(AlterTable.Added::of)
                .flatMap(Optional::stream)
                .anyMatch(added -> added.notValid() && name != null && name.equals(added.name()));
    }

    /** The actions of an {@code ALTER TABLE} or an {@code ALTER DOMAIN}. */
    private static List<LintStatement> actions(LintStatement statement) {
        if (statement.startsWith("ALTER", "DOMAIN")) {
            int from = statement.afterName(2);
            return List.of(statement.part(
                    Math.min(from, statement.tokens().size()),
                    statement.tokens().size()));
        }
        return AlterTable.actionsOf(statement);
    }
}
