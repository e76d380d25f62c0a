package dev.dbmigrate.sql;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL script text into statements with a single-pass scanner that knows where a semicolon does not end
 * a statement: in single-quoted strings (including {@code E'...'} escape strings), quoted identifiers, dollar-quoted
 * strings, line and (nested) block comments, and {@code BEGIN ATOMIC ... END} function bodies.
 *
 * <p>The scanner reads either a whole text or, for a script of any size, a {@link Reader}, one statement at a time
 * ({@link #stream}): then it holds only the statement it is reading and a chunk of what follows, never the script.
 */
public final class SqlScript {
    private SqlScript() {}

    /**
     * Splits PostgreSQL script text into statements. A last statement needs no semicolon; empty statements are
     * dropped; comments before a statement are left out of its text, comments inside it are kept.
     *
     * @throws IllegalArgumentException naming the line, for a psql meta-command (a line starting with a backslash) or
     *                                  a string, quoted identifier, dollar quote or block comment that never ends
     */
    public static List<SqlStatement> parse(String text) {
        Statements statements = new Statements(new ScriptSource(text));
        List<SqlStatement> all = new ArrayList<>();
        for (SqlStatement s = statements.next(); s != null; s = statements.next()) {
            all.add(s);
        }
        return all;
    }

    /**
     * The statements of a script read from {@code reader}, split as {@link #parse} splits them, one at a time: the
     * memory it takes is that of the longest statement, whatever the script's size. The caller closes the reader.
     */
    public static Statements stream(Reader reader) {
        return new Statements(new ScriptSource(reader));
    }

    /** True if any statement {@linkplain SqlStatement#requiresNoTransaction() requires no transaction}. */
    public static boolean requiresNoTransaction(List<SqlStatement> statements) {
        return statements.stream().anyMatch(SqlStatement::requiresNoTransaction);
    }

    /** The statements of a script, split one at a time. */
    public static final class Statements {
        private final ScriptSource text;
        private int pos;
        private int line = 1;
        private int lineStart;
        /** Whether the current line was blank from its start up to {@link #lineCheckedTo} (which may be forgotten). */
        private boolean lineBlankSoFar = true;

        private int lineCheckedTo;
        /** Where the current statement's first significant character is, or -1 before it. */
        private int statementStart = -1;

        private int statementLine;
        /** The previous token if it was a word, else null; used to see BEGIN ATOMIC. */
        private String previousWord;
        /** Open BEGIN ATOMIC and CASE blocks, each closed by an END; semicolons inside do not split. */
        private int atomicDepth;

        private boolean done;

        private Statements(ScriptSource text) {
            this.text = text;
        }

        /**
         * The next statement, or null after the last one.
         *
         * @throws IllegalArgumentException as {@link SqlScript#parse} does, when the scanner reaches the problem
         */
        public SqlStatement next() {
            if (done) {
                return null;
            }
            while (text.has(pos)) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    advance(1);
                } else if (text.startsWith("--", pos)) {
                    skipLineComment();
                } else if (text.startsWith("/*", pos)) {
                    skipBlockComment();
                } else if (c == ';' && atomicDepth == 0) {
                    SqlStatement statement = endStatement(pos);
                    advance(1);
                    if (statement != null) {
                        forget();
                        return statement;
                    }
                } else {
                    if (c == '\\' && lineBlankBefore(pos)) {
                        throw metaCommand();
                    }
                    if (statementStart < 0) {
                        forget();
                        statementStart = pos;
                        statementLine = line;
                    }
                    token(c);
                }
            }
            done = true;
            return endStatement(pos);
        }

        /** Lets the source forget what lies before the statement being read (and the two characters looked back at). */
        private void forget() {
            if (!text.streaming()) {
                return;
            }
            int keep = Math.max(text.firstKept(), (statementStart >= 0 ? Math.min(statementStart, pos) : pos) - 2);
            for (int i = Math.max(lineStart, lineCheckedTo); i < keep && lineBlankSoFar; i++) {
                lineBlankSoFar = Character.isWhitespace(text.charAt(i));
            }
            lineCheckedTo = Math.max(lineCheckedTo, keep);
            text.discardBefore(keep);
        }

        /** Whether the current line is blank up to {@code at}. */
        private boolean lineBlankBefore(int at) {
            if (!lineBlankSoFar) {
                return false;
            }
            for (int i = Math.max(lineStart, lineCheckedTo); i < at; i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return false;
                }
            }
            return true;
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
                while (text.has(pos) && isIdentifierPart(text.charAt(pos))) {
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

        private SqlStatement endStatement(int end) {
            SqlStatement statement = statementStart < 0
                    ? null
                    : new SqlStatement(text.substring(statementStart, end).trim(), statementLine);
            statementStart = -1;
            previousWord = null;
            return statement;
        }

        /** An E'...' string: the E stands right before the quote and is not the end of a longer identifier. */
        private boolean isEscapeStringPrefix() {
            return pos > 0
                    && (text.charAt(pos - 1) == 'E' || text.charAt(pos - 1) == 'e')
                    && (pos < 2 || !isIdentifierPart(text.charAt(pos - 2)));
        }

        private void skipSingleQuoted(boolean backslashEscapes) {
            int startLine = line;
            advance(1);
            while (text.has(pos)) {
                char c = text.charAt(pos);
                if (backslashEscapes && c == '\\') {
                    advance(text.has(pos + 1) ? 2 : 1);
                } else if (c == '\'') {
                    advance(1);
                    if (!text.has(pos) || text.charAt(pos) != '\'') {
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
            while (text.has(pos)) {
                boolean quote = text.charAt(pos) == '"';
                advance(1);
                if (quote) {
                    if (!text.has(pos) || text.charAt(pos) != '"') {
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
            if (text.has(i) && isIdentifierStart(text.charAt(i))) {
                while (text.has(i) && isTagPart(text.charAt(i))) {
                    i++;
                }
            }
            return text.has(i) && text.charAt(i) == '$' ? text.substring(at, i + 1) : null;
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
            while (text.has(pos) && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                pos++;
            }
        }

        private void skipBlockComment() {
            int startLine = line;
            int depth = 0;
            while (text.has(pos)) {
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
                    lineBlankSoFar = true;
                    lineCheckedTo = lineStart;
                }
            }
        }

        private IllegalArgumentException metaCommand() {
            int end = pos + 1;
            while (text.has(end) && !Character.isWhitespace(text.charAt(end))) {
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
