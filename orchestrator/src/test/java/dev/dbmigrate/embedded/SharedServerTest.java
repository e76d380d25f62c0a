package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cli.MigrateCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded server of a project shared by two runs: the run that started it does not stop it under another run
 * still using it, and the run after them stops it; a run killed with {@code kill -9} does not keep its server "in use"
 * through the session the server has not yet noticed is dead.
 */
@Tag("postgres")
@Tag("process")
class SharedServerTest {
    private final List<Path> created = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor();
        }
        for (Path project : created) {
            Path data = project.resolve("target/migrate/embedded/data");
            if (Files.exists(data.resolve("postmaster.pid"))) {
                EmbeddedPostgres.start(options(project), line -> {}).stop();
            }
            BundleCache.deleteTree(project);
        }
    }

    @Test
    void theRunThatStartedTheServerLeavesItRunningWhileAnotherRunUsesItAndTheNextRunStopsIt() throws Exception {
        Path project = project("select pg_sleep(4);\n");
        Path firstLog = project.resolve("first.log");
        Process first = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FirstRun.class.getName(),
                        project.toString())
                .redirectErrorStream(true)
                .redirectOutput(firstLog.toFile())
                .start();
        children.add(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(firstLog).contains("ready") && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.readString(firstLog).contains("ready"), Files.readString(firstLog));
        long postmaster = postmaster(project);
        int port = Integer.parseInt(Files.readAllLines(project.resolve("target/migrate/embedded/data/postmaster.pid"))
                .get(3)
                .strip());
        Process second = cli(project, "upgrade");
        awaitSleeping(port, second, project);

        first.getOutputStream().close(); // the first run ends while the second one's migration runs
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertTrue(
                Files.readString(firstLog)
                        .contains(
                                "Left the embedded PostgreSQL server on port " + port
                                        + " with data in " + project.resolve("target/migrate/embedded/data")
                                        + " running: 1 other client is"
                                        + " still connected to it (another run on this project); the next run stops it once nobody uses it"),
                Files.readString(firstLog));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(project.resolve("cli.log"));
        assertEquals(0, second.exitValue(), output);
        assertFalse(output.contains("shutting down"), output);
        assertTrue(
                output.contains("Reusing the embedded PostgreSQL server already running on port " + port
                        + " with data in " + project.resolve("target/migrate/embedded/data") + " (started by process "
                        + first.pid() + ", which stops it when nobody else uses it)"),
                output);
        assertTrue(alive(postmaster), "left running for the next run");

        Process third = cli(project, "current");
        assertTrue(third.waitFor(60, TimeUnit.SECONDS));
        String next = Files.readString(project.resolve("cli.log"));
        assertEquals(0, third.exitValue(), next);
        assertTrue(
                next.contains("Taking over the embedded PostgreSQL server running on port " + port + " (pid "
                        + postmaster + ")"),
                next);
        assertTrue(next.contains("Current version: 1"), next);
        assertGone(postmaster);
    }

    /** A run that starts the project's embedded server, says {@code ready}, and ends (closing it) at end of input. */
    static final class FirstRun {
        public static void main(String[] args) throws IOException {
            EmbeddedPostgres server = EmbeddedPostgres.start(options(Path.of(args[0])), System.out::println);
            System.out.println("ready");
            System.in.readAllBytes();
            server.close();
        }
    }

    @Test
    void aServerWhoseOnlyClientIsTheSessionOfARunKilledMidMigrationIsTakenOverAndStoppedByTheVeryNextRun()
            throws Exception {
        Path project = project("select pg_sleep(30);\n");
        Process killed = cli(project, "upgrade");
        Path data = project.resolve("target/migrate/embedded/data");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Long postmaster = null;
        int port = 0;
        while (postmaster == null && killed.isAlive() && System.nanoTime() < deadline) {
            List<String> pid = Files.exists(data.resolve("postmaster.pid"))
                    ? Files.readAllLines(data.resolve("postmaster.pid"))
                    : List.of();
            if (pid.size() > 7 && pid.get(7).strip().equals("ready")) {
                port = Integer.parseInt(pid.get(3).strip());
                if (sleeping(port)) {
                    postmaster = Long.valueOf(pid.get(0).strip());
                }
            }
            Thread.sleep(50);
        }
        assertTrue(postmaster != null, "the migration ran:\n" + Files.readString(project.resolve("cli.log")));
        assertTrue(Postmasters.otherClients(postmaster, port).orElseThrow() >= 1, "the run's sessions count");
        try (Connection c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show client_connection_check_interval")) {
            assertTrue(rs.next());
            assertEquals("1s", rs.getString(1), "the server looks for a dead client every second");
        }
        killed.destroyForcibly().waitFor(); // kill -9 mid-migration: the server has not noticed yet
        assertEquals(
                0,
                Postmasters.otherClients(postmaster, port).orElseThrow(),
                "a session whose client process is gone does not count");
        assertTrue(alive(postmaster), "the orphan runs on");

        String next = cliInProcess(project, "current");
        assertTrue(
                next.contains("Taking over the embedded PostgreSQL server running on port " + port + " (pid "
                        + postmaster + ") with data in " + data + ": the run that started it (process " + killed.pid()
                        + ") is gone; this run stops it when it ends"),
                next);
        assertFalse(next.contains("left running"), next);
        assertGone(postmaster);
    }

    private Path project(String migration) throws IOException {
        Path project =
                Path.of("target", "shared-server-test-" + System.nanoTime()).toAbsolutePath();
        created.add(project);
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__slow.sql"), migration);
        return project;
    }

    /** The options the goals start the project's embedded server with (the per-user binary cache, trust). */
    private static EmbeddedPostgres.Options options(Path project) {
        Path buildFolder = project.resolve("target/migrate/embedded");
        Path cache = PostgresBinaries.sharedCache(System.getenv(), why -> {}).orElse(buildFolder);
        return new EmbeddedPostgres.Options(buildFolder.resolve("data"), cache, null, true);
    }

    private Process cli(Path project, String goal) throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        MigrateCli.class.getName(),
                        goal,
                        "--project-dir",
                        project.toString())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve("cli.log").toFile())
                .start();
        children.add(p);
        return p;
    }

    private static String cliInProcess(Path project, String goal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = MigrateCli.run(new String[] {goal, "--project-dir", project.toString()}, print, print, Map.of());
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        return output;
    }

    private static void awaitSleeping(int port, Process cli, Path project) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sleeping(port) && cli.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sleeping(port), "the second run's migration runs:\n" + Files.readString(project.resolve("cli.log")));
    }

    /** Whether a migration's pg_sleep runs on the server on {@code port} (asked from a connection closed after). */
    private static boolean sleeping(int port) {
        try (Connection c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from pg_stat_activity where query like 'select pg_sleep(%' and state = 'active'"
                                + " and pid <> pg_backend_pid()")) {
            return rs.next() && rs.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static long postmaster(Path project) throws IOException {
        return Long.parseLong(Files.readAllLines(project.resolve("target/migrate/embedded/data/postmaster.pid"))
                .get(0)
                .strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void assertGone(long postmaster) {
        ProcessHandle.of(postmaster)
                .ifPresent(p ->
                        p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        assertFalse(alive(postmaster), "the server (pid " + postmaster + ") was stopped");
    }
}
