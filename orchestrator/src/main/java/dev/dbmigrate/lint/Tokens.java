package dev.dbmigrate.lint;

import dev.dbmigrate.lint.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits one statement's text into {@link Token}s, skipping comments and whitespace, as PostgreSQL's lexer would. */
final class Tokens {
    private final String text;
    private final List<Token> out = new ArrayList<>();
    private int i;

    private Tokens(String text) {
        this.text = text;
    }

    /** The tokens of {@code sql} (one statement, already split by {@code sql.SqlScript}). */
    static List<Token> of(String sql) {
        Tokens t = new Tokens(sql);
        t.run();
        return List.copyOf(t.out);
    }

    private void run() {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (text.startsWith("/*", i)) {
                skipBlockComment();
            } else if ((c == 'E' || c == 'e') && i + 1 < n && text.charAt(i + 1) == '\'') {
                i++;
                quoted('\'', Kind.STRING);
            } else if (c == '\'') {
                quoted('\'', Kind.STRING);
            } else if (c == '"') {
                quoted('"', Kind.QUOTED);
            } else if (c == '$' && dollarQuote()) {
                continue;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || text.charAt(i) == '_'
                                || text.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i)));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i)));
            } else if (text.startsWith("::", i)) {
                out.add(new Token(Kind.SYMBOL, "::"));
                i += 2;
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
    }

    /** A string or quoted identifier from {@link #i}, its doubled quotes (and backslash escapes in strings) undone. */
    private void quoted(char quote, Kind kind) {
        StringBuilder value = new StringBuilder();
        i++;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                value.append(quote);
                i += 2;
            } else if (c == quote) {
                i++;
                break;
            } else if (c == '\\' && kind == Kind.STRING && i + 1 < text.length()) {
                value.append(text.charAt(i + 1));
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        out.add(new Token(kind, value.toString()));
    }

    /** A dollar-quoted string from {@link #i} ({@code $$...$$}, {@code $tag$...$tag$}), or false for a parameter. */
    private boolean dollarQuote() {
        int close = text.indexOf('$', i + 1);
        if (close < 0 || !text.substring(i + 1, close).matches("[A-Za-z_][A-Za-z0-9_]*|")) {
            return false;
        }
        String tag = text.substring(i, close + 1);
        int end = text.indexOf(tag, close + 1);
        int stop = end < 0 ? text.length() : end;
        out.add(new Token(Kind.STRING, text.substring(close + 1, stop)));
        i = end < 0 ? text.length() : end + tag.length();
        return true;
    }

    private void skipBlockComment() {
        int depth = 0;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
    }
}
