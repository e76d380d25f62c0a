package dev.dbmigrate.engine;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A migration or undo script read as a stream, for a script too large to hold: strict UTF-8 as
 * {@link MigrationFiles#read} reads it (a leading byte-order mark dropped, a byte that is not UTF-8 failing with its
 * byte and line), and, once read to the end, Flyway's checksum of it and whether it holds {@code ${} (a placeholder
 * Flyway would replace). It holds one buffer of bytes and never the whole file.
 *
 * <p>Flyway's checksum is CRC-32 over the UTF-8 bytes of each line without its line ending (see
 * {@code Checksum}); as the file is valid UTF-8, in which no character but CR and LF contains their
 * bytes, that is CRC-32 over the file's bytes without its CR and LF bytes (and without the byte-order marks
 * {@code Checksum} drops).
 */
final class ScriptReader extends Reader {
    private static final int BUFFER = 1 << 16;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CRC32 crc = new CRC32();
    /** The file offset of {@code bytes}' first byte. */
    private long offset;

    private boolean eof;
    private boolean flushed;
    private boolean started;
    private boolean placeholders;
    private char previous;

    private ScriptReader(Path file, InputStream in) throws IOException {
        this.file = file;
        this.in = in;
        // the first bytes at once, to see the byte-order mark Flyway's checksum leaves out (one: a second counts)
        int n = in.readNBytes(bytes.array(), 0, BOM.length);
        int skip = startsWithBom(bytes.array(), 0, n) ? BOM.length : 0;
        checksum(bytes.array(), skip, n - skip);
        bytes.limit(n);
        eof = n < BOM.length;
    }

    /** Opens {@code file}; fails, changing nothing, when it cannot be read. */
    static ScriptReader open(Path file) {
        try {
            return new ScriptReader(file, Files.newInputStream(file));
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    @Override
    public int read(char[] target, int off, int len) {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(target, off, len);
        while (true) {
            if (!flushed) {
                CoderResult result = decoder.decode(bytes, out, eof);
                if (result.isError()) {
                    throw notUtf8(offset + bytes.position());
                }
                if (eof && !result.isOverflow()) {
                    decoder.flush(out); // UTF-8 keeps nothing back to flush: this ends the decoder's work
                    flushed = true;
                }
            }
            int n = out.position() - off;
            if (n > 0 && !started) {
                started = true;
                if (target[off] == '\uFEFF') {
                    System.arraycopy(target, off + 1, target, off, n - 1);
                    out.position(out.position() - 1);
                    n--;
                }
            }
            if (n > 0) {
                notePlaceholders(target, off, n);
                return n;
            }
            if (flushed) {
                return -1;
            }
            more();
        }
    }

    /**
     * Flyway's checksum of {@code file} (a file that is not UTF-8 fails, naming its line): a small file read whole,
     * as before, a large one as a stream.
     */
    static int checksumOf(Path file) {
        if (MigrationScript.size(file) <= MigrationScript.STREAM_ABOVE_BYTES) {
            return Checksum.ofText(MigrationFiles.read(file));
        }
        try (ScriptReader reader = open(file)) {
            reader.drain();
            return reader.checksum();
        }
    }

    /** Reads the rest of the file (for its checksum), without keeping it. */
    void drain() {
        char[] skip = new char[BUFFER];
        while (read(skip, 0, skip.length) >= 0) {
            // nothing to keep
        }
    }

    /** Flyway's checksum of the script; valid once it is read to the end. */
    int checksum() {
        return (int) crc.getValue();
    }

    /** Whether the script holds {@code ${}; valid once it is read to the end. */
    boolean mayHoldPlaceholders() {
        return placeholders;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read only: nothing is lost
        }
    }

    private void more() {
        offset += bytes.position();
        bytes.compact();
        try {
            int start = bytes.position();
            int n = in.read(bytes.array(), start, bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                checksum(bytes.array(), start, n);
                bytes.position(start + n);
            }
        } catch (IOException e) {
            throw cannotRead(file, e);
        } finally {
            bytes.flip();
        }
    }

    private void checksum(byte[] b, int from, int count) {
        int run = from;
        for (int i = from; i < from + count; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                crc.update(b, run, i - run);
                run = i + 1;
            }
        }
        crc.update(b, run, from + count - run);
    }

    private void notePlaceholders(char[] chars, int off, int n) {
        for (int i = off; i < off + n && !placeholders; i++) {
            placeholders = previous == '$' && chars[i] == '{';
            previous = chars[i];
        }
    }

    private static boolean startsWithBom(byte[] b, int at, int length) {
        return length >= at + BOM.length && b[at] == BOM[0] && b[at + 1] == BOM[1] && b[at + 2] == BOM[2];
    }

    /** The same failure {@link MigrationFiles#read} reports, its line counted by reading the file up to it again. */
    private MigrateException notUtf8(long at) {
        long line = 1;
        try (InputStream again = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            long seen = 0;
            for (int n = again.read(buf); n > 0 && seen < at; n = again.read(buf)) {
                for (int i = 0; i < n && seen < at; i++, seen++) {
                    if (buf[i] == '\n') {
                        line++;
                    }
                }
            }
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        return new MigrateException(
                ErrorCode.VALIDATION,
                file.getFileName() + " is not valid UTF-8: byte "
                        + (at + 1) + " (line " + line + ") cannot be read; nothing was changed (save " + file
                        + " as UTF-8)");
    }

    private static MigrateException cannotRead(Path file, IOException e) {
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                "could not read " + file + ": " + e.getMessage()
                        + "; nothing was changed (check that the file exists and is readable)",
                e);
    }
}
