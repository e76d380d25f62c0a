package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.testing.TestPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration larger than the heap is applied within it: the CLI, in its own JVM with {@code -Xmx256m}, applies a
 * 50 MB migration of single-row INSERTs, reading and sending it statement by statement; a statement too large for
 * the heap fails naming the file and the {@code -Xmx} setting, changing nothing.
 */
@Tag("postgres")
@Tag("process")
class LargeMigrationTest {
    @TempDir
    Path project;

    private Path migrations;
    private String url;

    @BeforeEach
    void setUp() throws IOException {
        migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        url = TestPostgres.newDatabase("large");
    }

    @Test
    void aFiftyMegabyteMigrationOfSingleRowInsertsAppliesWithin256Megabytes() throws Exception {
        Files.writeString(
                migrations.resolve("V1__create_rows.sql"),
                "create table rows (id int primary key, name text not null, note text);\n");
        Path big = migrations.resolve("V2__load_rows.sql");
        int rows = 0;
        long sum = 0;
        // CRLF line ends, a comment, a semicolon inside a string: the checksum and the split are Flyway's
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            w.write("-- generated: one row per statement\r\n");
            String note = "x".repeat(40);
            while (Files.size(big) < 50L * 1024 * 1024 || rows % 1000 != 0) {
                rows++;
                sum += rows;
                w.write("insert into rows (id, name, note) values (" + rows + ", 'row; " + rows + "', '" + note
                        + "');\r\n");
                if (rows % 10_000 == 0) {
                    w.flush();
                }
            }
        }
        Files.writeString(migrations.resolve("V3__index_rows.sql"), "create index rows_name on rows (name);\n");

        Child cli = cli("-Xmx256m", "upgrade");
        assertEquals(0, cli.exit(), cli.output());
        assertTrue(cli.output().contains("Applied V2 load rows (V2__load_rows.sql) in "), cli.output());
        assertTrue(cli.output().contains("upgrade finished: 3 migrations applied in "), cli.output());
        assertEquals(List.of(rows + "|" + sum), query("select count(*), sum(id) from rows"));
        assertEquals(List.of("row; 1|1"), query("select name, count(*) from rows where id = 1 group by name"));
        int checksum = Checksum.of(Files.readString(big, StandardCharsets.UTF_8));
        assertEquals(
                List.of("1|t", "2|t", "3|t"),
                query("select version, success from"
                        + " flyway_schema_history where version is not null order by installed_rank"));
        assertEquals(
                List.of(Integer.toString(checksum)),
                query("select checksum from flyway_schema_history where version = '2'"));
        // Flyway itself, reading the same files, finds every checksum its own
        assertTrue(Flyway.configure()
                .dataSource(url, "postgres", TestPostgres.PASSWORD)
                .locations("filesystem:" + migrations.toAbsolutePath())
                .load()
                .validateWithResult()
                .validationSuccessful);
    }

    @Test
    void aStatementTooLargeForTheHeapFailsNamingTheFileAndTheSettingAndChangesNothing() throws Exception {
        Files.writeString(migrations.resolve("V1__create_notes.sql"), "create table notes (body text);\n");
        MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        new HashMap<>(), Map.of("DATABASE_URL", libpqUrl()), project, project.resolve("target")),
                MigrateListener.NONE);
        Path huge = migrations.resolve("V2__one_huge_note.sql");
        try (BufferedWriter w = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
            w.write("insert into notes values ('");
            String chunk = "y".repeat(1 << 16);
            for (int i = 0; i < 384; i++) { // 24 MiB in one statement: more than a 64 MiB heap can scan and hold
                w.write(chunk);
            }
            w.write("');\n");
        }

        Child cli = cli("-Xmx64m", "upgrade");
        assertEquals(8, cli.exit(), cli.output());
        assertTrue(
                cli.output()
                        .contains("migrate upgrade failed: V2__one_huge_note.sql did not fit in the memory"
                                + " this JVM may use while reading it (its maximum heap, -Xmx, is "),
                cli.output());
        assertTrue(
                cli.output()
                        .contains(" MB); nothing was changed (give it a larger heap and run it again:"
                                + " java -Xmx1g -jar migrate-orchestrator-<version>-cli.jar upgrade; only the file's largest statement"
                                + " has to fit, so a statement of hundreds of megabytes is better split)"),
                cli.output());
        assertTrue(!cli.output().contains("Java heap space"), cli.output());
        assertEquals(List.of("1"), query("select version from flyway_schema_history where version is not null"));
        assertEquals(List.of("0"), query("select count(*) from notes"));
    }

    @Test
    void aLargeMigrationThatFailsAtItsLastStatementIsRolledBackWholeAndNamesTheLine() throws Exception {
        Files.writeString(
                migrations.resolve("V1__create_pages.sql"), "create table pages (id int primary key, body text);\n");
        int lines = largeFile("V2__load_pages.sql", "insert into pages values (1, 'again');\n");
        MigrateException e = assertThrows(MigrateException.class, () -> upgradeInProcess());
        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("upgrade stopped: migration V2__load_pages.sql failed at line " + lines
                                + ": ERROR: duplicate key value violates unique constraint \"pages_pkey\""),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("; V2__load_pages.sql was rolled back and is not applied; 1 earlier migration"
                                + " of this run stays applied (V1__create_pages.sql); the database is at version 1"),
                e.getMessage());
        assertEquals(List.of("0"), query("select count(*) from pages"));
        assertEquals(List.of("1"), query("select version from flyway_schema_history where version is not null"));
    }

    @Test
    void aLargeMigrationEditedWhileItIsAppliedIsRolledBack() throws Exception {
        Files.writeString(
                migrations.resolve("V1__create_pages.sql"), "create table pages (id int primary key, body text);\n");
        Path file = migrations.resolve("V2__load_pages.sql");
        largeFile("V2__load_pages.sql", "");
        // the first statement waits at a gate the test holds, so the file is edited while the migration runs
        String text = Files.readString(file);
        Files.writeString(file, "select pg_advisory_xact_lock(4343);\n" + text);
        String before = Integer.toString(Checksum.of(Files.readString(file)));
        try (Connection gate = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement g = gate.createStatement()) {
            g.execute("select pg_advisory_lock(4343)");
            java.util.concurrent.CompletableFuture<Void> upgrade = Background.run(this::upgradeInProcess);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (query("select count(*) from pg_locks where locktype = 'advisory' and not granted and objid = 4343")
                    .equals(List.of("0"))) {
                assertTrue(System.nanoTime() < deadline, "the migration never reached the gate");
                Thread.sleep(20); // polling the server, not ordering threads
            }
            Files.writeString(file, "-- edited\n", java.nio.file.StandardOpenOption.APPEND);
            g.execute("select pg_advisory_unlock(4343)");
            java.util.concurrent.ExecutionException failed = assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> upgrade.get(60, TimeUnit.SECONDS));
            MigrateException e = (MigrateException) failed.getCause();
            assertEquals(ErrorCode.VALIDATION, e.code());
            assertEquals(
                    "V2__load_pages.sql changed while it was being applied (its checksum was " + before
                            + " when the upgrade started and is " + Checksum.of(Files.readString(file))
                            + " now); it was rolled back and is not applied; the migrations before it stay applied (leave the"
                            + " file alone while migrate runs, then run migrate:upgrade with the same DATABASE_URL again)",
                    e.getMessage());
        }
        assertEquals(List.of("0"), query("select count(*) from pages"));
        assertEquals(List.of("1"), query("select version from flyway_schema_history where version is not null"));
        upgradeInProcess();
        assertEquals(
                List.of("1", "2"),
                query("select version from flyway_schema_history where version is not null"
                        + " order by installed_rank"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * Writes a migration just over the size from which scripts are streamed, of 1 KB single-row INSERTs into pages,
     * ending with {@code last}; returns the line of {@code last}.
     */
    private int largeFile(String name, String last) throws IOException {
        Path file = migrations.resolve(name);
        int line = 0;
        String body = "z".repeat(1000);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long size = 0; size <= MigrationScript.STREAM_ABOVE_BYTES; ) {
                line++;
                String statement = "insert into pages values (" + line + ", '" + body + "');\n";
                w.write(statement);
                size += statement.length();
            }
            w.write(last);
        }
        return line + 1;
    }

    private void upgradeInProcess() {
        MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        new HashMap<>(), Map.of("DATABASE_URL", libpqUrl()), project, project.resolve("target")),
                MigrateListener.NONE);
    }

    private record Child(int exit, String output) {}

    /** The CLI in its own JVM with the given heap; the password travels in DATABASE_URL, not on the command line. */
    private Child cli(String heap, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                MigrateCli.class.getName()));
        line.addAll(List.of(command));
        line.addAll(List.of("--project-dir", project.toString()));
        ProcessBuilder pb = new ProcessBuilder(line);
        pb.environment().put("DATABASE_URL", libpqUrl());
        pb.redirectErrorStream(true);
        Path log = project.resolve("child-" + System.nanoTime() + ".log");
        pb.redirectOutput(log.toFile());
        Process child = pb.start();
        if (!child.waitFor(3, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the CLI did not finish in 3 minutes: " + Files.readString(log));
        }
        return new Child(child.exitValue(), Files.readString(log));
    }

    private String libpqUrl() {
        return url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
    }

    private List<String> query(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }
}
