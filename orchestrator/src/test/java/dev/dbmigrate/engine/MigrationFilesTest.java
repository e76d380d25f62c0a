package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFilesTest {
    @Test
    void scanKeepsFlywaysVersionTextAndScriptPath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("V1_01__first_step.sql"), "select 1;\n");
        Files.writeString(dir.resolve("sub/V2__second.sql"), "select 2;\n");
        Files.writeString(dir.resolve("R__views.sql"), "select 3;\n");
        MigrationFiles files = MigrationFiles.scan(List.of(dir), false);
        var first = files.versionedFor("1.1").orElseThrow();
        assertEquals("1.01", first.versionText());
        assertEquals("first step", first.description());
        assertEquals("V1_01__first_step.sql", first.script());
        assertEquals("sub/V2__second.sql", files.versionedFor("2").orElseThrow().script());
        assertEquals("views", files.repeatable().get(0).description());
    }
}
