package dev.dbmigrate.lint;

import java.util.HashMap;
import java.util.Map;

/**
 * An enum value that {@code ALTER TYPE ... ADD VALUE} adds, used as a string constant later in the same migration
 * (compared, inserted, a default): the migration runs in one transaction, and PostgreSQL refuses a new enum value
 * until the transaction that added it commits ("unsafe use of new value").
 */
final class EnumValueUsedRule extends SqlRule {
    @Override
    public String id() {
        return "enum-value-used";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "an enum value added by ALTER TYPE ... ADD VALUE cannot be used before its transaction commits";
    }

    @Override
    public String alternative() {
        return "add the enum value in a migration of its own, and use it from the next migration on";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        if (statement.startsWith("ALTER", "TYPE")) {
            return null;
        }
        Map<String, LintStatement> added = new HashMap<>();
        for (LintStatement s : sql.statements()) {
            if (s == statement) {
                break;
            }
            if (s.startsWith("COMMIT") || s.startsWith("END")) {
                added.clear();
            }
            int at = s.startsWith("ALTER", "TYPE") ? s.indexOf(2, "ADD", "VALUE") : -1;
            if (at > 0) {
                int value = s.matchesAt(at + 2, "IF", "NOT", "EXISTS") ? at + 5 : at + 2;
                s.token(value).filter(t -> t.kind() == Token.Kind.STRING).ifPresent(t -> added.put(t.text(), s));
            }
        }
        return statement.tokens().stream()
                .filter(t -> t.kind() == Token.Kind.STRING && added.containsKey(t.text()))
                .findFirst()
                .map(t -> {
                    LintStatement add = added.get(t.text());
                    String type = add.nameAt(2).map(ObjectName::toString).orElse("?");
                    return "uses the enum value '" + t.text() + "' that line " + add.line() + " adds to the type "
                            + type + " in the same migration, which PostgreSQL refuses (unsafe use of new value) until"
                            + " the transaction that added it commits";
                })
                .orElse(null);
    }
}
