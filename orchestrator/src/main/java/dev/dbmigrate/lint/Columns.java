package dev.dbmigrate.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a statement does to columns, as the rules read it: the column definitions of {@code CREATE TABLE (...)} and
 * {@code ALTER TABLE ... ADD [COLUMN]}, the type changes of {@code ALTER [COLUMN] c [SET DATA] TYPE t}, and the
 * actions of an {@code ALTER TABLE} one by one.
 */
final class Columns {
    /** The words that end a column's type in its definition: its constraints and options begin. */
    private static final Set<String> AFTER_TYPE = Set.of(
            "constraint",
            "not",
            "null",
            "default",
            "primary",
            "unique",
            "check",
            "references",
            "generated",
            "collate",
            "compression",
            "storage",
            "deferrable",
            "initially",
            "using");

    /** The table elements of a {@code CREATE TABLE} that are constraints, not columns. */
    private static final Set<String> NOT_COLUMNS =
            Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like");

    private Columns() {}

    /**
     * One column as a statement declares it or changes its type.
     *
     * @param table      the table
     * @param column     the column's name
     * @param type       the tokens of its type ({@code timestamp (3) with time zone})
     * @param options    the tokens after the type: constraints, default, {@code USING} ...
     * @param typeChange whether it is an {@code ALTER COLUMN ... TYPE} rather than a definition
     */
    record Column(ObjectName table, String column, List<Token> type, List<Token> options, boolean typeChange) {
        /**
         * The type's words, lower case, without its modifiers and array brackets and without a {@code pg_catalog.}
         * schema: "timestamp with time zone" for {@code TIMESTAMP(3) WITH TIME ZONE}; a quoted name stays as written
         * within quotes ({@code "char"}, a type of its own).
         */
        String typeName() {
            List<String> words = new ArrayList<>();
            int depth = 0;
            for (int i = 0; i < type.size(); i++) {
                Token t = type.get(i);
                if (t.isSymbol("(") || t.isSymbol("[")) {
                    depth++;
                } else if (t.isSymbol(")") || t.isSymbol("]")) {
                    depth--;
                } else if (depth == 0 && t.isName() && !isCatalogPrefix(i)) {
                    words.add(t.kind() == Token.Kind.QUOTED ? '"' + t.text() + '"' : t.name());
                }
            }
            return String.join(" ", words);
        }

        private boolean isCatalogPrefix(int i) {
            return type.get(i).is("pg_catalog")
                    && i + 1 < type.size()
                    && type.get(i + 1).isSymbol(".");
        }

        /** The type as written, for messages: "char(2)", "timestamp(3) without time zone". */
        String typeText() {
            StringBuilder text = new StringBuilder();
            Token previous = null;
            for (Token t : type) {
                boolean tight = previous == null
                        || Set.of("(", ")", "[", "]", ",", ".").contains(t.text()) && t.kind() == Token.Kind.SYMBOL
                        || previous.isSymbol("(")
                        || previous.isSymbol("[")
                        || previous.isSymbol(".");
                text.append(tight ? "" : " ").append(t.kind() == Token.Kind.QUOTED ? '"' + t.text() + '"' : t.text());
                previous = t;
            }
            return text.toString().toLowerCase(Locale.ROOT);
        }

        /** Whether its definition makes it {@code NOT NULL} (or part of a {@code PRIMARY KEY}). */
        boolean notNull() {
            return has("NOT", "NULL") || has("PRIMARY", "KEY");
        }

        /**
         * Whether the database fills it when an insert leaves it out: a {@code DEFAULT}, a generated or identity
         * column, or a serial type.
         */
        boolean filledByDatabase() {
            return has("DEFAULT") || has("GENERATED") || typeName().matches("(small|big)?serial[248]?");
        }

        /** The table and column, for messages: "users.legacy". */
        String qualified() {
            return table + "." + column;
        }

        private boolean has(String... words) {
            return new LintStatement("", 0, options, false).contains(words);
        }
    }

    /**
     * The columns {@code statement} declares ({@code CREATE TABLE (...)}, {@code ADD [COLUMN]}) or changes the type of
     * ({@code ALTER [COLUMN] c [SET DATA] TYPE t}), in order; empty for any other statement.
     */
    static List<Column> of(LintStatement statement) {
        int at = statement.createdTableAt();
        Optional<ObjectName> created = statement.createdTable();
        if (created.isPresent()) {
            return tableElements(statement, created.get(), statement.afterName(at));
        }
        Optional<ObjectName> altered = statement.alteredTable();
        List<Column> columns = new ArrayList<>();
        if (altered.isPresent()) {
            for (LintStatement action : actions(statement)) {
                column(action, altered.get()).ifPresent(columns::add);
            }
        }
        return columns;
    }

    private static List<Column> tableElements(LintStatement statement, ObjectName table, int open) {
        List<Column> columns = new ArrayList<>();
        if (statement.token(open).filter(t -> t.isSymbol("(")).isEmpty()) {
            return columns;
        }
        for (LintStatement element : split(statement, open + 1, closing(statement.tokens(), open))) {
            Optional<Token> first = element.token(0);
            if (first.isPresent()
                    && first.get().isName()
                    && !(first.get().kind() == Token.Kind.WORD
                            && NOT_COLUMNS.contains(first.get().name()))) {
                columns.add(definition(element, 0, table, false));
            }
        }
        return columns;
    }

    /** The column an {@code ALTER TABLE} action declares or retypes, if it does. */
    private static Optional<Column> column(LintStatement action, ObjectName table) {
        if (action.startsWith("ADD")) {
            int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
            if (action.matchesAt(at, "IF", "NOT", "EXISTS")) {
                at += 3;
            }
            boolean constraint = action.token(at)
                    .filter(t -> t.kind() == Token.Kind.WORD && NOT_COLUMNS.contains(t.name()))
                    .isPresent();
            return constraint || action.token(at).filter(Token::isName).isEmpty()
                    ? Optional.empty()
                    : Optional.of(definition(action, at, table, false));
        }
        Optional<String> altered = alteredColumn(action);
        if (altered.isEmpty()) {
            return Optional.empty();
        }
        int at = action.matchesAt(1, "COLUMN") ? 3 : 2;
        if (action.matchesAt(at, "SET", "DATA", "TYPE")) {
            at += 2;
        }
        return action.matchesAt(at, "TYPE") ? Optional.of(definition(action, at, table, true)) : Optional.empty();
    }

    /** The column at {@code at} and its type and options; {@code at} is the type keyword for a type change. */
    private static Column definition(LintStatement element, int at, ObjectName table, boolean typeChange) {
        List<Token> tokens = element.tokens();
        int end = at + 1;
        int depth = 0;
        while (end < tokens.size()) {
            Token t = tokens.get(end);
            depth += t.isSymbol("(") || t.isSymbol("[") ? 1 : t.isSymbol(")") || t.isSymbol("]") ? -1 : 0;
            if (depth == 0 && t.kind() == Token.Kind.WORD && AFTER_TYPE.contains(t.name())) {
                break;
            }
            end++;
        }
        String column = typeChange
                ? alteredColumn(element).orElseThrow()
                : tokens.get(at).name();
        return new Column(table, column, tokens.subList(at + 1, end), tokens.subList(end, tokens.size()), typeChange);
    }

    /** The column of an {@code ALTER [COLUMN] c ...} action, if it is one. */
    static Optional<String> alteredColumn(LintStatement action) {
        if (!action.startsWith("ALTER")) {
            return Optional.empty();
        }
        int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
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

    /**
     * The actions of an {@code ALTER TABLE name action [, action ...]}, each as a statement of its own tokens (same
     * text and line); empty for any other statement.
     */
    static List<LintStatement> actions(LintStatement statement) {
        if (statement.alteredTable().isEmpty()) {
            return List.of();
        }
        return split(statement, statement.afterName(2), statement.tokens().size());
    }

    /** The parts of tokens {@code [from, to)} of {@code statement} between the commas outside parentheses. */
    private static List<LintStatement> split(LintStatement statement, int from, int to) {
        List<LintStatement> parts = new ArrayList<>();
        List<Token> tokens = statement.tokens();
        int start = from;
        int depth = 0;
        for (int i = from; i <= to; i++) {
            Token t = i < to ? tokens.get(i) : null;
            if (t == null || depth == 0 && t.isSymbol(",")) {
                if (i > start) {
                    parts.add(new LintStatement(statement.sql(), statement.line(), tokens.subList(start, i), false));
                }
                start = i + 1;
            } else if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            }
        }
        return parts;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or the end of the tokens. */
    static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size();
    }
}
