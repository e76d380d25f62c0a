package dev.dbmigrate.engine;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The message of {@code migrate:create}, made safe to write: it is data, written only inside comment lines and as a
 * file name, never as SQL.
 *
 * <p>The rules, in this order:
 * <ul>
 *   <li>the text is normalised to Unicode NFC (so {@code é} typed as e + accent is one letter);</li>
 *   <li>every run of white space, line ends of every kind included ({@code \n}, {@code \r}, vertical tab, form feed,
 *       U+0085, U+2028, U+2029) and tabs, folds into one space, and the ends are trimmed: a message is one line;</li>
 *   <li>a message that holds another control character (such as NUL or ESC), an invisible formatting character (bidi
 *       overrides and isolates, zero-width spaces, a byte order mark; the zero-width joiner and non-joiner, which
 *       some scripts need, are kept), a lone surrogate or an unassigned code point is refused, naming the character;</li>
 *   <li>a message longer than {@value #MAX_LENGTH} characters is refused (a message is a title; details belong in the
 *       file as comments); a long message is wrapped onto several comment lines;</li>
 *   <li>a message that holds {@code ${} is refused: Flyway replaces placeholders in comments too;</li>
 *   <li>a message with a path in it ({@code /}, {@code \}, {@code ..}) is refused; {@code /*} and {@code *}{@code /}
 *       are comment marks, not paths, and are written as they are, inside the comment.</li>
 * </ul>
 * The file name part ({@link #slug}) keeps the letters, combining marks and digits of every script, lower-cased,
 * joined by underscores, at most {@value #MAX_SLUG_LENGTH} characters and {@value #MAX_SLUG_BYTES} bytes of UTF-8
 * (cut at a word end when there is one), so names stay within every file system's limit.
 */
public final class MigrationMessage {
    /** The longest message accepted, in characters after folding. */
    public static final int MAX_LENGTH = 1000;
    /** The longest slug, in characters. */
    public static final int MAX_SLUG_LENGTH = 60;
    /** The longest slug, in bytes of UTF-8 (a file name may have 255 bytes on most file systems). */
    public static final int MAX_SLUG_BYTES = 120;

    private static final String EXAMPLE = "such as \"Add user preferences table\"";

    private MigrationMessage() {}

    /**
     * The message as it is written into the files: one line of NFC text.
     *
     * @throws MigrateException (configuration) naming what cannot be written and that nothing was written
     */
    public static String clean(String message) {
        if (message == null || message.isBlank() || fold(message).isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "create needs a message describing the migration;"
                            + " nothing was written (pass -Dmigrate.message=\"Add user preferences table\")");
        }
        String text = fold(Normalizer.normalize(message, Normalizer.Form.NFC));
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            String why = unsafe(c);
            if (why != null) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "migrate.message holds " + why + " "
                                + codePoint(c) + " at character " + (text.codePointCount(0, i) + 1)
                                + ", which cannot be"
                                + " written safely into a migration; nothing was written (describe the change in plain"
                                + " words, " + EXAMPLE + ")");
            }
            i += Character.charCount(c);
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "migrate.message is "
                            + text.codePointCount(0, text.length()) + " characters long, more than the " + MAX_LENGTH
                            + " a message may have; nothing was written (give a short title, " + EXAMPLE
                            + ", and write the"
                            + " details as comments into the file create writes)");
        }
        if (text.contains("${")) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "migrate.message = '" + text + "' holds '${', which"
                            + " Flyway reads as a placeholder even inside a comment, so the migration would fail to run;"
                            + " nothing was written (leave out the '${', such as \"Add tenant schema\")");
        }
        String withoutCommentMarks = text.replace("/*", "").replace("*/", ""); // comment marks are no path
        if (withoutCommentMarks.contains("/") || text.contains("\\") || text.contains("..")) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "migrate.message = '" + text + "' contains a path"
                            + " ('/', '\\' or '..') and could write outside the migration folder; nothing was written (describe"
                            + " the change in words, " + EXAMPLE + ")");
        }
        return text;
    }

    /**
     * The file-name part made from a {@linkplain #clean cleaned} message: its letters, marks and digits of any script,
     * lower-cased, each run of anything else one underscore, capped at {@value #MAX_SLUG_LENGTH} characters and
     * {@value #MAX_SLUG_BYTES} bytes; empty when the message has no letter or digit.
     */
    public static String slug(String message) {
        return slug(message, MAX_SLUG_LENGTH, MAX_SLUG_BYTES);
    }

    /** {@link #slug(String)} with other limits (in characters and bytes of UTF-8). */
    static String slug(String message, int maxLength, int maxBytes) {
        String lower = Normalizer.normalize(
                Normalizer.normalize(message, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        StringBuilder s = new StringBuilder();
        boolean gap = false;
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            i += Character.charCount(c);
            if (isNamePart(c) && !(s.isEmpty() && Character.getType(c) == Character.NON_SPACING_MARK)) {
                if (gap && !s.isEmpty()) {
                    s.append('_');
                }
                s.appendCodePoint(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        return cap(s.toString(), maxLength, maxBytes);
    }

    /** Cuts a slug to the limits, at the last underscore within them when there is one. */
    private static String cap(String slug, int maxLength, int maxBytes) {
        if (fits(slug, maxLength, maxBytes)) {
            return slug;
        }
        int end = 0;
        for (int i = 0; i < slug.length(); ) {
            int next = i + Character.charCount(slug.codePointAt(i));
            if (!fits(slug.substring(0, next), maxLength, maxBytes)) {
                break;
            }
            i = next;
            end = i;
        }
        String cut = slug.substring(0, end);
        int word = cut.lastIndexOf('_');
        if (word > 0 && end < slug.length() && slug.charAt(end) != '_') {
            cut = cut.substring(0, word);
        }
        return cut.replaceAll("_+$", "");
    }

    private static boolean fits(String slug, int maxLength, int maxBytes) {
        return slug.codePointCount(0, slug.length()) <= maxLength
                && slug.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    private static boolean isNamePart(int c) {
        return Character.isLetter(c) || Character.isDigit(c) || isMark(c);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * One space for each run of white space of any kind, line ends included; trimmed. Java's {@code \s} with
     * {@code UNICODE_CHARACTER_CLASS} covers every Unicode white space (U+0085, U+2028, U+2029, U+00A0 ...) and
     * {@code \R} every line end, {@code \r\n} included.
     */
    private static String fold(String text) {
        return text.replaceAll("(?U)(?:\\R|\\s|\\p{Zs})+", " ").strip();
    }

    /**
     * Code points Unicode marks as default-ignorable (drawn as nothing) that are not of the FORMAT category: the
     * Hangul fillers (letters that show as blanks), the combining grapheme joiner, the Khmer inherent vowels, the
     * Mongolian free variation selectors and the variation selectors.
     */
    private static boolean invisible(int c) {
        return c == 0x115F
                || c == 0x1160
                || c == 0x3164
                || c == 0xFFA0
                || c == 0x034F
                || c == 0x17B4
                || c == 0x17B5
                || (c >= 0x180B && c <= 0x180D)
                || c == 0x180F
                || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0xE0100 && c <= 0xE01EF);
    }

    /** Why a code point cannot be written, or null when it can. */
    private static String unsafe(int c) {
        int type = Character.getType(c);
        if (type == Character.CONTROL) {
            return "the control character";
        }
        if (type == Character.FORMAT && c != 0x200C && c != 0x200D) {
            return "the invisible formatting character";
        }
        if (invisible(c)) {
            return "the invisible character";
        }
        if (type == Character.SURROGATE) {
            return "the lone surrogate";
        }
        if (type == Character.UNASSIGNED) {
            return "the unassigned code point";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "the line separator"; // folded above; kept as a second guard
        }
        return null;
    }

    private static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }
}
