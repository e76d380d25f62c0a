package dev.dbmigrate.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of a migration script, as its {@code ChecksumCalculator} computes it and the history table's
 * {@code checksum} column records it: CRC-32 over the UTF-8 bytes of each line, line endings (CR, LF, CR LF) left out,
 * so it does not depend on them; one byte-order mark at the start dropped. An empty script's checksum is 0.
 *
 * <p>For a script too large to hold, the same checksum is taken as it streams by ({@link #update}): as the script is
 * valid UTF-8, in which no character but CR and LF contains their bytes, it is CRC-32 over the script's bytes without
 * its CR and LF bytes.
 */
public final class Checksum {
    private final CRC32 crc = new CRC32();

    /** Flyway's checksum of a whole script as the file holds it: a byte-order mark at its start is left out. */
    public static int of(String text) {
        return ofText(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * Flyway's checksum of a script whose byte-order mark was already left out (as {@code MigrationFiles.read}
     * returns it): Flyway leaves out one mark, so a second one counts.
     */
    public static int ofText(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /**
     * Adds the next {@code count} bytes of a UTF-8 script, CR and LF bytes left out. The caller leaves out the
     * byte-order mark at the start of the script.
     */
    public void update(byte[] bytes, int from, int count) {
        int run = from;
        for (int i = from; i < from + count; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                crc.update(bytes, run, i - run);
                run = i + 1;
            }
        }
        crc.update(bytes, run, from + count - run);
    }

    /** The checksum of the bytes added so far. */
    public int value() {
        return (int) crc.getValue();
    }
}
