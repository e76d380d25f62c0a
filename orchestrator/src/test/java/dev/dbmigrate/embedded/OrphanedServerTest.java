package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.testing.TestPostgres;
import dev.dbmigrate.testing.TestServerMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An embedded server whose owner is gone (its JVM was killed with {@code kill -9}, or ended without stopping it) is
 * not reused forever: the next start takes it over and stops it at its end, or stops it when it runs on a deleted
 * data folder.
 */
@Tag("postgres")
@Tag("process")
class OrphanedServerTest {
    private final List<Path> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (Path root : created) {
            if (Files.exists(root.resolve("data/postmaster.pid"))) {
                EmbeddedPostgres.start(
                                EmbeddedPostgres.Options.forData(root.resolve("data"))
                                        .withPassword(TestPostgres.PASSWORD),
                                line -> {})
                        .stop();
            }
            BundleCache.deleteTree(root);
        }
    }

    private Path newRoot() throws IOException {
        Path root = Path.of("target", "orphan-test-" + System.nanoTime()).toAbsolutePath();
        created.add(root);
        return Files.createDirectories(root);
    }

    @Test
    void aServerWhoseOwnerIsGoneIsTakenOverAndStoppedByTheNextRun() throws Exception {
        Path root = newRoot();
        long postmaster = orphanedServer(root);
        List<String> log = new ArrayList<>();
        try (EmbeddedPostgres next = EmbeddedPostgres.start(
                EmbeddedPostgres.Options.forData(root.resolve("data")).withPassword(TestPostgres.PASSWORD), log::add)) {
            assertTrue(next.startedHere(), "the orphan is this run's to stop: " + log);
            assertTrue(
                    log.stream()
                            .anyMatch(l -> l.startsWith("Taking over the embedded PostgreSQL server running on"
                                            + " port " + next.port() + " (pid " + postmaster + ") with data in "
                                            + root.resolve("data")
                                            + ": the run that started it (process ")
                                    && l.endsWith(") is gone; this run stops it when it" + " ends")),
                    log::toString);
            next.connect("postgres").close();
        }
        assertGone(postmaster);
    }

    @Test
    void aServerOnADeletedDataFolderIsStoppedByTheNextStart() throws Exception {
        Path root = newRoot();
        long postmaster = orphanedServer(root);
        BundleCache.deleteTree(root.resolve("data")); // mvn clean while it ran
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "it runs on");
        List<String> log = new ArrayList<>();
        EmbeddedPostgres.Options other =
                new EmbeddedPostgres.Options(root.resolve("other"), root, TestPostgres.PASSWORD, false);
        try (EmbeddedPostgres next = EmbeddedPostgres.start(other, log::add)) {
            assertTrue(
                    log.stream()
                            .anyMatch(l -> l.matches("Stopped the embedded PostgreSQL server on port \\d+ \\(pid "
                                    + postmaster + "\\): its data folder .*data was deleted while it ran")),
                    log::toString);
        }
        assertGone(postmaster);
    }

    @Test
    void theRunThatStartedAServerStopsItEvenWhenItsDataFolderWasDeleted() throws Exception {
        Path root = newRoot();
        EmbeddedPostgres server = EmbeddedPostgres.start(
                new EmbeddedPostgres.Options(root.resolve("data"), root, TestPostgres.PASSWORD, false), line -> {});
        long postmaster = Long.parseLong(
                Files.readAllLines(root.resolve("data/postmaster.pid")).get(0).strip());
        BundleCache.deleteTree(root.resolve("data"));
        server.close();
        assertGone(postmaster);
    }

    @Test
    void anEmbeddedRunKilledWithSigkillLeavesAServerTheNextCliRunTakesOverAndStops() throws Exception {
        Path project = newRoot();
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__slow.sql"), "select pg_sleep(1);\n");
        Path data = project.resolve("target/migrate/embedded/data");
        Process cli = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        MigrateCli.class.getName(),
                        "upgrade",
                        "--project-dir",
                        project.toString())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve("cli.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Long postmaster = null;
        while (System.nanoTime() < deadline && cli.isAlive() && postmaster == null) {
            List<String> pid = Files.exists(data.resolve("postmaster.pid"))
                    ? Files.readAllLines(data.resolve("postmaster.pid"))
                    : List.of();
            if (pid.size() > 7
                    && pid.get(7).strip().equals("ready")
                    && ServerOwners.inUse(
                            Long.parseLong(pid.get(0).strip()),
                            Integer.parseInt(pid.get(3).strip()))) {
                postmaster = Long.valueOf(pid.get(0).strip());
            }
            Thread.sleep(20);
        }
        assertTrue(
                postmaster != null,
                "the run connected to its embedded server:\n" + Files.readString(project.resolve("cli.log")));
        cli.destroyForcibly().waitFor(); // kill -9: no shutdown hook runs
        // the server finishes what it received, then its session ends
        int port = Integer.parseInt(
                Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
        while (ServerOwners.inUse(postmaster, port) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "the orphan runs on");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MigrateCli.run(
                new String[] {"current", "--project-dir", project.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of());
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.contains("Taking over the embedded PostgreSQL server running on port "), output);
        assertTrue(output.contains("this run stops it when it ends"), output);
        assertGone(postmaster);
    }

    @Test
    void anUnrecordedServerOnADeletedDataFolderIsStoppedBeforeANewClusterIsInitialisedAtTheSamePath() throws Exception {
        Path root = newRoot();
        long postmaster = orphanedServer(root);
        // a run killed while its server started leaves no complete record; rm -rf target while the orphan runs
        try (var records = Files.list(root.resolve("servers"))) {
            for (Path record : records.toList()) {
                Files.delete(record);
            }
        }
        BundleCache.deleteTree(root.resolve("data"));
        List<String> log = new ArrayList<>();
        EmbeddedPostgres.Options same =
                EmbeddedPostgres.Options.forData(root.resolve("data")).withPassword(TestPostgres.PASSWORD);
        try (EmbeddedPostgres next = EmbeddedPostgres.start(same, log::add)) {
            assertTrue(
                    log.contains("Stopped a PostgreSQL server (pid " + postmaster + ") that no run owns,"
                            + " running on a deleted data folder " + root.resolve("data")
                            + " (its files were removed while it"
                            + " ran), before starting the embedded server there"),
                    log::toString);
            assertTrue(
                    log.indexOf(log.stream()
                                    .filter(l -> l.startsWith("Stopped a PostgreSQL"))
                                    .findFirst()
                                    .orElseThrow())
                            < log.indexOf(log.stream()
                                    .filter(l -> l.startsWith("Initialised a new"))
                                    .findFirst()
                                    .orElseThrow()),
                    "stopped before the new cluster was initialised: " + log);
            assertGone(postmaster);
            try (var c = next.connect("postgres");
                    var s = c.createStatement()) {
                s.execute("create table kept (id int)");
                s.execute("insert into kept values (1)");
            }
        }
        // the new cluster stays healthy: it restarts and has its data (the orphan wrote nothing into it)
        try (EmbeddedPostgres again = EmbeddedPostgres.start(same, line -> {});
                var c = again.connect("postgres");
                var s = c.createStatement();
                var rs = s.executeQuery("select count(*) from kept")) {
            assertTrue(again.startedHere());
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aPostmasterOnTheDataFolderThatItsPidFileDoesNotNameIsStoppedBeforeASecondStartsThere() throws Exception {
        Path root = newRoot();
        long postmaster = orphanedServer(root);
        try (var records = Files.list(root.resolve("servers"))) {
            for (Path record : records.toList()) {
                Files.delete(record);
            }
        }
        Files.delete(root.resolve("data/postmaster.pid")); // pg_ctl now sees no server there
        List<String> log = new ArrayList<>();
        try (EmbeddedPostgres next = EmbeddedPostgres.start(
                EmbeddedPostgres.Options.forData(root.resolve("data")).withPassword(TestPostgres.PASSWORD), log::add)) {
            assertTrue(
                    log.contains("Stopped a PostgreSQL server (pid " + postmaster + ") that no run owns, running on "
                            + root.resolve("data") + " without naming itself in its postmaster.pid, before starting the"
                            + " embedded server there"),
                    log::toString);
            assertGone(postmaster);
            assertTrue(next.startedHere());
            next.connect("postgres").close();
        }
    }

    @Test
    void theOwnerIsRecordedBeforeTheServerStartsSoARunKilledMeanwhileLeavesARecord() throws Exception {
        Path root = newRoot();
        ServerOwners owners = ServerOwners.in(root);
        List<Boolean> recordedAtInitdb = new ArrayList<>();
        try (EmbeddedPostgres server = EmbeddedPostgres.start(
                new EmbeddedPostgres.Options(root.resolve("data"), root, TestPostgres.PASSWORD, false), line -> {
                    if (line.startsWith("Initialised a new embedded PostgreSQL cluster")) {
                        recordedAtInitdb.add(owners.of(root.resolve("data"))
                                .filter(ServerOwners.Entry::provisional)
                                .filter(e ->
                                        e.ownerPid() == ProcessHandle.current().pid())
                                .isPresent());
                    }
                })) {
            assertEquals(List.of(true), recordedAtInitdb, "a provisional record existed before pg_ctl start");
            long postmaster = Long.parseLong(Files.readAllLines(root.resolve("data/postmaster.pid"))
                    .get(0)
                    .strip());
            assertEquals(
                    postmaster, owners.of(root.resolve("data")).orElseThrow().postmasterPid(), "then completed");
        }
    }

    @Test
    void aServerWhoseRunWasKilledBeforeItsRecordWasCompletedIsStoppedByTheNextStart() throws Exception {
        Path root = newRoot();
        long postmaster = orphanedServer(root);
        // the record as a run killed between 'pg_ctl start' and its completion leaves it: no postmaster known
        ServerOwners owners = ServerOwners.in(root);
        Path record = owners.of(root.resolve("data")).orElseThrow().file();
        String text = Files.readString(record)
                .replaceAll("postmasterPid=\\d+", "postmasterPid=0")
                .replaceAll("(?m)^port=\\d+", "port=0");
        Files.writeString(record, text);
        assertTrue(owners.of(root.resolve("data")).orElseThrow().provisional());
        List<String> log = new ArrayList<>();
        try (EmbeddedPostgres other = EmbeddedPostgres.start(
                new EmbeddedPostgres.Options(root.resolve("other"), root, TestPostgres.PASSWORD, false), log::add)) {
            assertTrue(
                    log.stream()
                            .anyMatch(l -> l.startsWith("Stopped the orphaned embedded PostgreSQL server (pid "
                                            + postmaster + ") with data in " + root.resolve("data")
                                            + ": the run that started it (process ")
                                    && l.endsWith(") was killed before it recorded the server")),
                    log::toString);
        }
        assertGone(postmaster);
        assertTrue(owners.of(root.resolve("data")).isEmpty(), "the record is gone with its server");
    }

    /** Starts a server from another JVM that ends without stopping it, as a killed run leaves one; its pid. */
    private static long orphanedServer(Path root) throws Exception {
        Process owner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        TestServerMain.class.getName(),
                        "start",
                        root.toString(),
                        root.resolve("it.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("owner.log").toFile())
                .start();
        assertEquals(0, owner.waitFor(), Files.readString(root.resolve("owner.log")));
        long postmaster = Long.parseLong(
                Files.readAllLines(root.resolve("data/postmaster.pid")).get(0).strip());
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
        return postmaster;
    }

    private static void assertGone(long postmaster) {
        ProcessHandle.of(postmaster)
                .ifPresent(p ->
                        p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        assertFalse(
                ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the orphaned server (pid " + postmaster + ") was stopped");
    }
}
