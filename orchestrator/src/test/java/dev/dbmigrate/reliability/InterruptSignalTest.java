package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.engine.MigrationLock;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a long migration, sent to the CLI in its own JVM once the migration's statement
 * runs on the server: the statement is cancelled and rolled back, the lock is released, the embedded server this run
 * started is stopped, the output says what was applied and what was not, and the JVM exits with the signal's code.
 */
@Tag("postgres")
@Tag("process")
class InterruptSignalTest {
    private static final String SLOW = "pg_sleep(20)";

    @TempDir
    Path project;

    @BeforeEach
    void writeMigrations() throws IOException {
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve("V1__first.sql"), "create table first_table (id int);\n");
        Files.writeString(dir.resolve("V2__slow.sql"), "create table slow_table (id int);\nselect " + SLOW + ";\n");
        Files.writeString(dir.resolve("V3__after.sql"), "create table after_table (id int);\n");
    }

    @Test
    void sigintCancelsTheRunningMigrationAndExitsWith130() throws Exception {
        interruptedUpgradeRollsBack("INT", 130);
    }

    @Test
    void sigtermCancelsTheRunningMigrationAndExitsWith143() throws Exception {
        interruptedUpgradeRollsBack("TERM", 143);
    }

    private void interruptedUpgradeRollsBack(String signal, int exitCode) throws Exception {
        String url = TestPostgres.newDatabase("signal_" + signal.toLowerCase());
        Path log = project.resolve("cli.log");
        Process cli = cli(log, url, "upgrade");
        long sleeping = awaitSleepingSession(url, cli, log);
        long t0 = System.nanoTime();
        kill(signal, cli.pid());
        assertTrue(
                cli.waitFor(10, TimeUnit.SECONDS),
                "the CLI ends within seconds of SIG" + signal + ":\n" + Files.readString(log));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String output = Files.readString(log);
        assertEquals(exitCode, cli.exitValue(), output);
        assertTrue(took < 8_000, "ended " + took + " ms after the signal, long before pg_sleep(20) would have");
        assertTrue(output.contains("Applied V1 first (V1__first.sql)"), output);
        assertTrue(
                output.contains("migrate upgrade failed: upgrade interrupted (SIGINT or SIGTERM): the running"
                        + " statement was cancelled and its transaction rolled back; applied by this run: V1__first.sql;"
                        + " not applied: V2__slow.sql, V3__after.sql; the database is at version 1 and the migration lock is"
                        + " released (run migrate upgrade with the same DATABASE_URL again to apply the rest)"),
                output);
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            assertEquals(
                    List.of("1"),
                    strings(
                            c,
                            "select version from flyway_schema_history where version is not null"
                                    + " order by installed_rank"),
                    "only V1 is in the history");
            assertEquals(
                    List.of("first_table", "flyway_schema_history", "migrate_audit"),
                    strings(c, "select tablename from pg_tables where schemaname = 'public' order by 1"),
                    "V2 was rolled back: no slow_table; V3 never ran");
            assertEquals(
                    List.of(),
                    strings(
                            c,
                            "select pid::text from pg_stat_activity where pid = " + sleeping + " or (query like '%"
                                    + SLOW + "%' and pid <> pg_backend_pid())"),
                    "no session of the run is left");
            assertEquals(
                    List.of("0"),
                    strings(c, "select count(*) from pg_locks where locktype = 'advisory'"),
                    "the migration lock is free");
        }
    }

    @Test
    void sigintWhileWaitingForTheMigrationLockEndsAtOnce() throws Exception {
        String url = TestPostgres.newDatabase("signal_lockwait");
        try (Connection holder = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                MigrationLock held = MigrationLock.acquire(
                        holder, "public", "flyway_schema_history", "upgrade", Duration.ZERO, MigrateListener.NONE)) {
            // the holder is another migrate run: it holds this project's lock and Flyway's
            interruptedLockWait(url, "INT", 130, "the migration lock held by 'migrate upgrade by ", 2);
        }
    }

    @Test
    void sigtermWhileWaitingForFlywaysLockEndsAtOnce() throws Exception {
        String url = TestPostgres.newDatabase("signal_flywaylock");
        try (Connection flyway = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = flyway.createStatement()) {
            // an application running Flyway at start-up holds Flyway's lock on the same history table
            s.execute("select pg_advisory_lock(" + new HistoryTable("public", "flyway_schema_history").flywayLockKey()
                    + ")");
            interruptedLockWait(url, "TERM", 143, "Flyway's migration lock held by '", 1);
        }
    }

    private void interruptedLockWait(String url, String signal, int exitCode, String waitedFor, int heldLocks)
            throws Exception {
        Path log = project.resolve("cli.log");
        Process cli = cli(log, url, "upgrade", "--lockWait", "10min");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Waiting up to 600 s for ")
                && cli.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(cli.isAlive(), "the upgrade waits for the lock:\n" + Files.readString(log));
        long t0 = System.nanoTime();
        kill(signal, cli.pid());
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS), Files.readString(log));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String output = Files.readString(log);
        assertEquals(exitCode, cli.exitValue(), output);
        assertTrue(took < 5_000, "ended " + took + " ms after the signal, not when the lock was free:\n" + output);
        assertTrue(
                output.contains("migrate upgrade failed: upgrade interrupted (SIGINT or SIGTERM) while waiting for "
                        + waitedFor),
                output);
        assertTrue(
                output.contains(" on public.flyway_schema_history; nothing was changed (run migrate upgrade again"
                        + " once that "),
                output);
        assertFalse(output.contains("gave up after waiting"), output);
        assertFalse(output.contains("could not take the migration lock"), output);
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            assertEquals(
                    List.of(),
                    strings(
                            c,
                            "select tablename from pg_tables where schemaname = 'public'"
                                    + " and tablename not in ('flyway_schema_history', 'migrate_audit')"),
                    "no migration ran");
            if (!strings(c, "select to_regclass('flyway_schema_history')::text").contains(null)) {
                assertEquals(
                        List.of("0"),
                        strings(c, "select count(*) from flyway_schema_history" + " where version is not null"),
                        "nothing is in the history");
            }
            assertEquals(
                    List.of(Integer.toString(heldLocks)),
                    strings(c, "select count(*) from pg_locks" + " where locktype = 'advisory'"),
                    "only the holder's locks are left");
        }
    }

    /**
     * On the Flyway path (placeholders), a signal that lands between two migrations is seen before the next one starts:
     * the same "applied by this run / not applied" form as the default executor's, never Flyway's callback text.
     */
    @Test
    void sigintBetweenFlywayMigrationsSaysWhatWasAppliedAndWhatNot() throws Exception {
        Path dir = project.resolve("src/main/resources/db/migration");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        int count = 400;
        for (int v = 1; v <= count; v++) {
            Files.writeString(
                    dir.resolve("V" + v + "__t" + v + ".sql"),
                    "create table t" + v + " (id int);\n" + "comment on table t" + v + " is '${flyway:filename}';\n");
        }
        String url = TestPostgres.newDatabase("signal_flyway_between");
        Path log = project.resolve("cli.log");
        Process cli = cli(log, url, "upgrade");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Applied V3 t3") && cli.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        kill("INT", cli.pid());
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertEquals(130, cli.exitValue(), output);
        assertFalse(output.contains("Flyway could not"), output);
        assertFalse(output.contains("beforeEachMigrate"), output);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "migrate upgrade failed: upgrade interrupted"
                                + " \\(SIGINT or SIGTERM\\): the running statement was cancelled and its transaction rolled back;"
                                + " applied by this run: (.*?); not applied: (.*?); the database is at version (\\d+) and the"
                                + " migration lock is released \\(run migrate upgrade with the same DATABASE_URL again to apply the rest\\)")
                .matcher(output);
        assertTrue(m.find(), output);
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            List<String> history = strings(
                    c,
                    "select script from flyway_schema_history where version is not null"
                            + " and success order by installed_rank");
            assertTrue(history.size() >= 3 && history.size() < count, "interrupted mid-way: " + history.size());
            assertEquals(String.join(", ", history), m.group(1), "the message lists what the history holds");
            assertEquals(Integer.toString(history.size()), m.group(3));
            List<String> rest = new ArrayList<>();
            for (int v = history.size() + 1; v <= count; v++) {
                rest.add("V" + v + "__t" + v + ".sql");
            }
            assertEquals(String.join(", ", rest), m.group(2), "and what it does not hold");
            assertEquals(
                    List.of(Integer.toString(history.size())),
                    strings(
                            c,
                            "select count(*) from pg_tables"
                                    + " where schemaname = 'public' and tablename ~ '^t[0-9]+$'"),
                    "no table beyond what is recorded");
            assertEquals(List.of("0"), strings(c, "select count(*) from pg_locks where locktype = 'advisory'"));
        }
    }

    @Test
    void sigintStopsTheEmbeddedServerTheRunStarted() throws Exception {
        // as root the server runs as an unprivileged user, who must be able to enter the project
        Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = project.resolve("cli.log");
        Process cli = cli(log, null, "upgrade");
        Path data = project.resolve("target/migrate/embedded/data");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Long postmaster = null;
        while (System.nanoTime() < deadline && cli.isAlive()) {
            List<String> pid = readPidFile(data);
            if (pid.size() > 7 && pid.get(7).strip().equals("ready")) {
                postmaster = Long.valueOf(pid.get(0).strip());
                String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/postgres";
                if (sleepingSession(url) != null) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(postmaster != null && cli.isAlive(), "the embedded run reached pg_sleep:\n" + Files.readString(log));
        kill("INT", cli.pid());
        assertTrue(cli.waitFor(15, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertEquals(130, cli.exitValue(), output);
        assertTrue(output.contains("not applied: V2__slow.sql, V3__after.sql"), output);
        // stopped before the JVM exited: its pid file is gone, and its process ends right after removing it
        assertFalse(Files.exists(data.resolve("postmaster.pid")), output);
        ProcessHandle.of(postmaster)
                .ifPresent(p ->
                        p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join());
        assertFalse(
                ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the embedded server this run started is stopped:\n" + output);
        try (EmbeddedPostgres again = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), line -> {});
                Connection c = again.connect("postgres")) {
            assertEquals(
                    List.of("1"),
                    strings(
                            c,
                            "select version from flyway_schema_history where version is not null"
                                    + " order by installed_rank"),
                    "only V1 is in the history");
        }
    }

    /**
     * Ctrl-C while the embedded server's data folder is initialised: the message says what was interrupted (setting up
     * the embedded database, not "runuser" or a statement) and that nothing was changed; the folder is left empty, so
     * the next run starts from scratch.
     */
    @Test
    void sigintDuringInitdbSaysTheEmbeddedSetUpWasInterrupted() throws Exception {
        Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = project.resolve("cli.log");
        Process cli = cli(log, null, "upgrade");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<ProcessHandle> initdb = List.of();
        while (initdb.isEmpty() && cli.isAlive() && System.nanoTime() < deadline) {
            initdb = cli.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/initdb"))
                    .toList();
            Thread.sleep(5);
        }
        assertFalse(initdb.isEmpty(), "initdb was seen running:\n" + Files.readString(log));
        kill("INT", cli.pid());
        assertTrue(cli.waitFor(15, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertEquals(130, cli.exitValue(), output);
        Path data = project.resolve("target/migrate/embedded/data");
        assertTrue(
                output.contains("migrate upgrade failed: interrupted (SIGINT or SIGTERM) while setting up the"
                        + " embedded database: initdb was stopped before the database existed and its unfinished data folder "
                        + data + " was emptied; nothing was changed and no migration ran"),
                output);
        assertFalse(output.contains("runuser"), output);
        assertFalse(output.contains("cancelling the running statement"), output);
        for (ProcessHandle p : initdb) {
            p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
            assertFalse(p.isAlive(), "initdb was stopped");
        }
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.toList(), "the unfinished data folder is empty");
        }
        // and the next run sets the database up from scratch and applies the migrations
        Files.delete(project.resolve("src/main/resources/db/migration/V2__slow.sql"));
        Path again = project.resolve("again.log");
        Process second = cli(again, null, "upgrade");
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), Files.readString(again));
        assertEquals(0, second.exitValue(), Files.readString(again));
        assertTrue(Files.readString(again).contains("Applied V3 after (V3__after.sql)"), Files.readString(again));
    }

    @Test
    void sigtermCancelsTheRunningUndoScriptAndSaysWhatWasUndone() throws Exception {
        Path down = Files.createDirectories(project.resolve("down"));
        Path dir = Files.createDirectories(down.resolve("src/main/resources/db/migration"));
        for (int v = 1; v <= 3; v++) {
            Files.writeString(dir.resolve("V" + v + "__t" + v + ".sql"), "create table t" + v + " (id int);\n");
            Files.writeString(
                    dir.resolve("U" + v + "__t" + v + ".sql"),
                    (v == 2 ? "select " + SLOW + ";\n" : "") + "drop table t" + v + ";\n");
        }
        String url = TestPostgres.newDatabase("signal_down");
        Map<String, String> env = Map.of(
                "DATABASE_URL",
                url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@"));
        MigrateCommands.upgrade(
                SettingsResolver.resolve(new HashMap<>(), env, down, down.resolve("target")), MigrateListener.NONE);
        Path log = project.resolve("cli.log");
        Process cli = cli(log, url, down, "downgrade", "--target", "0");
        awaitSleepingSession(url, cli, log);
        kill("TERM", cli.pid());
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertEquals(143, cli.exitValue(), output);
        assertTrue(
                output.contains(
                        "migrate downgrade failed: downgrade interrupted (SIGINT or SIGTERM): the running"
                                + " statement was cancelled and its transaction rolled back; undone by this run: U3__t3.sql;"
                                + " not undone: U2__t2.sql, U1__t1.sql; the database is at version 2 and the migration lock is"
                                + " released (run migrate downgrade --target 0 with the same DATABASE_URL again to undo the rest)"),
                output);
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            assertEquals(
                    List.of("1", "2"),
                    strings(
                            c,
                            "select version from flyway_schema_history where version is not"
                                    + " null order by installed_rank"),
                    "V2's undo was rolled back: V1 and V2 stay applied");
            assertEquals(
                    List.of("flyway_schema_history", "migrate_audit", "t1", "t2"),
                    strings(c, "select tablename from pg_tables where schemaname = 'public' order by 1"));
            assertEquals(List.of("0"), strings(c, "select count(*) from pg_locks where locktype = 'advisory'"));
        }
    }

    @Test
    void sigintDuringABackupStopsPgDumpAndLeavesNoPartialFile() throws Exception {
        Path dir = project.resolve("src/main/resources/db/migration");
        Files.delete(dir.resolve("V2__slow.sql"));
        String url = TestPostgres.newDatabase("signal_backup");
        Map<String, String> env = Map.of(
                "DATABASE_URL",
                url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@"));
        MigrateCommands.upgrade(
                SettingsResolver.resolve(new HashMap<>(), env, project, project.resolve("target")),
                MigrateListener.NONE);
        try (Connection blocker = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = blocker.createStatement()) {
            // pg_dump waits for this lock for as long as the transaction holds it: a backup that takes its time
            blocker.setAutoCommit(false);
            s.execute("lock table first_table in access exclusive mode");
            Path log = project.resolve("cli.log");
            Process cli = cli(log, url, "backup");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> waiting = List.of();
            while (waiting.isEmpty() && cli.isAlive() && System.nanoTime() < deadline) {
                // from a connection of its own: in the blocker's transaction, pg_stat_activity would not change
                try (Connection look = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
                    waiting = strings(
                            look,
                            "select pid::text from pg_stat_activity where wait_event_type = 'Lock'"
                                    + " and application_name = 'migrate'");
                }
                Thread.sleep(20);
            }
            assertFalse(waiting.isEmpty(), "pg_dump was seen waiting:\n" + Files.readString(log));
            List<ProcessHandle> dumps = cli.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("pg_dump"))
                    .toList();
            assertFalse(dumps.isEmpty(), "pg_dump is the CLI's child");
            kill("INT", cli.pid());
            assertTrue(cli.waitFor(10, TimeUnit.SECONDS), Files.readString(log));
            String output = Files.readString(log);
            assertEquals(130, cli.exitValue(), output);
            assertTrue(
                    output.matches("(?s).*migrate backup failed: backup of \\S+ interrupted \\(SIGINT or SIGTERM\\):"
                            + " pg_dump was stopped and its partial file \\S+\\.partial deleted; no backup was written and"
                            + " the earlier backups in \\S+ are untouched \\(run migrate backup with the same DATABASE_URL"
                            + " again\\).*"),
                    output);
            for (ProcessHandle dump : dumps) {
                assertFalse(dump.isAlive(), "pg_dump was stopped");
            }
            try (var files = Files.walk(project)) {
                List<String> left = files.map(Path::toString)
                        .filter(f -> f.endsWith(".partial") || f.endsWith(".sha256") || f.endsWith(".dump"))
                        .toList();
                assertEquals(List.of(), left, "no backup and no partial file");
            }
            blocker.rollback();
        }
    }

    /**
     * Ctrl-C in a terminal reaches the whole process group: pg_restore and psql end by it themselves, maybe before the
     * JVM has marked the run interrupted. The restore is still reported as interrupted (rolled back, the backup
     * untouched), never as a backup pg_restore "could not read".
     */
    @Test
    void ctrlCToTheWholeGroupDuringARestoreIsNeverReportedAsACorruptBackup() throws Exception {
        Files.delete(project.resolve("src/main/resources/db/migration/V2__slow.sql"));
        String url = TestPostgres.newDatabase("signal_restore");
        Map<String, String> env = Map.of(
                "DATABASE_URL",
                url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@"));
        MigrateCommands.upgrade(
                SettingsResolver.resolve(new HashMap<>(), env, project, project.resolve("target")),
                MigrateListener.NONE);
        MigrateCommands.backup(
                SettingsResolver.resolve(new HashMap<>(), env, project, project.resolve("target")),
                MigrateListener.NONE);
        try (Connection blocker = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = blocker.createStatement()) {
            // the restore's transaction waits for this lock: a restore that takes its time
            blocker.setAutoCommit(false);
            s.execute("lock table first_table in access share mode");
            Path log = project.resolve("cli.log");
            List<String> line = new ArrayList<>(List.of(
                    "setsid",
                    "--wait",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    MigrateCli.class.getName(),
                    "restore",
                    "--project-dir",
                    project.toString(),
                    "--confirm",
                    url.substring(url.lastIndexOf('/') + 1)));
            ProcessBuilder pb =
                    new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process cli = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> waiting = List.of();
            while (waiting.isEmpty() && cli.isAlive() && System.nanoTime() < deadline) {
                try (Connection look = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
                    waiting = strings(
                            look,
                            "select pid::text from pg_stat_activity where wait_event_type = 'Lock'"
                                    + " and application_name = 'migrate'");
                }
                Thread.sleep(20);
            }
            assertFalse(waiting.isEmpty(), "the restore was seen waiting:\n" + Files.readString(log));
            // the JVM leads its own process group (setsid): signal the group, as a terminal's Ctrl-C does
            ProcessHandle jvm = Stream.concat(Stream.of(cli.toHandle()), cli.descendants())
                    .filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-INT", "--", "-" + jvm.pid())
                            .inheritIO()
                            .start()
                            .waitFor());
            assertTrue(cli.waitFor(15, TimeUnit.SECONDS), Files.readString(log));
            String output = Files.readString(log);
            assertEquals(130, cli.exitValue(), output);
            assertTrue(
                    output.matches("(?s).*migrate restore failed: restore of \\S+ into \\S+ interrupted \\(SIGINT or"
                            + " SIGTERM\\): pg_restore and psql were stopped and the restore's transaction rolled back, so"
                            + " schemas public are as they were before the restore and the backup \\S+ is untouched.*"),
                    output);
            assertFalse(output.contains("could not read"), output);
            assertFalse(output.contains("check that the backup is complete"), output);
            blocker.rollback();
            assertEquals(
                    List.of("1", "3"),
                    strings(
                            blocker,
                            "select version from flyway_schema_history"
                                    + " where version is not null order by installed_rank"),
                    "the database is as it was");
        }
    }

    /**
     * A promotion interrupted in a step is not rolled back by the interrupted run: it stays recorded as running, so
     * current reports it and the next promote resumes it, as after a kill.
     */
    @Test
    void sigintDuringAPromotionLeavesItResumable() throws Exception {
        String staging = TestPostgres.newDatabase("signal_staging");
        String prod = TestPostgres.newDatabase("signal_prod");
        Path envs = Files.createDirectories(project.resolve("environments"));
        String common = "user: postgres\npassword: ${DB_PASSWORD}\n";
        Files.writeString(
                envs.resolve("staging.yml"),
                "url: " + staging + "\n" + common + "backup: { directory: backups/staging }\npromotesTo: prod\n");
        Files.writeString(
                envs.resolve("prod.yml"), "url: " + prod + "\n" + common + "backup: { directory: backups/prod }\n");
        Path log = project.resolve("cli.log");
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MigrateCli.class.getName(),
                "promote",
                "--from",
                "staging",
                "--to",
                "prod",
                "--project-dir",
                project.toString()));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().put("DB_PASSWORD", TestPostgres.PASSWORD);
        Process cli = pb.start();
        awaitSleepingSession(staging, cli, log);
        kill("INT", cli.pid());
        assertTrue(cli.waitFor(15, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertEquals(130, cli.exitValue(), output);
        assertTrue(
                output.contains("promote interrupted (SIGINT or SIGTERM) in step 'upgrade staging': upgrade"
                        + " interrupted (SIGINT or SIGTERM)"),
                output);
        assertTrue(output.contains("nothing was rolled back"), output);
        // the resume hint names both environments (promote refuses to run without them); the inner upgrade's own
        // hint, which would upgrade the default environment, is left out
        assertTrue(output.contains("; to resume it, run migrate promote --from staging --to prod"), output);
        assertFalse(output.contains("run migrate upgrade"), output);
        // staging was changed (V1 applied): the summary and the Markdown report say so, never "not touched"
        String state = "staging interrupted in step 'upgrade staging', now at version 1";
        assertTrue(output.contains("nothing was rolled back (" + state + "; prod not touched)"), output);
        assertTrue(output.contains("  staging: interrupted in step 'upgrade staging', now at version 1"), output);
        assertFalse(output.contains("staging: not touched"), output);
        Path markdown;
        try (var files = Files.walk(project.resolve("target/migrate"))) {
            markdown =
                    files.filter(f -> f.toString().endsWith(".md")).findFirst().orElseThrow();
        }
        String report = Files.readString(markdown);
        assertTrue(report.contains("- **staging**: interrupted in step 'upgrade staging', now at version 1\n"), report);
        assertTrue(report.contains("- **prod**: not touched\n"), report);
        assertTrue(
                report.contains("to resume it, run migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod"), report);
        assertFalse(report.contains("run migrate:upgrade"), report);
        assertFalse(output.contains("[rollback"), "no rollback step ran:\n" + output);
        try (Connection c = DriverManager.getConnection(staging, "postgres", TestPostgres.PASSWORD)) {
            assertEquals(
                    List.of("1"),
                    strings(
                            c,
                            "select version from flyway_schema_history where version is not null"
                                    + " order by installed_rank"),
                    "staging: V1 applied, V2 rolled back");
            assertEquals(
                    List.of("running"),
                    strings(c, "select status from migrate_promotion"),
                    "the promotion is left for the next promote to resume");
            assertEquals(List.of("0"), strings(c, "select count(*) from pg_locks where locktype = 'advisory'"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The CLI in its own JVM; with a URL, the password travels in DATABASE_URL; without, the embedded server. */
    private Process cli(Path log, String jdbcUrl, String... command) throws IOException {
        return cli(log, jdbcUrl, project, command);
    }

    private Process cli(Path log, String jdbcUrl, Path dir, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MigrateCli.class.getName()));
        line.addAll(List.of(command));
        line.addAll(List.of("--project-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(line);
        pb.environment().remove("DATABASE_URL");
        if (jdbcUrl != null) {
            pb.environment()
                    .put(
                            "DATABASE_URL",
                            jdbcUrl.replace(
                                    "jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@"));
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits until the migration's pg_sleep runs on the server; returns that session's pid. */
    private static long awaitSleepingSession(String url, Process cli, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && cli.isAlive()) {
            Long pid = sleepingSession(url);
            if (pid != null) {
                return pid;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the migration never reached pg_sleep:\n" + Files.readString(log));
    }

    private static Long sleepingSession(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pid from pg_stat_activity where state = 'active'"
                        + " and query like '%" + SLOW + "%' and pid <> pg_backend_pid()")) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null; // the history table or the server is not there yet
        }
    }

    private static List<String> readPidFile(Path data) {
        try {
            return Files.readAllLines(data.resolve("postmaster.pid"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void kill(String signal, long pid) throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                        .inheritIO()
                        .start()
                        .waitFor());
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
