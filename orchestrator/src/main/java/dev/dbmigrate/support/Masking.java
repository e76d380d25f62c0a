package dev.dbmigrate.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides passwords in text before it reaches a message, a log line or a report.
 *
 * <p>It works on the structure of what it finds, never on a guess of the password: in a URL
 * ({@code scheme://user:password@host/...}) it masks what stands between the user name's colon and the {@code @} that
 * ends the user information, whatever characters it holds (when an unescaped {@code @}, {@code /}, {@code ?} or
 * {@code #} makes that end unclear, it masks up to the last {@code @} that can end it, so it hides too much rather than
 * too little); and it masks the value of every {@code password=} parameter, in a URL or in a libpq connection string.
 * The rest of the text is left exactly as it was.
 *
 * <p>A password known for certain (given with {@code -Dmigrate.password}, found by the parser in a URL) is masked as
 * well wherever it stands alone ({@link #inText(String, Iterable)}), such as an echoed argument: never where it is only
 * a part of a longer word, so a short password such as {@code p} never masks every {@code p} of a message, and a
 * password that is a part of the host name never alters the host.
 */
public final class Masking {
    /** What a hidden password prints as. */
    public static final String MASK = "<masked>";

    private static final Pattern URL_START = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password\\s*=)('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|[^&\\s'\"]+)");

    private Masking() {}

    /** {@code text} with the passwords of every URL and every {@code password=} parameter in it masked. */
    public static String inText(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher start = URL_START.matcher(text);
        int copied = 0;
        while (start.find(copied)) {
            int tokenStart = start.end();
            int tokenEnd = tokenStart;
            while (tokenEnd < text.length() && !endsToken(text.charAt(tokenEnd))) {
                tokenEnd++;
            }
            out.append(text, copied, tokenStart);
            out.append(userInfoMasked(text.substring(tokenStart, tokenEnd)));
            copied = tokenEnd;
        }
        out.append(text, copied, text.length());
        return PASSWORD_PARAMETER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * One URL as a whole, such as a value the user wrote, with its passwords masked: unlike {@link #inText(String)},
     * a space or a quote in it does not end it.
     */
    public static String url(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher start = URL_START.matcher(raw);
        // without a scheme (app:pw@host/db) the text is taken as what would follow it
        int from = start.find() ? start.end() : 0;
        String masked = raw.substring(0, from) + userInfoMasked(raw.substring(from));
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * As {@link #inText(String)}, and every known password masked where it stands alone: between the text's start or
     * end, spaces, quotes, brackets, commas and semicolons.
     */
    public static String inText(String text, Iterable<Secret> known) {
        String masked = inText(text);
        if (masked == null || known == null) {
            return masked;
        }
        for (Secret secret : known) {
            if (secret != null && secret.isPresent() && !secret.value().isEmpty() && !wordLike(secret.value())) {
                masked = standaloneMasked(masked, secret.value());
            }
        }
        return masked;
    }

    /**
     * Whether a password is a short run of letters ({@code the}, {@code app}): such a word turns up in ordinary text,
     * and masking it there would garble the text and, by where the masks fall, give the password away. It is still
     * masked wherever it stands as a password (in a URL, after {@code password=}); nothing this tool prints repeats a
     * password otherwise.
     */
    static boolean wordLike(String password) {
        return password.length() < 8 && password.chars().allMatch(Character::isLetter);
    }

    public static boolean endsToken(char c) {
        return Character.isWhitespace(c) || c == '\'' || c == '"' || c == '<' || c == '>' || c == '`';
    }

    /**
     * The part of a URL after {@code scheme://} with its user information's password masked. The user information
     * ends at the last {@code @} of the authority; an {@code @} further on ends it instead when it cannot belong to
     * the rest of the URL: in the path, after a {@code #}, or in a query parameter before any {@code =}.
     */
    static String userInfoMasked(String token) {
        int authorityEnd = indexOfAny(token, "/?#", 0);
        if (authorityEnd < 0) {
            authorityEnd = token.length();
        }
        int end = token.lastIndexOf('@', authorityEnd - 1);
        int stray = lastStrayAt(token, authorityEnd);
        if (stray > end) {
            end = stray;
        } else if (end < 0) {
            if (!portsAreNumbers(token.substring(0, authorityEnd)) && token.indexOf('@', authorityEnd) >= 0) {
                end = token.lastIndexOf('@');
            }
        }
        if (end < 0) {
            return token;
        }
        int colon = token.indexOf(':');
        if (colon < 0 || colon > end || colon > authorityEnd) {
            return token;
        }
        // a user name that is the password itself would show it: then the name is masked as well
        String user = token.substring(0, colon);
        String shownUser = user.equals(token.substring(colon + 1, end)) ? MASK : user;
        return shownUser + ":" + MASK + token.substring(end);
    }

    /** The last {@code @} after the authority that no part of a well-formed URL may hold there, or -1. */
    private static int lastStrayAt(String token, int authorityEnd) {
        int last = -1;
        boolean inQuery = false;
        boolean afterEquals = false;
        for (int i = authorityEnd; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '#') {
                int at = token.lastIndexOf('@');
                return at > i ? at : last;
            }
            if (c == '?' && !inQuery) {
                inQuery = true;
                afterEquals = false;
            } else if (c == '&' && inQuery) {
                afterEquals = false;
            } else if (c == '=' && inQuery) {
                afterEquals = true;
            } else if (c == '@' && !(inQuery && afterEquals)) {
                last = i;
            }
        }
        return last;
    }

    /**
     * {@code text} with every occurrence of {@code secret} that stands alone masked: between the text's start or end,
     * spaces, quotes, brackets, commas and semicolons. Inside a longer word ({@code db.internal} for a password
     * {@code internal}) it is left alone: masking it there would alter other text and point at the password.
     */
    private static String standaloneMasked(String text, String secret) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int at = text.indexOf(secret);
        while (at >= 0) {
            int after = at + secret.length();
            boolean alone = (at == 0
                            || SEPARATORS.indexOf(text.charAt(at - 1)) >= 0
                            || Character.isWhitespace(text.charAt(at - 1)))
                    && (after == text.length()
                            || SEPARATORS.indexOf(text.charAt(after)) >= 0
                            || Character.isWhitespace(text.charAt(after)));
            if (alone) {
                out.append(text, from, at).append(MASK);
                from = after;
                at = text.indexOf(secret, after);
            } else {
                at = text.indexOf(secret, at + 1);
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    private static final String SEPARATORS = "'\"`()[]{}<>,;";

    /**
     * Whether every {@code host:port} of an authority without user information has a number (or nothing) as its port:
     * when one does not, its colon is more likely a user name's, followed by a password cut short.
     */
    public static boolean portsAreNumbers(String authority) {
        for (String entry : authority.split(",", -1)) {
            int close = entry.startsWith("[") ? entry.indexOf(']') : -1;
            int colon = entry.indexOf(':', Math.max(close, 0));
            if (colon >= 0 && !entry.substring(colon + 1).matches("\\d*")) {
                return false;
            }
        }
        return true;
    }

    public static int indexOfAny(String text, String characters, int from) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
