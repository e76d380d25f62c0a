package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFilesTest {
    @Test
    void versionsAreEqualAsFlywayComparesThem() {
        assertEquals("1.1", MigrationFiles.normalize("1_1"));
        assertEquals("1.1", MigrationFiles.normalize("001.01.0.0"));
        assertEquals("0", MigrationFiles.normalize("0"));
        assertEquals("0", MigrationFiles.normalize("0.0"));
        assertEquals("20261125120000", MigrationFiles.normalize("20261125120000"));
        assertEquals("10.0.1", MigrationFiles.normalize("10_00_1"));
        for (String bad : List.of("", "1..2", "1.", "a", "1.x")) {
            assertThrows(NumberFormatException.class, () -> MigrationFiles.normalize(bad), bad);
        }
    }

    @Test
    void versionsCompareNumericallyPartByPart() {
        assertTrue(MigrationFiles.compareVersions("2", "10") < 0);
        assertTrue(MigrationFiles.compareVersions("1.10", "1.9") > 0);
        assertEquals(0, MigrationFiles.compareVersions("1.0", "1"));
        assertEquals(0, MigrationFiles.compareVersions("01_1", "1.1.0"));
        assertTrue(MigrationFiles.compareVersions("1", "1.0.1") < 0);
        assertTrue(MigrationFiles.compareVersions("0", "0.1") < 0);
        assertTrue(MigrationFiles.compareVersions("99999999999999999999", "100000000000000000000") < 0);
    }

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
