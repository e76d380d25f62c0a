package dev.dbmigrate.backup;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The SHA-256 of a backup, recorded beside it in {@code <name>.sha256} in {@code sha256sum}'s format, so a restore
 * refuses an archive that was changed or damaged after it was written.
 */
final class BackupChecksum {
    private BackupChecksum() {}

    /**
     * The SHA-256 of a file, or of a folder: its files in sorted order of their relative names, each contributing its
     * name, a NUL byte and its content.
     */
    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(p -> relativeName(path, p)))
                        .toList();
            }
            for (Path file : files) {
                digest.update(relativeName(path, file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                update(digest, file);
            }
        } else {
            update(digest, path);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The content of the checksum file of the backup {@code name}. */
    static String line(String sha256, String name) {
        return sha256 + "  " + name + "\n";
    }

    /** The hex digest in a {@code sha256sum}-style file, or {@code null} when the file is missing or empty. */
    static String recorded(Path file) throws IOException {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                return null;
            }
            return content.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Refuses a backup whose content does not match its {@code .sha256}, or that has none. */
    static void verify(BackupFile backup) {
        Path file = backup.checksumFile();
        String expected;
        try {
            expected = recorded(file);
        } catch (IOException e) {
            expected = null;
        }
        if (expected == null) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "cannot restore " + backup.path() + ": its checksum file "
                            + file
                            + " is missing or empty, so the backup cannot be verified; the database was not touched "
                            + "(restore another backup, or recreate the checksum with sha256sum only if you know the "
                            + "archive is intact)");
        }
        String actual;
        try {
            actual = sha256(backup.path());
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "cannot restore " + backup.path() + ": it cannot be read (" + e.getMessage()
                            + "); the database was not touched (restore another backup)",
                    e);
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "cannot restore " + backup.path() + ": its SHA-256 is "
                            + actual + " but " + file.getFileName() + " expects " + expected
                            + ", so the backup was changed "
                            + "or damaged after it was written; the database was not touched (restore another backup)");
        }
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
