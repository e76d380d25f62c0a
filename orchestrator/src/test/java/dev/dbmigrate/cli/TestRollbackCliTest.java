package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CLI verb {@code test-rollback}: built from the goal's descriptor, with its options and its exit code. */
@Tag("postgres")
@Tag("process")
class TestRollbackCliTest {
    @Test
    void theVerbRehearsesWritesJunitAndExitsWithTheCheckFailedCodeNamingTheDefect() throws Exception {
        // under target/, which the scratch server's user can reach when the build runs as root (a temp folder is not)
        Path project =
                Path.of("target", "test-rollback-cli-" + System.nanoTime()).toAbsolutePath();
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve("V1__create_users.sql"), "create table users (id int, name text);\n");
        Files.writeString(dir.resolve("U1__create_users.sql"), "drop table users;\n");
        Files.writeString(dir.resolve("V2__name_default.sql"), "alter table users alter name set default 'x';\n");
        Files.writeString(dir.resolve("U2__name_default.sql"), "select 1;\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MigrateCli.run(
                new String[] {
                    "test-rollback",
                    "--project-dir",
                    project.toString(),
                    "--format",
                    "junit",
                    "--output",
                    "rollback.xml"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.CHECK_FAILED.exitCode(), code, stderr);
        assertTrue(
                stderr.contains("test-rollback: 1 of 2 migrations failed the round trip (apply, undo, apply again):"
                        + " V2__name_default.sql (undo leaves differences); nothing was changed on any real database"),
                stderr);
        String xml = Files.readString(project.resolve("rollback.xml"));
        assertTrue(xml.contains("<testcase classname=\"migrate.test-rollback\" name=\"V2__name_default.sql\""), xml);
        assertTrue(xml.contains("column public.users.name: default (not set) (before) vs 'x'::text (after undo)"), xml);
    }
}
