package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cli.MigrateCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded server of a project shared by two runs: the run that started it does not stop it under another run
 * still using it, and the run after them stops it; a run killed with {@code kill -9} does not keep its server "in use"
 * through the session the server has not yet noticed is dead.
 */
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
                EmbeddedPostgres.start(options(project), line -> { }).stop();
            }
            PostgresBinaries.deleteTree(project);
        }
    }

    @Test
    void theRunThatStartedTheServerLeavesItRunningWhileAnotherRunUsesItAndTheNextRunStopsIt() throws Exception {
        Path project = project("select pg_sleep(4);\n");
        Path firstLog = project.resolve("first.log");
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FirstRun.class.getName(), project.toString())
                .redirectErrorStream(true).redirectOutput(firstLog.toFile()).start();
        children.add(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(firstLog).contains("ready") && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.readString(firstLog).contains("ready"), Files.readString(firstLog));
        long postmaster = postmaster(project);
        int port = Integer.parseInt(Files.readAllLines(project.resolve("target/migrate/embedded/data/postmaster.pid"))
                .get(3).strip());
        Process second = cli(project, "upgrade");
        awaitSleeping(port, second, project);

        first.getOutputStream().close(); // the first run ends while the second one's migration runs
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.readString(firstLog).contains("Left the embedded PostgreSQL server on port " + port
                + " with data in " + project.resolve("target/migrate/embedded/data") + " running: 1 other client is"
                + " still connected to it (another run on this project); the next run stops it once nobody uses it"),
                Files.readString(firstLog));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(project.resolve("cli.log"));
        assertEquals(0, second.exitValue(), output);
        assertFalse(output.contains("shutting down"), output);
        assertTrue(output.contains("Reusing the embedded PostgreSQL server already running on port " + port
                + " with data in " + project.resolve("target/migrate/embedded/data") + " (started by process "
                + first.pid() + ", which stops it when nobody else uses it)"), output);
        assertTrue(alive(postmaster), "left running for the next run");

        Process third = cli(project, "current");
        assertTrue(third.waitFor(60, TimeUnit.SECONDS));
        String next = Files.readString(project.resolve("cli.log"));
        assertEquals(0, third.exitValue(), next);
        assertTrue(next.contains("Taking over the embedded PostgreSQL server running on port " + port + " (pid "
                + postmaster + ")"), next);
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

    private Path project(String migration) throws IOException {
        Path project = Path.of("target", "shared-server-test-" + System.nanoTime()).toAbsolutePath();
        created.add(project);
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__slow.sql"), migration);
        return project;
    }

    /** The options the goals start the project's embedded server with (the per-user binary cache, trust). */
    private static EmbeddedPostgres.Options options(Path project) {
        Path buildFolder = project.resolve("target/migrate/embedded");
        Path cache = PostgresBinaries.sharedCache(System.getenv(), why -> { }).orElse(buildFolder);
        return new EmbeddedPostgres.Options(buildFolder.resolve("data"), cache, null, true);
    }

    private Process cli(Path project, String goal) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MigrateCli.class.getName(), goal, "--project-dir",
                project.toString()).redirectErrorStream(true).redirectOutput(project.resolve("cli.log").toFile())
                .start();
        children.add(p);
        return p;
    }

    private static void awaitSleeping(int port, Process cli, Path project) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sleeping(port) && cli.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sleeping(port), "the second run's migration runs:\n"
                + Files.readString(project.resolve("cli.log")));
    }

    /** Whether a migration's pg_sleep runs on the server on {@code port} (asked from a connection closed after). */
    private static boolean sleeping(int port) {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select count(*) from pg_stat_activity where query like 'select pg_sleep(%' and state = 'active'"
                        + " and pid <> pg_backend_pid()")) {
            return rs.next() && rs.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static long postmaster(Path project) throws IOException {
        return Long.parseLong(Files.readAllLines(project.resolve("target/migrate/embedded/data/postmaster.pid")).get(0)
                .strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void assertGone(long postmaster) {
        ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        assertFalse(alive(postmaster), "the server (pid " + postmaster + ") was stopped");
    }
}
