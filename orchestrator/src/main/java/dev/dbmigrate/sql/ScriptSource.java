package dev.dbmigrate.sql;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The characters of a script: a whole text, or a window onto a reader that is filled as the scanner needs and
 * emptied up to the statement being read. Positions are counted from the script's start.
 */
final class ScriptSource {
    private static final int CHUNK = 1 << 16;
    private final Reader reader;
    private char[] buf;
    /** The position of {@code buf[0]}. */
    private int base;

    private int length;
    private boolean eof;

    ScriptSource(String text) {
        this.reader = null;
        this.buf = text.toCharArray();
        this.length = buf.length;
        this.eof = true;
    }

    ScriptSource(Reader reader) {
        this.reader = reader;
        this.buf = new char[CHUNK];
    }

    /** Whether the script is read from a reader (and what lies behind the statement being read can be forgotten). */
    boolean streaming() {
        return reader != null;
    }

    /** The position of the first character still held. */
    int firstKept() {
        return base;
    }

    /** Whether the script has a character at {@code i} (reading on as far as needed). */
    boolean has(int i) {
        while (i - base >= length) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    char charAt(int i) {
        return i - base < length || has(i) ? buf[i - base] : '\0';
    }

    boolean startsWith(String prefix, int at) {
        if (!has(at + prefix.length() - 1)) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (buf[at - base + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The position of {@code needle} at or after {@code from}, or -1. */
    int indexOf(String needle, int from) {
        int i = from;
        while (true) {
            for (; i + needle.length() <= base + length; i++) {
                if (startsWith(needle, i)) {
                    return i;
                }
            }
            if (!fill()) {
                return -1;
            }
        }
    }

    String substring(int from, int to) {
        has(to - 1);
        return new String(buf, from - base, to - from);
    }

    /** Forgets what comes before {@code i} (never needed again), when reading from a reader. */
    void discardBefore(int i) {
        int drop = i - base;
        if (reader == null || drop < CHUNK) {
            return;
        }
        System.arraycopy(buf, drop, buf, 0, length - drop);
        length -= drop;
        base = i;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        if (length == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = reader.read(buf, length, buf.length - length);
            if (n < 0) {
                eof = true;
                return false;
            }
            length += n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
