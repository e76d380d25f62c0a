package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.config.MigrateSettings.VersionScheme;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How properties become settings, without a database: defaults, each option read by its property, the problems. */
class SettingsResolverTest {
    @TempDir
    Path project;

    private MigrateSettings resolve(Map<String, String> properties) {
        return SettingsResolver.resolve(properties, Map.of(), project, project.resolve("target"));
    }

    @Test
    void unsetOptionsTakeTheirDefaults() {
        MigrateSettings settings = resolve(Map.of());
        CommandOptions options = settings.options();
        assertEquals(ConnectionSource.EMBEDDED, settings.source());
        assertEquals(List.of("public"), settings.schemas());
        assertEquals(SettingsResolver.DEFAULT_TABLE, settings.table());
        assertEquals(List.of(project.resolve("src/main/resources/db/migration")), settings.locations());
        assertFalse(settings.allowEmpty());
        assertFalse(settings.ignoreMisnamed());
        assertFalse(settings.outOfOrder());
        assertEquals(VersionScheme.TIMESTAMP, settings.versionScheme());
        assertNull(options.message());
        assertNull(options.target());
        assertNull(options.steps());
        assertNull(options.confirm());
        assertNull(options.baselineVersion());
        assertEquals(OutputFormat.TEXT, options.format());
        assertNull(options.output());
        assertFalse(options.failIfPending());
        assertTrue(options.requireUndo());
        assertNull(options.backup());
        assertNull(options.pgBinDir());
        assertNull(options.from());
        assertNull(options.to());
        assertEquals(Duration.ofMinutes(10), options.lockWait());
        assertTrue(options.backupBeforeDrop());
    }

    @Test
    void everyOptionIsReadFromItsProperty() {
        MigrateSettings settings = resolve(Map.ofEntries(
                Map.entry("message", " add tabs "),
                Map.entry("target", "3"),
                Map.entry("steps", "2"),
                Map.entry("confirm", "shop"),
                Map.entry("baselineVersion", "2.1"),
                Map.entry("format", "Json"),
                Map.entry("output", "target/../history.json"),
                Map.entry("failIfPending", "TRUE"),
                Map.entry("requireUndo", "false"),
                Map.entry("backup", "v7.dump"),
                Map.entry("pgBinDir", "tools/pg"),
                Map.entry("from", "staging"),
                Map.entry("to", "prod"),
                Map.entry("lockWait", "30s"),
                Map.entry("backupBeforeDrop", "false"),
                Map.entry("allowEmpty", "true"),
                Map.entry("ignoreMisnamed", "true"),
                Map.entry("outOfOrder", "true"),
                Map.entry("versionScheme", "sequential")));
        CommandOptions options = settings.options();
        assertEquals("add tabs", options.message());
        assertEquals("3", options.target());
        assertEquals(2, options.steps());
        assertEquals("shop", options.confirm());
        assertEquals("2.1", options.baselineVersion());
        assertEquals(OutputFormat.JSON, options.format());
        assertEquals(project.resolve("history.json"), options.output());
        assertTrue(options.failIfPending());
        assertFalse(options.requireUndo());
        assertEquals("v7.dump", options.backup());
        assertEquals(project.resolve("tools/pg"), options.pgBinDir());
        assertEquals("staging", options.from());
        assertEquals("prod", options.to());
        assertEquals(Duration.ofSeconds(30), options.lockWait());
        assertFalse(options.backupBeforeDrop());
        assertTrue(settings.allowEmpty());
        assertTrue(settings.ignoreMisnamed());
        assertTrue(settings.outOfOrder());
        assertEquals(VersionScheme.SEQUENTIAL, settings.versionScheme());
    }

    @Test
    void withTargetReplacesTheTargetAndDropsTheStepCount() {
        MigrateSettings settings = resolve(Map.of("steps", "2", "lockWait", "30s"));
        MigrateSettings back = settings.withOptions(settings.options().withTarget("0"));
        assertEquals("0", back.options().target());
        assertNull(back.options().steps());
        assertEquals(Duration.ofSeconds(30), back.options().lockWait());
        assertNull(settings.options().target());
        assertEquals(2, settings.options().steps());
    }

    @Test
    void aProtectedEnvironmentWithoutAUrlIsRefusedInsteadOfUsingTheEmbeddedDatabase() throws Exception {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/prod.yml"), "protected: true\n");
        MigrateException e = assertThrows(MigrateException.class, () -> resolve(Map.of("env", "prod")));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "environment 'prod' is protected and names no database: nothing was changed (set url in"
                        + " environments/prod.yml, or pass -Dmigrate.url; a protected environment never uses the embedded"
                        + " database)",
                e.getMessage());
    }

    @Test
    void badOptionValuesAreAllListedInTheOrderTheyAreRead() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> resolve(Map.of(
                        "table",
                        "a-b",
                        "target",
                        "abc",
                        "baselineVersion",
                        "latest",
                        "steps",
                        "0",
                        "format",
                        "xml",
                        "versionScheme",
                        "random",
                        "failIfPending",
                        "maybe",
                        "lockWait",
                        "soon",
                        "outOfOrder",
                        "yes")));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        String nl = System.lineSeparator();
        List<String> lines = List.of(e.getMessage().split(nl));
        assertEquals(
                "the settings have 9 problems; nothing was changed (fix each of them, then run again):", lines.get(0));
        List<String> starts = List.of(
                "migrate.table = 'a-b' is not valid",
                "migrate.target = 'abc' is not valid",
                "migrate.baselineVersion = 'latest' is not valid",
                "migrate.steps = '0' is not valid",
                "migrate.format = 'xml' is not valid (use one of text, json, markdown, junit, sarif)",
                "migrate.versionScheme = 'random' is not valid (use one of timestamp, sequential)",
                "migrate.failIfPending = 'maybe' is not valid (use true or false)",
                "migrate.lockWait = 'soon' ",
                "migrate.outOfOrder = 'yes' is not valid (use true or false)");
        assertEquals(starts.size() + 1, lines.size(), e.getMessage());
        for (int i = 0; i < starts.size(); i++) {
            assertTrue(lines.get(i + 1).startsWith("  - " + starts.get(i)), lines.get(i + 1));
        }
    }
}
