package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
    @TempDir
    Path temp;
    /** Folders under target/ these tests created (a data folder, with the binaries beside it for the first test). */
    private final List<Path> created = new ArrayList<>();

    @AfterEach
    void deleteWhatTheTestsCreated() {
        created.forEach(TestPostgres::deleteData);
    }

    /** A new data folder under target/ (the server's user must be able to reach it; JUnit's temp folders are 0700). */
    private Path newDataFolder() {
        Path root = Path.of("target", "embedded-test-" + System.nanoTime()).toAbsolutePath();
        created.add(root);
        return root.resolve("data");
    }

    /** Options that unpack the binaries into the folder the other tests' servers use, so they are unpacked once. */
    private static EmbeddedPostgres.Options sharedBinaries(Path data) {
        return new EmbeddedPostgres.Options(
                data, Path.of("target", "test-postgres").toAbsolutePath(), null, true);
    }

    /** Binaries that came from no bundle (MIGRATE_POSTGRES_BIN, the machine's) tell their major by pg_ctl --version. */
    @Tag("postgres")
    @Tag("process")
    @Test
    void binariesOfUnknownOriginTellTheirMajorVersionThroughPgCtl() {
        PostgresBinaries bundled =
                PostgresBinaries.locate(Path.of("target", "test-postgres").toAbsolutePath(), null, l -> {});
        assertEquals(java.util.Optional.of(15), bundled.knownMajor());
        PostgresBinaries unknown = new PostgresBinaries(bundled.binDir(), "binaries of a folder");
        assertEquals(java.util.Optional.empty(), unknown.knownMajor());
        assertEquals(
                java.util.Optional.of(15),
                ServerTools.forThisUser(unknown, l -> {}).major());
    }

    /**
     * A data folder made by another major version (its PG_VERSION) is refused before anything is started, stopped or
     * written, naming both versions, the folder and the two ways out.
     */
    @Tag("postgres")
    @Tag("process")
    @Test
    void aDataFolderOfAnotherMajorIsRefusedAndLeftUntouched() throws Exception {
        Path data = Files.createDirectories(newDataFolder());
        Files.writeString(data.resolve("PG_VERSION"), "14\n");
        List<String> log = new ArrayList<>();
        MigrateException byDefault =
                assertThrows(MigrateException.class, () -> EmbeddedPostgres.start(sharedBinaries(data), log::add));
        assertEquals(ErrorCode.CONFIGURATION, byDefault.code());
        String binaries = PostgresBinaries.locate(
                        Path.of("target", "test-postgres").toAbsolutePath(), null, l -> {})
                .origin();
        assertEquals(
                "the embedded database's data folder " + data + " was made by PostgreSQL 14 (its PG_VERSION), but"
                        + " this run's embedded server is PostgreSQL 15 (the default), " + binaries + "; a server"
                        + " cannot open another major version's data, so nothing was started or changed (run with"
                        + " -Dmigrate.embeddedVersion=14 to keep this data, or delete the folder " + data + " to"
                        + " start an empty PostgreSQL 15 database)",
                byDefault.getMessage());

        Files.writeString(data.resolve("PG_VERSION"), "16\n");
        MigrateException asked = assertThrows(
                MigrateException.class,
                () -> EmbeddedPostgres.start(sharedBinaries(data).withVersion(EmbeddedVersion.parse("15")), log::add));
        assertTrue(
                asked.getMessage()
                        .contains("was made by PostgreSQL 16 (its PG_VERSION), but this run's embedded server is"
                                + " PostgreSQL 15 (-Dmigrate.embeddedVersion=15)"),
                asked.getMessage());
        try (var left = Files.list(data)) {
            assertEquals(List.of(data.resolve("PG_VERSION")), left.toList(), "nothing was written");
        }
    }

    @Tag("postgres")
    @Test
    void dataSurvivesAStopAndTheSecondStartReusesTheCluster() throws Exception {
        Path data = newDataFolder();
        List<String> log = new ArrayList<>();
        try (EmbeddedPostgres first = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add)) {
            assertTrue(first.startedHere());
            try (Connection c = first.connect("postgres")) {
                c.createStatement().execute("create table kept(id int)");
                c.createStatement().execute("insert into kept values (42)");
            }
        }
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("Initialised a new embedded PostgreSQL cluster")),
                log::toString);
        log.clear();
        try (EmbeddedPostgres second = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add);
                Connection c = second.connect("postgres")) {
            ResultSet rs = c.createStatement().executeQuery("select id from kept");
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
            assertFalse(log.stream().anyMatch(l -> l.startsWith("Initialised")), log::toString);
            // a third start while the second runs attaches instead of starting another server
            try (EmbeddedPostgres third = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add)) {
                assertFalse(third.startedHere());
                assertEquals(second.port(), third.port());
            }
            assertTrue(c.isValid(2), "closing an attached instance must not stop the server");
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server that started it stops it");
    }

    @Tag("postgres")
    @Test
    void theLogSaysHowLongTheStartTookAndTheStopWaitsForTheServer() throws Exception {
        Path data = newDataFolder();
        List<String> log = new ArrayList<>();
        EmbeddedPostgres server = EmbeddedPostgres.start(sharedBinaries(data), log::add);
        assertTrue(
                log.stream()
                        .anyMatch(l ->
                                l.matches("Initialised a new embedded PostgreSQL cluster in .* \\(initdb: \\d+ ms\\)")),
                log::toString);
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.matches("Started embedded PostgreSQL \\(.*\\) on 127\\.0\\.0\\.1:"
                                + server.port() + " with data in .*: ready in \\d+ ms")),
                log::toString);
        try (Connection c = server.connect("postgres")) {
            assertTrue(c.isValid(2), "ready means it accepts connections");
        }
        server.close();
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "stop returns once the server is down");
        assertFalse(PidFile.ready(data, server.port()));
    }

    @Tag("postgres")
    @Test
    void aStalePidFileOfAKilledServerIsNotTakenForAReadyServerAndTheNextStartRecovers() throws Exception {
        Path data = newDataFolder();
        List<String> log = new ArrayList<>();
        EmbeddedPostgres first = EmbeddedPostgres.start(sharedBinaries(data), log::add);
        try (Connection c = first.connect("postgres")) {
            c.createStatement().execute("create table kept(id int)");
            c.createStatement().execute("insert into kept values (7)");
        }
        assertTrue(PidFile.ready(data, first.port()));
        long pid = Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = postmaster.children().toList();
        postmaster.destroyForcibly();
        postmaster.onExit().get();
        // its children notice and end; until they have, they hold the shared memory the next server needs
        for (ProcessHandle child : children) {
            child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        // what a crash leaves: postmaster.pid saying "ready" for a process that is gone
        assertTrue(Files.exists(data.resolve("postmaster.pid")));
        assertFalse(PidFile.ready(data, first.port()), "a dead postmaster is not ready");

        try (EmbeddedPostgres second = EmbeddedPostgres.start(sharedBinaries(data), log::add);
                Connection c = second.connect("postgres")) {
            assertTrue(second.startedHere());
            ResultSet rs = c.createStatement().executeQuery("select id from kept");
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
        }
    }

    @Tag("postgres")
    @Test
    void theBinariesAreUnpackedOnceIntoTheSharedCacheAndAgainWhenPartOfThemIsGone() throws Exception {
        Path root = Path.of("target", "cache-test-" + System.nanoTime()).toAbsolutePath();
        created.add(root);
        List<String> log = new ArrayList<>();
        Path cache = PostgresBinaries.sharedCache(
                        java.util.Map.of(PostgresBinaries.CACHE_ENV, root.toString()), log::add)
                .orElseThrow();
        assertEquals(root, cache, "MIGRATE_CACHE_DIR names the cache");
        assertTrue(log.isEmpty(), log::toString);
        PostgresBinaries first = PostgresBinaries.locate(cache, null, log::add);
        assertTrue(first.binDir().startsWith(root), first.binDir().toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Unpacking PostgreSQL binaries")), log::toString);
        log.clear();
        // a second project (another data folder) finds them unpacked
        PostgresBinaries second = PostgresBinaries.locate(cache, null, log::add);
        assertEquals(first.binDir(), second.binDir());
        assertTrue(log.isEmpty(), log::toString);
        // what a cleaner of temporary files may leave: the marker without the programs
        Files.delete(first.tool("postgres"));
        PostgresBinaries third = PostgresBinaries.locate(cache, null, log::add);
        assertTrue(log.stream().anyMatch(l -> l.endsWith("are incomplete; unpacking them again")), log::toString);
        assertTrue(Files.isExecutable(third.tool("postgres")));
    }

    @Test
    void aCacheFolderThatCannotBeMadeIsNotUsedAndTheReasonNamesWhatIsInTheWayAndTheFix() throws Exception {
        Path file = temp.resolve("not-a-folder");
        Files.writeString(file, "a file where the cache's parent folder would be");
        Path cache = file.resolve("migrate");
        List<String> refusal = new ArrayList<>();
        assertTrue(PostgresBinaries.sharedCache(
                        java.util.Map.of(PostgresBinaries.CACHE_ENV, cache.toString()), refusal::add)
                .isEmpty());
        assertEquals(
                List.of("the binary cache " + cache + " cannot be used (" + file + " is a file, not a folder; set"
                        + " MIGRATE_CACHE_DIR to a folder you can write), so it is not used"),
                refusal);
    }

    @Test
    void theDefaultCacheIsPerUserAndAsRootOnlyAFolderRootOwns() throws Exception {
        List<String> refusal = new ArrayList<>();
        if (!ServerTools.runningAsRoot()) {
            Path xdg = Path.of("target", "xdg-" + System.nanoTime()).toAbsolutePath();
            created.add(xdg);
            assertEquals(
                    xdg.resolve("migrate"),
                    PostgresBinaries.sharedCache(java.util.Map.of("XDG_CACHE_HOME", xdg.toString()), refusal::add)
                            .orElseThrow());
            assertEquals(
                    Path.of(System.getProperty("user.home"), ".cache", "migrate"),
                    PostgresBinaries.sharedCache(java.util.Map.of(), refusal::add)
                            .orElseThrow());
            return;
        }
        // as root, under the temporary folder: refused when somebody else made the folder
        String tmp = System.getProperty("java.io.tmpdir");
        Path fakeTmp = Path.of("target", "tmp-" + System.nanoTime()).toAbsolutePath();
        created.add(fakeTmp);
        Files.createDirectories(fakeTmp);
        try {
            System.setProperty("java.io.tmpdir", fakeTmp.toString());
            Path cache = PostgresBinaries.sharedCache(
                            java.util.Map.of("XDG_CACHE_HOME", "/ignored-as-root"), refusal::add)
                    .orElseThrow();
            assertEquals(fakeTmp.resolve("migrate-cache-root"), cache);
            assertEquals(
                    "rwxr-xr-x",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)),
                    "the server's unprivileged user must reach the binaries");
            Files.setOwner(
                    cache, cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            assertTrue(refusal.isEmpty(), refusal::toString);
            assertTrue(
                    PostgresBinaries.sharedCache(java.util.Map.of(), refusal::add)
                            .isEmpty(),
                    "a folder in the temporary folder that root does not own is not used");
            assertEquals(
                    List.of("the binary cache " + cache + " is not a folder of root's (owner nobody), so it is"
                            + " not used"),
                    refusal);
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
    }
}
