package dev.dbmigrate.lint;

import java.util.List;
import java.util.Optional;

/**
 * An {@code ALTER TABLE} statement read as its table and its actions ({@code ADD COLUMN ...}, {@code ALTER COLUMN ...
 * TYPE ...}, {@code VALIDATE CONSTRAINT ...}), each action a statement of its own tokens so that rules ask it the
 * same questions ({@code action.startsWith("ADD")}).
 *
 * @param statement the statement
 * @param table     the table it alters
 * @param actions   its actions, in order
 */
record AlterTable(LintStatement statement, ObjectName table, List<LintStatement> actions) {
    /** The {@code ALTER TABLE} that {@code statement} is, if it is one. */
    static Optional<AlterTable> of(LintStatement statement) {
        return statement
                .alteredTable()
                .map(table -> new AlterTable(
                        statement,
                        table,
                        statement.split(
                                statement.afterName(2), statement.tokens().size())));
    }

    /** The actions of {@code statement}, in order, if it is an {@code ALTER TABLE}; empty for any other statement. */
    static List<LintStatement> actionsOf(LintStatement statement) {
        return of(statement).map(AlterTable::actions).orElse(List.of());
    }

    /**
     * The column an {@code ALTER [COLUMN] c ...} action alters, if {@code action} is one ({@code ALTER CONSTRAINT}
     * is not).
     */
    static Optional<String> alteredColumn(LintStatement action) {
        if (!action.startsWith("ALTER") || action.startsWith("ALTER", "CONSTRAINT")) {
            return Optional.empty();
        }
        int at = action.startsWith("ALTER", "COLUMN") ? 2 : 1;
        return action.token(at).filter(Token::isName).map(Token::name);
    }

    /** The column of a {@code DROP [COLUMN] [IF EXISTS] c} action, if it is one (not {@code DROP CONSTRAINT}). */
    static Optional<String> droppedColumn(LintStatement action) {
        if (!action.startsWith("DROP") || action.matchesAt(1, "CONSTRAINT")) {
            return Optional.empty();
        }
        int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
        if (action.matchesAt(at, "IF", "EXISTS")) {
            at += 2;
        }
        return action.token(at).filter(Token::isName).map(Token::name);
    }

    /** The new name of a {@code RENAME TO name} action, if it is one. */
    static Optional<ObjectName> renamedTo(LintStatement action) {
        return action.startsWith("RENAME", "TO") ? action.nameAt(2) : Optional.empty();
    }

    /**
     * A column that a {@code RENAME [COLUMN] c TO d} action renames.
     *
     * @param from its name, or "?" where the action does not show it
     * @param to   its new name, or "?" where the action does not show it
     */
    record RenamedColumn(String from, String to) {
        /** The column {@code action} renames, if it renames one (not {@code RENAME TO}, {@code RENAME CONSTRAINT}). */
        static Optional<RenamedColumn> of(LintStatement action) {
            if (!action.startsWith("RENAME") || action.matchesAt(1, "TO") || action.matchesAt(1, "CONSTRAINT")) {
                return Optional.empty();
            }
            int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
            return Optional.of(new RenamedColumn(nameOr(action, at), nameOr(action, at + 2)));
        }

        private static String nameOr(LintStatement action, int at) {
            return action.token(at).filter(Token::isName).map(Token::name).orElse("?");
        }
    }

    /**
     * The new type of an {@code ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE ...] [USING ...]} action: the tokens of
     * {@code t} and what follows it; empty for any other action.
     */
    static Optional<LintStatement> newType(LintStatement action) {
        if (alteredColumn(action).isEmpty()) {
            return Optional.empty();
        }
        int at = action.startsWith("ALTER", "COLUMN") ? 3 : 2;
        if (action.matchesAt(at, "SET", "DATA", "TYPE")) {
            return Optional.of(action.part(at + 3, action.tokens().size()));
        }
        if (action.matchesAt(at, "TYPE")) {
            return Optional.of(action.part(at + 1, action.tokens().size()));
        }
        return Optional.empty();
    }

    /**
     * A constraint that an {@code ADD [CONSTRAINT name] FOREIGN KEY | CHECK | UNIQUE | PRIMARY KEY | EXCLUDE ...}
     * action adds.
     *
     * @param name   its name, or null when the action leaves it to PostgreSQL
     * @param kind   {@code FOREIGN KEY}, {@code CHECK}, {@code UNIQUE}, {@code PRIMARY KEY} or {@code EXCLUDE}
     * @param action the action
     * @param body   the index of the token just after the kind
     */
    record Added(String name, String kind, LintStatement action, int body) {
        /** The constraint {@code action} adds, if it adds one (not a column). */
        static Optional<Added> of(LintStatement action) {
            if (!action.startsWith("ADD")) {
                return Optional.empty();
            }
            String name = null;
            int at = 1;
            if (action.matchesAt(1, "CONSTRAINT")) {
                name = action.token(2).filter(Token::isName).map(Token::name).orElse(null);
                at = 3;
            }
            for (String kind : List.of("FOREIGN KEY", "CHECK", "UNIQUE", "PRIMARY KEY", "EXCLUDE")) {
                String[] words = kind.split(" ");
                if (action.matchesAt(at, words)) {
                    return Optional.of(new Added(name, kind, action, at + words.length));
                }
            }
            return Optional.empty();
        }

        /** Whether it is added {@code NOT VALID}: existing rows are not checked. */
        boolean notValid() {
            return action.indexOfTop(body, "NOT", "VALID") >= 0;
        }

        /** Whether it takes over an existing index ({@code UNIQUE USING INDEX i}) instead of building one. */
        boolean usingIndex() {
            return action.matchesAt(body, "USING", "INDEX");
        }

        /** The tokens inside its first parentheses: a check's expression, the columns of a key. */
        List<Token> parenthesized() {
            int open = action.indexOfSymbol(body, "(");
            return open < 0 ? List.of() : action.tokens().subList(open + 1, action.closing(open));
        }

        /** What it is, for messages: "the foreign key orders_user_fk", "a check constraint". */
        String described() {
            String what = switch (kind) {
                case "FOREIGN KEY" -> "foreign key";
                case "CHECK" -> "check constraint";
                case "UNIQUE" -> "unique constraint";
                case "PRIMARY KEY" -> "primary key";
                default -> "exclusion constraint";
            };
            return name == null ? "a " + what : "the " + what + " " + name;
        }
    }
}
