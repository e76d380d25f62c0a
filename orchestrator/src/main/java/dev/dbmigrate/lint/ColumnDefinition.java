package dev.dbmigrate.lint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A column as {@code CREATE TABLE (...)} or {@code ALTER TABLE ... ADD [COLUMN]} defines it: its name, its type and
 * its clauses ({@code NOT NULL}, {@code DEFAULT ...}, {@code REFERENCES ...}).
 *
 * @param name       the column's name, as PostgreSQL resolves it
 * @param definition the definition from the name on
 * @param typeEnd    the index in {@code definition} of the first token after the type
 */
record ColumnDefinition(String name, LintStatement definition, int typeEnd) {
    /** The words that end a column's type and start one of its clauses. */
    private static final Set<String> CLAUSES = Set.of(
            "CONSTRAINT",
            "NOT",
            "NULL",
            "DEFAULT",
            "PRIMARY",
            "UNIQUE",
            "CHECK",
            "REFERENCES",
            "GENERATED",
            "COLLATE",
            "COMPRESSION",
            "STORAGE",
            "USING");

    /** The words that start an element of a column list that is not a column. */
    private static final Set<String> TABLE_ELEMENTS =
            Set.of("CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE", "LIKE");

    /** The column an {@code ADD [COLUMN] [IF NOT EXISTS] name type ...} action adds, if it adds one. */
    static Optional<ColumnDefinition> added(LintStatement action) {
        if (!action.startsWith("ADD") || AlterTable.Added.of(action).isPresent()) {
            return Optional.empty();
        }
        int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
        if (action.matchesAt(at, "IF", "NOT", "EXISTS")) {
            at += 3;
        }
        return of(action.part(at, action.tokens().size()));
    }

    /** The columns of a {@code CREATE TABLE name (...)} statement, in order; empty for any other statement. */
    static List<ColumnDefinition> created(LintStatement statement, int nameAt) {
        int open = statement.afterName(nameAt);
        if (!statement.token(open).filter(t -> t.isSymbol("(")).isPresent()) {
            return List.of();
        }
        return statement.split(open + 1, statement.closing(open)).stream()
                .filter(e -> !e.tokens().isEmpty()
                        && !TABLE_ELEMENTS.contains(word(e.tokens().get(0))))
                .map(ColumnDefinition::of)
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<ColumnDefinition> of(LintStatement definition) {
        if (definition.tokens().isEmpty() || !definition.tokens().get(0).isName()) {
            return Optional.empty();
        }
        return Optional.of(new ColumnDefinition(definition.tokens().get(0).name(), definition, typeEnd(definition, 1)));
    }

    /**
     * The tokens of the type that {@code written} starts with, up to its first clause ({@code COLLATE},
     * {@code USING}, {@code NOT NULL}, ...): the new type of an {@code ALTER COLUMN ... TYPE}.
     */
    static List<Token> typeOf(LintStatement written) {
        return written.tokens().subList(0, typeEnd(written, 0));
    }

    private static int typeEnd(LintStatement definition, int from) {
        int end = from;
        int depth = 0;
        while (end < definition.tokens().size()) {
            Token t = definition.tokens().get(end);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && CLAUSES.contains(word(t))) {
                break;
            }
            end++;
        }
        return end;
    }

    private static String word(Token t) {
        return t.kind() == Token.Kind.WORD ? t.text().toUpperCase(Locale.ROOT) : "";
    }

    /** The tokens of its type: {@code character varying ( 20 )}. */
    List<Token> type() {
        return definition.tokens().subList(1, typeEnd);
    }

    /** Whether one of its clauses is {@code words} ({@code "NOT", "NULL"}), outside any parentheses. */
    boolean has(String... words) {
        return definition.indexOfTop(typeEnd, words) >= 0;
    }

    /** Whether it may hold no null: {@code NOT NULL} or {@code PRIMARY KEY}. */
    boolean notNull() {
        return has("NOT", "NULL") || has("PRIMARY", "KEY");
    }

    /**
     * Whether the database fills it when an insert leaves it out: a {@code DEFAULT}, a generated or identity column,
     * or a serial type.
     */
    boolean filledByDatabase() {
        return has("DEFAULT") || has("GENERATED") || SqlType.writtenName(type()).matches("(small|big)?serial[248]?");
    }

    /** The tokens of its {@code DEFAULT} expression, up to its next clause; empty when it has none. */
    List<Token> defaultExpression() {
        int at = definition.indexOfTop(typeEnd, "DEFAULT");
        if (at < 0) {
            return List.of();
        }
        int end = at + 1;
        int depth = 0;
        while (end < definition.tokens().size()) {
            Token t = definition.tokens().get(end);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && CLAUSES.contains(word(t)) && !t.is("NULL")) {
                break;
            }
            end++;
        }
        return definition.tokens().subList(at + 1, end);
    }
}
