package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link MemoryCluster}: the scratch server's throwaway copy of its cluster, and the sweep of copies left behind. */
class MemoryClusterTest {
    /** Folders under target/ these tests created (the server's user can reach them when the build runs as root). */
    private final List<Path> created = new ArrayList<>();

    private final List<String> log = new ArrayList<>();

    @AfterEach
    void deleteWhatTheTestsCreated() {
        created.forEach(TestPostgres::deleteData);
    }

    private Path newFolder(String hint) throws IOException {
        Path folder = Path.of("target", "memory-test-" + hint + "-" + System.nanoTime())
                .toAbsolutePath();
        created.add(folder);
        return Files.createDirectories(folder);
    }

    private static EmbeddedPostgres.Options options(Path data) {
        return new EmbeddedPostgres.Options(
                data, Path.of("target", "test-postgres").toAbsolutePath(), null, false);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p)
                            + (Files.isRegularFile(p) ? " " + p.toFile().length() : ""))
                    .sorted()
                    .toList();
        }
    }

    @Tag("postgres")
    @Tag("process")
    @Test
    void aServerRunsOnTheCopyWhileTheClusterOnDiskStaysAsItWasAndTheCopyGoesWhenItCloses() throws Exception {
        Path template = newFolder("template").resolve("data");
        Path root = newFolder("root");
        EmbeddedPostgres.initialise(options(template), log::add);
        assertTrue(Files.isRegularFile(template.resolve("PG_VERSION")), "initialised without a server");
        assertFalse(Files.exists(PidFile.of(template)), "no server was started on it");
        List<String> before = listing(template);

        MemoryCluster copy = MemoryCluster.copy(template, root, 0, log::add).orElseThrow();
        assertTrue(copy.dataDir().startsWith(root), copy.dataDir().toString());
        try (EmbeddedPostgres server = EmbeddedPostgres.start(options(template).withDataDir(copy.dataDir()), l -> {});
                Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("create table made_in_memory (id int)");
            s.execute("insert into made_in_memory values (1)");
        }
        copy.close();

        assertFalse(Files.exists(copy.dataDir().getParent()), "the copy is deleted when it closes");
        assertEquals(before, listing(template), "the cluster on disk is not touched by the copy's server");
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("Copied the scratch cluster " + template + " into memory")),
                log.toString());
    }

    @Test
    void aMemoryFolderWithTooLittleRoomLeavesTheClusterOnDisk() throws IOException {
        Path template = Files.createDirectories(newFolder("small").resolve("data"));
        Files.writeString(template.resolve("PG_VERSION"), "15\n");

        Optional<MemoryCluster> copy = MemoryCluster.copy(template, newFolder("root"), Long.MAX_VALUE, log::add);

        assertTrue(copy.isEmpty());
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.startsWith("The scratch cluster stays on disk: ")
                                && l.contains(" MB free, ")
                                && l.endsWith(" MB are wanted")),
                log.toString());
    }

    @Test
    void aClusterAServerRunsOnIsNotCopied() throws IOException {
        Path template = Files.createDirectories(newFolder("busy").resolve("data"));
        Files.writeString(template.resolve("PG_VERSION"), "15\n");
        Files.writeString(PidFile.of(template), ProcessHandle.current().pid() + "\n");
        Path root = newFolder("root");

        assertTrue(MemoryCluster.copy(template, root, 0, log::add).isEmpty());
        assertEquals(
                List.of("The scratch cluster " + template + " is in use by a server: this run works on it on disk"),
                log);
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "nothing was copied");
        }
    }

    @Test
    void aClusterWhoseServerWasKilledIsCopiedWithoutItsStalePidFile() throws Exception {
        Path template = Files.createDirectories(newFolder("killed").resolve("data"));
        Files.writeString(template.resolve("PG_VERSION"), "15\n");
        Files.writeString(PidFile.of(template), deadPid() + "\n");
        Files.writeString(template.resolve("server.log"), "the killed server's log\n");

        MemoryCluster copy =
                MemoryCluster.copy(template, newFolder("root"), 0, log::add).orElseThrow();

        assertTrue(Files.isRegularFile(copy.dataDir().resolve("PG_VERSION")));
        assertFalse(Files.exists(PidFile.of(copy.dataDir())), "the stale pid file is the dead server's, not copied");
        assertFalse(Files.exists(copy.dataDir().resolve("server.log")), "nor its log");
        copy.close();
        assertFalse(Files.exists(copy.dataDir()));
    }

    @Test
    void theSweepDeletesOnlyCopiesWhoseRunIsGoneAndOnWhichNoServerRuns() throws Exception {
        Path root = newFolder("sweep");
        long dead = deadPid();
        long me = ProcessHandle.current().pid();
        Path killedRun = copyFolder(root, "a", dead + " ");
        Path liveRun = copyFolder(
                root,
                "b",
                me + " " + ProcessHandle.current().info().startInstant().orElseThrow());
        Path serverStillUp = copyFolder(root, "c", dead + " ");
        Files.writeString(PidFile.of(serverStillUp.resolve("data")), me + "\n");
        Path justMade = copyFolder(root, "d", null);
        Path notACopy = Files.createDirectories(root.resolve("other-folder"));

        MemoryCluster.sweep(root, log::add);

        assertFalse(Files.exists(killedRun), "the copy of a killed run is deleted");
        assertTrue(Files.exists(liveRun), "a live run's copy is kept");
        assertTrue(Files.exists(serverStillUp), "a copy a server still runs on is kept, for a later sweep");
        assertTrue(Files.exists(justMade), "a copy whose run has not recorded itself yet is kept");
        assertTrue(Files.exists(notACopy));
        assertEquals(
                List.of("Deleted " + killedRun + ": a scratch cluster in memory that a killed run left behind"), log);
    }

    /** The pid of a process that has ended: what a killed run or server leaves in its records. */
    private static long deadPid() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        return finished.pid();
    }

    private static Path copyFolder(Path root, String name, String owner) throws IOException {
        Path folder = Files.createDirectories(
                        root.resolve(MemoryCluster.PREFIX + name).resolve("data"))
                .getParent();
        if (owner != null) {
            Files.writeString(folder.resolve("owner"), owner + "\n");
        }
        return folder;
    }

    @Test
    void theEnvironmentVariableChoosesTheMemoryFolderOrTheDisk() throws IOException {
        Path folder = newFolder("chosen");
        assertEquals(Optional.of(folder), MemoryCluster.root(folder.toString()));
        assertEquals(Optional.empty(), MemoryCluster.root("off"));
        assertEquals(Optional.empty(), MemoryCluster.root(" Disk "));
        assertEquals(
                Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
                        ? Optional.of(Path.of("/dev/shm"))
                        : Optional.empty(),
                MemoryCluster.root(null));

        MigrateException e = assertThrows(MigrateException.class, () -> MemoryCluster.root("/no/such/ramdisk"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "MIGRATE_SCRATCH_MEMORY = '/no/such/ramdisk' is not a folder this user can write to; nothing was done"
                        + " (name a memory-backed folder such as /dev/shm, unset it for /dev/shm, or set it to off to"
                        + " keep the scratch server's databases on disk)",
                e.getMessage());
        Path file = Files.writeString(newFolder("file").resolve("not-a-folder"), "x");
        MigrateException notAFolder = assertThrows(MigrateException.class, () -> MemoryCluster.root(file.toString()));
        assertTrue(
                notAFolder.getMessage().startsWith(MemoryCluster.ENV + " = '" + file + "' is not a folder this user"),
                notAFolder.getMessage());
    }
}
