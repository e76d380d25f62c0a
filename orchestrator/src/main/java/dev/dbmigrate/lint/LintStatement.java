package dev.dbmigrate.lint;

import dev.dbmigrate.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a migration as the rules read it: its text, its line and its tokens, with the few questions every
 * rule asks of a statement.
 *
 * @param sql    the statement's text, as {@code sql.SqlScript} split it
 * @param line   the line it starts on in its file
 * @param tokens its tokens, comments left out
 * @param outsideTransaction whether PostgreSQL refuses to run it inside a transaction block
 *                           ({@link SqlStatement#requiresNoTransaction()}: {@code CREATE INDEX CONCURRENTLY}, ...)
 */
public record LintStatement(String sql, int line, List<Token> tokens, boolean outsideTransaction) {
    /** The statement {@code statement}, tokenized. */
    public static LintStatement of(SqlStatement statement) {
        return new LintStatement(
                statement.sql(), statement.line(), Tokens.of(statement.sql()), statement.requiresNoTransaction());
    }

    /** Whether it begins with these keywords, in this order ({@code startsWith("ALTER", "TABLE")}). */
    public boolean startsWith(String... words) {
        return matchesAt(0, words);
    }

    /** Whether the keywords {@code words} follow one another somewhere in it. */
    public boolean contains(String... words) {
        return indexOf(0, words) >= 0;
    }

    /** Where the keywords {@code words} follow one another first, from {@code from} on, or -1. */
    public int indexOf(int from, String... words) {
        for (int i = Math.max(0, from); i + words.length <= tokens.size(); i++) {
            if (matchesAt(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the keywords {@code words} follow one another from token {@code at}. */
    public boolean matchesAt(int at, String... words) {
        if (at < 0 || at + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(at + k).is(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** The token at {@code index}, if there is one. */
    public Optional<Token> token(int index) {
        return index >= 0 && index < tokens.size() ? Optional.of(tokens.get(index)) : Optional.empty();
    }

    /**
     * The object name that starts at token {@code index}, after any {@code IF [NOT] EXISTS} and {@code ONLY}: a name
     * or {@code schema.name}; empty when none starts there.
     */
    public Optional<ObjectName> nameAt(int index) {
        int i = skipQualifiers(index);
        Optional<Token> first = token(i);
        if (first.isEmpty() || !first.get().isName()) {
            return Optional.empty();
        }
        Optional<Token> dot = token(i + 1);
        Optional<Token> second = token(i + 2);
        if (dot.isPresent()
                && dot.get().isSymbol(".")
                && second.isPresent()
                && second.get().isName()) {
            return Optional.of(new ObjectName(first.get().name(), second.get().name()));
        }
        return Optional.of(new ObjectName(null, first.get().name()));
    }

    /** The index of the token just after the name {@link #nameAt} reads at {@code index}. */
    public int afterName(int index) {
        int i = skipQualifiers(index);
        return token(i + 1).filter(t -> t.isSymbol(".")).isPresent() ? i + 3 : i + 1;
    }

    private int skipQualifiers(int index) {
        int i = index;
        if (matchesAt(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        } else if (matchesAt(i, "IF", "EXISTS")) {
            i += 2;
        }
        return matchesAt(i, "ONLY") ? i + 1 : i;
    }

    /**
     * The comma-separated names that start at token {@code index} ({@code DROP TABLE a, b}, {@code TRUNCATE ONLY a *,
     * b}), each read as {@link #nameAt} does; empty when none starts there.
     */
    public List<ObjectName> namesAt(int index) {
        List<ObjectName> names = new ArrayList<>();
        int i = index;
        for (Optional<ObjectName> name = nameAt(i); name.isPresent(); name = nameAt(i)) {
            names.add(name.get());
            i = afterName(i);
            if (token(i).filter(t -> t.isSymbol("*")).isPresent()) {
                i++;
            }
            if (token(i).filter(t -> t.isSymbol(",")).isEmpty()) {
                break;
            }
            i++;
        }
        return names;
    }

    /**
     * Where the table name of a {@code CREATE [GLOBAL | LOCAL] [UNLOGGED | TEMP | TEMPORARY] TABLE} statement starts,
     * or -1 when it is none.
     */
    public int createdTableAt() {
        int i = 1;
        if (!startsWith("CREATE")) {
            return -1;
        }
        if (matchesAt(i, "GLOBAL") || matchesAt(i, "LOCAL")) {
            i++;
        }
        if (matchesAt(i, "UNLOGGED") || matchesAt(i, "TEMP") || matchesAt(i, "TEMPORARY")) {
            i++;
        }
        return matchesAt(i, "TABLE") ? i + 1 : -1;
    }

    /** The table of a {@code CREATE ... TABLE [IF NOT EXISTS] name} statement, if it is one. */
    public Optional<ObjectName> createdTable() {
        int at = createdTableAt();
        return at < 0 ? Optional.empty() : nameAt(at);
    }

    /** The table of an {@code ALTER TABLE [IF EXISTS] [ONLY] name ...} statement, if it is one. */
    public Optional<ObjectName> alteredTable() {
        return startsWith("ALTER", "TABLE") ? nameAt(2) : Optional.empty();
    }

    /** The tokens {@code from} (inclusive) to {@code to} (exclusive) as a statement of its own, at the same line. */
    public LintStatement part(int from, int to) {
        return new LintStatement(sql, line, tokens.subList(from, to), false);
    }

    /**
     * Where the keywords {@code words} follow one another first, from {@code from} on, outside every parenthesis and
     * bracket that opens at or after {@code from}; -1 when they do not.
     */
    public int indexOfTop(int from, String... words) {
        int depth = 0;
        for (int i = Math.max(0, from); i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && matchesAt(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** Where the symbol {@code symbol} comes first, from {@code from} on, or -1. */
    public int indexOfSymbol(int from, String symbol) {
        for (int i = Math.max(0, from); i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(symbol)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or the end of the tokens. */
    public int closing(int open) {
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

    /**
     * The parts of tokens {@code from} to {@code to} (exclusive) that commas outside parentheses separate: the actions of an
     * {@code ALTER TABLE}, the elements of a column list.
     */
    public List<LintStatement> split(int from, int to) {
        List<LintStatement> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && t.isSymbol(",")) {
                parts.add(part(start, i));
                start = i + 1;
            }
        }
        if (start < to) {
            parts.add(part(start, to));
        }
        return parts;
    }

    /** The first line of its text, for messages: "ALTER TABLE users ADD COLUMN ...". */
    public String summary() {
        String first = sql.strip().lines().findFirst().orElse("");
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }
}
