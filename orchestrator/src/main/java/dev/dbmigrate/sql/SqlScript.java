package dev.dbmigrate.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL script text into statements with a single-pass scanner that knows where a semicolon does not end
 * a statement: in single-quoted strings (including {@code E'...'} escape strings), quoted identifiers, dollar-quoted
 * strings, line and (nested) block comments, and {@code BEGIN ATOMIC ... END} function bodies.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * Splits PostgreSQL script text into statements. A last statement needs no semicolon; empty statements are
     * dropped; comments before a statement are left out of its text, comments inside it are kept.
     *
     * @throws IllegalArgumentException naming the line, for a psql meta-command (a line starting with a backslash) or
     *                                  a string, quoted identifier, dollar quote or block comment that never ends
     */
    public static List<SqlStatement> parse(String text) {
        return new Scanner(text).statements();
    }

    /** True if any statement {@linkplain SqlStatement#requiresNoTransaction() requires no transaction}. */
    public static boolean requiresNoTransaction(List<SqlStatement> statements) {
        return statements.stream().anyMatch(SqlStatement::requiresNoTransaction);
    }

    private static final class Scanner {
        private final String text;
        private final List<SqlStatement> statements = new ArrayList<>();
        private int pos;
        private int line = 1;
        private int lineStart;
        /** Where the current statement's first significant character is, or -1 before it. */
        private int statementStart = -1;
        private int statementLine;
        /** The previous token if it was a word, else null; used to see BEGIN ATOMIC. */
        private String previousWord;
        /** Open BEGIN ATOMIC and CASE blocks, each closed by an END; semicolons inside do not split. */
        private int atomicDepth;

        Scanner(String text) {
            this.text = text;
        }

        List<SqlStatement> statements() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    advance(1);
                } else if (text.startsWith("--", pos)) {
                    skipLineComment();
                } else if (text.startsWith("/*", pos)) {
                    skipBlockComment();
                } else if (c == ';' && atomicDepth == 0) {
                    endStatement(pos);
                    advance(1);
                } else {
                    if (c == '\\' && text.substring(lineStart, pos).isBlank()) {
                        throw metaCommand();
                    }
                    if (statementStart < 0) {
                        statementStart = pos;
                        statementLine = line;
                    }
                    token(c);
                }
            }
            endStatement(text.length());
            return statements;
        }

        /** Consumes one significant token starting with {@code c}. */
        private void token(char c) {
            String word = null;
            if (c == '\'') {
                skipSingleQuoted(isEscapeStringPrefix());
            } else if (c == '"') {
                skipQuotedIdentifier();
            } else if (c == '$' && dollarTagAt(pos) != null) {
                skipDollarQuoted(dollarTagAt(pos));
            } else if (isIdentifierStart(c)) {
                int start = pos;
                while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
                word = text.substring(start, pos);
                onWord(word);
            } else {
                advance(1);
            }
            previousWord = word;
        }

        private void onWord(String word) {
            if (word.equalsIgnoreCase("ATOMIC") && "BEGIN".equalsIgnoreCase(previousWord)) {
                atomicDepth++;
            } else if (atomicDepth > 0 && word.equalsIgnoreCase("CASE")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && word.equalsIgnoreCase("END")) {
                atomicDepth--;
            }
        }

        private void endStatement(int end) {
            if (statementStart >= 0) {
                statements.add(new SqlStatement(text.substring(statementStart, end).trim(), statementLine));
            }
            statementStart = -1;
            previousWord = null;
        }

        /** An E'...' string: the E stands right before the quote and is not the end of a longer identifier. */
        private boolean isEscapeStringPrefix() {
            return pos > 0 && (text.charAt(pos - 1) == 'E' || text.charAt(pos - 1) == 'e')
                    && (pos < 2 || !isIdentifierPart(text.charAt(pos - 2)));
        }

        private void skipSingleQuoted(boolean backslashEscapes) {
            int startLine = line;
            advance(1);
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (backslashEscapes && c == '\\') {
                    advance(Math.min(2, text.length() - pos));
                } else if (c == '\'') {
                    advance(1);
                    if (pos >= text.length() || text.charAt(pos) != '\'') {
                        return;
                    }
                    advance(1); // '' is a quote inside the string
                } else {
                    advance(1);
                }
            }
            throw unterminated(startLine, "single-quoted string");
        }

        private void skipQuotedIdentifier() {
            int startLine = line;
            advance(1);
            while (pos < text.length()) {
                boolean quote = text.charAt(pos) == '"';
                advance(1);
                if (quote) {
                    if (pos >= text.length() || text.charAt(pos) != '"') {
                        return;
                    }
                    advance(1); // "" is a quote inside the identifier
                }
            }
            throw unterminated(startLine, "quoted identifier");
        }

        /**
         * The delimiter ({@code $$} or {@code $tag$}) of a dollar quote starting at {@code at}, or null. A tag cannot
         * start with a digit, so {@code $1} is a parameter; a {@code $} inside an identifier starts nothing.
         */
        private String dollarTagAt(int at) {
            if (at > 0 && isIdentifierPart(text.charAt(at - 1))) {
                return null;
            }
            int i = at + 1;
            if (i < text.length() && isIdentifierStart(text.charAt(i))) {
                while (i < text.length() && isTagPart(text.charAt(i))) {
                    i++;
                }
            }
            return i < text.length() && text.charAt(i) == '$' ? text.substring(at, i + 1) : null;
        }

        private void skipDollarQuoted(String delimiter) {
            int startLine = line;
            int end = text.indexOf(delimiter, pos + delimiter.length());
            if (end < 0) {
                throw unterminated(startLine, "dollar-quoted string " + delimiter);
            }
            advance(end + delimiter.length() - pos);
        }

        /** A line comment ends at a line feed or, as in PostgreSQL's lexer, a carriage return. */
        private void skipLineComment() {
            int end = pos;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            advance(end - pos);
        }

        private void skipBlockComment() {
            int startLine = line;
            int depth = 0;
            while (pos < text.length()) {
                if (text.startsWith("/*", pos)) {
                    depth++;
                    advance(2);
                } else if (text.startsWith("*/", pos)) {
                    advance(2);
                    if (--depth == 0) {
                        return;
                    }
                } else {
                    advance(1);
                }
            }
            throw unterminated(startLine, "block comment");
        }

        /** Moves {@code count} characters on, counting lines. */
        private void advance(int count) {
            for (int end = pos + count; pos < end; pos++) {
                if (text.charAt(pos) == '\n') {
                    line++;
                    lineStart = pos + 1;
                }
            }
        }

        private IllegalArgumentException metaCommand() {
            int end = pos + 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            return new IllegalArgumentException(
                    "line " + line + ": psql meta-command '" + text.substring(pos, end) + "' is not SQL; remove it");
        }

        private static IllegalArgumentException unterminated(int line, String what) {
            return new IllegalArgumentException("line " + line + ": unterminated " + what + " starting here");
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }

        /** Like an identifier, but without {@code $}, which would end the tag. */
        private static boolean isTagPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }
}
