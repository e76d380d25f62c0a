package dev.dbmigrate.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement of a script: its text (without the terminating semicolon, trimmed) and the 1-based line where it
 * starts (its first character that is neither blank nor part of a comment).
 */
public record SqlStatement(String sql, int line) {
    /** How many leading words are enough to recognise every statement kind checked below. */
    private static final int LEADING_WORDS = 6;

    private static final Set<String> REINDEX_KINDS = Set.of("SCHEMA", "DATABASE", "SYSTEM");

    /**
     * True for statements PostgreSQL refuses to run inside a transaction block: {@code CREATE [UNIQUE] INDEX
     * CONCURRENTLY}, {@code DROP INDEX CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY} (and {@code REINDEX SCHEMA |
     * DATABASE | SYSTEM}), {@code VACUUM}, {@code CREATE | DROP DATABASE}, {@code CREATE | DROP TABLESPACE},
     * {@code CREATE SUBSCRIPTION}, {@code DISCARD ALL} and {@code ALTER SYSTEM}. Case-insensitive; leading comments
     * and whitespace are ignored.
     */
    public boolean requiresNoTransaction() {
        List<String> w = leadingWords(sql);
        if (w.isEmpty()) {
            return false;
        }
        switch (w.get(0)) {
            case "VACUUM":
                return true;
            case "DISCARD":
                return word(w, 1).equals("ALL");
            case "ALTER":
                return word(w, 1).equals("SYSTEM");
            case "CREATE": {
                String object = word(w, 1);
                if (object.equals("DATABASE") || object.equals("TABLESPACE") || object.equals("SUBSCRIPTION")) {
                    return true;
                }
                int index = object.equals("UNIQUE") ? 2 : 1;
                return word(w, index).equals("INDEX") && word(w, index + 1).equals("CONCURRENTLY");
            }
            case "DROP": {
                String object = word(w, 1);
                return object.equals("DATABASE")
                        || object.equals("TABLESPACE")
                        || object.equals("INDEX") && word(w, 2).equals("CONCURRENTLY");
            }
            case "REINDEX": {
                // REINDEX [ ( options ) ] kind [ CONCURRENTLY ] name; CONCURRENTLY may also be one of the options.
                for (int i = 1; i < w.size(); i++) {
                    String word = w.get(i);
                    if (word.equals("CONCURRENTLY")) {
                        return true;
                    }
                    if (word.equals("INDEX") || word.equals("TABLE")) {
                        return word(w, i + 1).equals("CONCURRENTLY");
                    }
                    if (REINDEX_KINDS.contains(word)) {
                        return true; // REINDEX SCHEMA, DATABASE and SYSTEM never run inside a transaction block
                    }
                }
                return false;
            }
            default:
                return false;
        }
    }

    private static String word(List<String> words, int index) {
        return index < words.size() ? words.get(index) : "";
    }

    /**
     * The first few keywords of a statement, upper-cased, skipping comments and punctuation (so option lists in
     * parentheses contribute their words). Stops at the first string, quoted identifier or dollar sign, which no
     * keyword checked here follows.
     */
    private static List<String> leadingWords(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && words.size() < LEADING_WORDS) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++; // a line comment ends at a line feed or a carriage return, as in PostgreSQL
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = endOfBlockComment(text, i);
            } else if (c == '\'' || c == '"' || c == '$' || c == ';') {
                break;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                words.add(text.substring(start, i).toUpperCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return words;
    }

    /** The index just after the (nested) block comment starting at {@code start}, or the text's end. */
    private static int endOfBlockComment(String text, int start) {
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }
}
