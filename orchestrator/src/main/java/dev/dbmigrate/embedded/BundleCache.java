package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.FilterProcess;
import dev.dbmigrate.support.Folders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The unpacked copies of PostgreSQL bundles in a cache folder: {@code migrate-postgres-<size>-<crc>/}, named after
 * what the bundle holds, with a {@code .complete} marker naming the jar it came from, unpacked into a staging folder
 * and moved into place at once, so a concurrent build or a killed one never leaves a half copy in use.
 */
final class BundleCache {
    private static final String PREFIX = "migrate-postgres-";
    private static final String STAGING = PREFIX + "unpacking-";
    private static final String MARKER = ".complete";

    private BundleCache() {}

    /**
     * A complete copy in {@code cacheRoot} unpacked from the jar {@code jarName} (by the Maven plugin, or an earlier
     * run), if any.
     */
    static Optional<PostgresBinaries> unpacked(Path cacheRoot, String jarName) {
        if (!Files.isDirectory(cacheRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> copies = Files.list(cacheRoot)) {
            return copies.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && !p.getFileName().toString().startsWith(STAGING))
                    .filter(p -> jarName.equals(marker(p)) && PostgresBinaries.holdsServer(p.resolve("bin")))
                    .sorted()
                    .findFirst()
                    .map(p -> new PostgresBinaries(p.resolve("bin"), origin(jarName, p)));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The unpacked copy of {@code bundle} (the archive in a jar, or a file), unpacked into {@code cacheRoot} first when
     * it is not there or incomplete.
     */
    static PostgresBinaries unpack(URL bundle, Path cacheRoot, Consumer<String> log) {
        Path target = cacheRoot.resolve(PREFIX + cacheKey(bundle));
        Path bin = target.resolve("bin");
        PostgresBinaries binaries = new PostgresBinaries(bin, origin(describe(bundle), target));
        if (Files.isRegularFile(target.resolve(MARKER))) {
            if (PostgresBinaries.holdsServer(bin)) {
                return binaries;
            }
            // a cleaner of temporary files took part of it: unpack it again
            log.accept("The unpacked PostgreSQL binaries in " + target + " are incomplete; unpacking them again");
            deleteTree(target);
        }
        log.accept("Unpacking PostgreSQL binaries " + describe(bundle) + " into " + target);
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, STAGING);
            extract(bundle, staging);
            openDirectories(staging);
            Files.writeString(staging.resolve(MARKER), describe(bundle));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
                // Another build unpacked the same bundle meanwhile; its copy is as good as ours.
                deleteTree(staging);
            }
            permit(cacheRoot.resolve(target.getFileName()), "rwxr-xr-x");
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not unpack the PostgreSQL binaries "
                            + describe(bundle) + " into " + target + ": " + e.getMessage()
                            + " (check that the folder is writable and the disk has room)",
                    e);
        }
        return binaries;
    }

    private static String origin(String jarName, Path copy) {
        return "embedded binaries " + jarName + " in " + copy;
    }

    private static String marker(Path copy) {
        try {
            return Files.readString(copy.resolve(MARKER)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The name of the bundle's unpacked copy: from what the bundle holds (its size and CRC-32, which a jar records
     * for each entry), not from where it is, so the Maven plugin (the bundle in the binaries' own jar in
     * {@code ~/.m2}) and a test (the same jar on its class path) share one copy.
     */
    static String cacheKey(URL bundle) {
        try {
            var connection = bundle.openConnection();
            if (connection instanceof java.net.JarURLConnection jar) {
                jar.setUseCaches(false);
                var entry = jar.getJarEntry();
                if (entry != null && entry.getCrc() >= 0) {
                    try {
                        return Long.toHexString(entry.getSize()) + "-" + Long.toHexString(entry.getCrc());
                    } finally {
                        jar.getJarFile().close();
                    }
                }
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            long size = 0;
            try (InputStream in = bundle.openStream()) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    crc.update(buffer, 0, n);
                    size += n;
                }
            }
            return Long.toHexString(size) + "-" + Long.toHexString(crc.getValue());
        } catch (IOException e) {
            return Integer.toHexString((bundle.toString() + "#" + size(bundle)).hashCode());
        }
    }

    private static void extract(URL bundle, Path staging) throws IOException {
        Optional<Path> xz = nativeXz();
        if (xz.isPresent()) {
            // the machine's xz decompresses about twice as fast as the Java decoder (0.7 s instead of 1.2 s for
            // the PostgreSQL 15 bundle); on any trouble the Java decoder does it all again
            try (FilterProcess decompressing =
                    FilterProcess.start(List.of(xz.get().toString(), "-dc"), bundle.openStream())) {
                untar(decompressing.output(), staging);
                decompressing.finish(Duration.ofMinutes(2)); // reads the archive's end padding, so xz ends cleanly
                return;
            } catch (IOException e) {
                deleteTree(staging);
                Files.createDirectories(staging);
            }
        }
        try (InputStream in = new BufferedInputStream(bundle.openStream())) {
            untar(new XZCompressorInputStream(in), staging);
        }
    }

    /**
     * Writes the entries of a tar stream under {@code staging}, keeping symbolic links and the executable bit. The
     * stream is left open (its owner closes it).
     */
    @SuppressWarnings("resource")
    private static void untar(InputStream tarStream, Path staging) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path out = staging.resolve(entry.getName()).normalize();
            if (!out.startsWith(staging)) {
                throw new IOException("archive entry escapes its folder: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(out.getParent());
                Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                boolean executable = (entry.getMode() & 0100) != 0;
                permit(out, executable ? "rwxr-xr-x" : "rw-r--r--");
            }
        }
    }

    /** The machine's {@code xz} program on the PATH, if any. */
    private static Optional<Path> nativeXz() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, "xz");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static void openDirectories(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    permit(p, "rwxr-xr-x");
                }
            }
        }
    }

    /** Sets POSIX permissions where the file system has them (not on Windows, whose default ACLs serve). */
    private static void permit(Path path, String permissions) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    static void deleteTree(Path root) {
        Folders.deleteQuietly(root); // best effort: a leftover staging folder is harmless
    }

    private static long size(URL bundle) {
        try {
            return bundle.openConnection().getContentLengthLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String describe(URL bundle) {
        String s = bundle.toString();
        int bang = s.indexOf("!/");
        String jar = bang > 0 ? s.substring(0, bang) : s;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }
}
