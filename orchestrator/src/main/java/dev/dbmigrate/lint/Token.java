package dev.dbmigrate.lint;

import java.util.Locale;

/**
 * One token of a statement, as the lint rules read it.
 *
 * @param kind what it is
 * @param text its text as written (a quoted identifier without its quotes, a string without its quotes)
 */
public record Token(Kind kind, String text) {
    /** The kinds of token. */
    public enum Kind {
        /** A keyword or an unquoted identifier. */
        WORD,
        /** A {@code "quoted"} identifier. */
        QUOTED,
        /** A string constant: {@code 'text'}, {@code E'text'} or a dollar-quoted body. */
        STRING,
        /** A number. */
        NUMBER,
        /** Anything else, one character at a time ({@code ::} as one). */
        SYMBOL
    }

    /** Whether this is the keyword (or unquoted identifier) {@code word}, case-insensitively. */
    public boolean is(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** Whether this can be (part of) a name: a word or a quoted identifier. */
    public boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    /** The name as PostgreSQL resolves it: an unquoted word folded to lower case, a quoted identifier as written. */
    public String name() {
        return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
    }
}
