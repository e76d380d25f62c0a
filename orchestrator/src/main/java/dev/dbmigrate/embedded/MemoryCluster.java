package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Folders;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A throwaway copy of a stopped cluster in memory, for a server whose databases nobody keeps (the scratch server): the
 * catalog files its DDL creates and deletes by the thousand then never touch a disk, which makes building a schema
 * about three times faster than on ext4. The copy lives in a folder of its own under {@code /dev/shm} (or the folder
 * {@value #ENV} names), made for one run and deleted when it closes; a folder a killed run left behind is deleted by
 * the next run's {@link #sweep}. The cluster it copies stays on disk, untouched, so only the first run pays for
 * {@code initdb}. Where there is no such folder, or too little room in it, the server runs on disk as before.
 */
public final class MemoryCluster implements AutoCloseable {
    /** The environment variable: unset for {@code /dev/shm}, {@code off} for the disk, or another memory folder. */
    public static final String ENV = "MIGRATE_SCRATCH_MEMORY";

    static final String PREFIX = "migrate-scratch-";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    /** The room a copy leaves free at least: the databases built in it grow. */
    private static final long MIN_FREE = 1L << 30;
    /** Left out of the copy: a server's own state (its pid, its log), not the cluster's. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "server.log");
    /** How old a folder without its owner's record may be before it counts as left behind. */
    private static final Duration UNRECORDED = Duration.ofMinutes(1);

    private final Path folder;
    private final Consumer<String> log;

    private MemoryCluster(Path folder, Consumer<String> log) {
        this.folder = folder;
        this.log = log;
    }

    /**
     * A copy of the stopped cluster in {@code template}, in the memory folder {@value #ENV} names ({@code /dev/shm}
     * when unset), or empty when the server should run on {@code template} itself: {@value #ENV} is {@code off}, there
     * is no memory folder, it has too little room, or a server runs on the template. A cluster whose server was killed
     * (its pid file names a process that is gone) is copied as it is: the server on the copy recovers it.
     *
     * @throws MigrateException when {@value #ENV} names a folder that does not exist or cannot be written
     */
    public static Optional<MemoryCluster> copy(Path template, Consumer<String> log) {
        return root(System.getenv(ENV)).flatMap(root -> copy(template, root, MIN_FREE, log));
    }

    /** The memory folder {@code setting} (the value of {@value #ENV}) asks for, or empty for the disk. */
    static Optional<Path> root(String setting) {
        String value = setting == null ? "" : setting.strip();
        if (value.isEmpty()) {
            return Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                    ? Optional.of(SHARED_MEMORY)
                    : Optional.empty();
        }
        if (Set.of("off", "false", "no", "disk").contains(value.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Path folder = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    ENV + " = '" + value + "' is not a folder this user can write to; nothing was done (name a"
                            + " memory-backed folder such as /dev/shm, unset it for /dev/shm, or set it to off to keep"
                            + " the scratch server's databases on disk)");
        }
        return Optional.of(folder);
    }

    static Optional<MemoryCluster> copy(Path template, Path root, long minFree, Consumer<String> log) {
        sweep(root, log);
        if (PidFile.live(template)) {
            log.accept("The scratch cluster " + template + " is in use by a server: this run works on it on disk");
            return Optional.empty();
        }
        Path folder = null;
        try {
            long size = size(template);
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < Math.max(minFree, 4 * size)) {
                log.accept("The scratch cluster stays on disk: " + root + " has " + free / (1 << 20) + " MB free, "
                        + Math.max(minFree, 4 * size) / (1 << 20) + " MB are wanted");
                return Optional.empty();
            }
            long began = System.nanoTime();
            folder = Files.createTempDirectory(root, PREFIX);
            if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
                // under root the server runs as another user, who must be able to enter this folder
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(folder.resolve("owner"), ownerRecord());
            copyTree(template, folder.resolve("data"));
            log.accept("Copied the scratch cluster " + template + " into memory (" + folder + ") in "
                    + (System.nanoTime() - began) / 1_000_000 + " ms");
            return Optional.of(new MemoryCluster(folder, log));
        } catch (IOException | RuntimeException e) {
            if (folder != null) {
                Folders.deleteQuietly(folder);
            }
            log.accept("The scratch cluster stays on disk: it could not be copied into " + root + " (" + e.getMessage()
                    + ")");
            return Optional.empty();
        }
    }

    /** The data folder of the copy. */
    public Path dataDir() {
        return folder.resolve("data");
    }

    /**
     * Deletes the copy once its server is down (a server still running on it is left, and its folder is deleted by a
     * later {@link #sweep}); folders that killed runs left behind go too.
     */
    @Override
    public void close() {
        if (!PidFile.live(dataDir())) {
            Folders.deleteQuietly(folder);
        }
        sweep(folder.getParent(), log);
    }

    /**
     * Deletes the copies in {@code root} that nobody uses: made by this user, their run gone (killed before it could
     * delete its copy), and no server running on them.
     */
    static void sweep(Path root, Consumer<String> log) {
        String me = System.getProperty("user.name");
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                        && Files.getOwner(folder).getName().equals(me)
                        && abandoned(folder)
                        && !PidFile.live(folder.resolve("data"))) {
                    Folders.deleteQuietly(folder);
                    log.accept("Deleted " + folder + ": a scratch cluster in memory that a killed run left behind");
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to sweep, or not now: the next run tries again
        }
    }

    /** True when the run that made {@code folder} is gone (or never recorded itself and the folder is not new). */
    private static boolean abandoned(Path folder) throws IOException {
        Path owner = folder.resolve("owner");
        if (!Files.isRegularFile(owner)) {
            return Files.getLastModifiedTime(folder)
                    .toInstant()
                    .isBefore(Instant.now().minus(UNRECORDED));
        }
        List<String> fields = List.of(Files.readString(owner).strip().split(" ", 2));
        try {
            return !ServerOwners.alive(Long.parseLong(fields.get(0)), fields.size() > 1 ? fields.get(1) : "");
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** This process: its pid and when it started, as {@link ServerOwners#alive} checks them. */
    private static String ownerRecord() {
        long me = ProcessHandle.current().pid();
        return me + " " + ServerOwners.start(me) + "\n";
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    /** Copies {@code from} to {@code to} with owners and permissions (the server's user owns the cluster). */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, to.resolve(from.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!(file.getParent().equals(from)
                        && NOT_COPIED.contains(file.getFileName().toString()))) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
