package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsalReport;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The test-rollback goal: its three outputs, read back as a CI server reads them, its failure, and --env. */
@Tag("postgres")
@Tag("process")
class TestRollbackTest {
    private static final Path BUILD = Path.of("target", "rehearsal-scratch").toAbsolutePath();

    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() != MigrateEvent.Level.DEBUG) {
            lines.add(m.text());
        }
    };

    /** V1 exact, V2 whose undo forgets its NOT NULL. */
    private static Path project() throws IOException {
        Path dir = Path.of("target", "test-rollback-" + System.nanoTime()).toAbsolutePath();
        Path migrations = Files.createDirectories(dir.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__create_users.sql"), "create table users (id int, name text);\n");
        Files.writeString(migrations.resolve("U1__create_users.sql"), "drop table users;\n");
        Files.writeString(
                migrations.resolve("V2__name_not_null.sql"), "alter table users alter column name set not null;\n");
        Files.writeString(migrations.resolve("U2__name_not_null.sql"), "select 1;\n");
        return dir;
    }

    private static MigrateSettings settings(Path project, Map<String, String> values) {
        return SettingsResolver.resolve(values, Map.of(), project, BUILD);
    }

    private MigrateException failing(Path project, Map<String, String> values) {
        return assertThrows(
                MigrateException.class,
                () -> TestRollback.run(settings(project, values), values.containsKey("env"), listener));
    }

    @Test
    void textNamesEachMigrationWithItsVerdictAndTheDifferencesIndentedAndTheRunFails() throws IOException {
        MigrateException e = failing(project(), Map.of());
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "test-rollback: 1 of 2 migrations failed the round trip (apply, undo, apply again):"
                        + " V2__name_not_null.sql (undo leaves differences); nothing was changed on any real database"
                        + " (the rehearsal ran in throwaway databases on the scratch PostgreSQL under"
                        + " target/migrate/scratch); fix the undo scripts as the report says, then run"
                        + " migrate:test-rollback",
                e.getMessage());
        int first = lines.indexOf("V1__create_users.sql: ok");
        assertTrue(first > 0, lines.toString());
        assertEquals(
                List.of(
                        "V1__create_users.sql: ok",
                        "V2__name_not_null.sql: undo leaves differences",
                        "    column public.users.name: notNull (not set) (before) vs true (after undo)"),
                lines.subList(first, first + 3));
        assertTrue(
                lines.get(first + 3)
                        .startsWith("test-rollback of every migration: 1 of 2 round trips exact, 1" + " failed ("),
                lines.get(first + 3));
    }

    @Test
    void jsonCarriesEveryMigrationWithItsProblemsAndDifferences() throws IOException {
        Path project = project();
        failing(project, Map.of("format", "json", "output", "target/rollback.json"));
        assertTrue(lines.contains("test-rollback report (json) written to " + project.resolve("target/rollback.json")));
        JsonNode root = new ObjectMapper()
                .readTree(project.resolve("target/rollback.json").toFile());
        assertEquals(false, root.get("passed").asBoolean());
        assertEquals(2, root.get("migrations").asInt());
        assertEquals(1, root.get("failed").asInt());
        JsonNode v2 = root.get("results").get(1);
        assertEquals("V2__name_not_null.sql", v2.get("file").asText());
        assertEquals("U2__name_not_null.sql", v2.get("undoFile").asText());
        assertEquals("failed", v2.get("status").asText());
        assertEquals("undo_differences", v2.get("problems").get(0).asText());
        JsonNode difference = v2.get("differencesAfterUndo").get(0);
        assertEquals("column public.users.name", difference.get("object").asText());
        assertEquals("notNull", difference.get("property").asText());
        assertEquals("true", difference.get("after undo").asText());
        assertEquals("ok", root.get("results").get(0).get("status").asText());
    }

    @Test
    void junitHasOneTestCasePerMigrationNamedAfterItsFileFailedWithTheDifferences() throws Exception {
        Path project = project();
        failing(project, Map.of("format", "junit", "output", "target/rollback.xml"));
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(project.resolve("target/rollback.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals("V1__create_users.sql", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals(
                0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
        Element failure = (Element)
                ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("V2__name_not_null.sql: undo leaves differences", failure.getAttribute("message"));
        assertEquals(
                "column public.users.name: notNull (not set) (before) vs true (after undo)", failure.getTextContent());
    }

    @Test
    void markdownIsRefusedByTestRollbackAndJunitByHistoryBeforeAnythingRuns() throws IOException {
        MigrateException e = failing(project(), Map.of("format", "markdown"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "test-rollback cannot write -Dmigrate.format=markdown; nothing was done (use one of text, json, junit)",
                e.getMessage());
        MigrateException history = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.history(settings(project(), Map.of("format", "junit")), listener));
        assertEquals(
                "history cannot write -Dmigrate.format=junit; nothing was done (use one of text, json, markdown)",
                history.getMessage());
    }

    @Test
    void withEnvOnlyTheMigrationsPendingThereAreRehearsedAndTheEnvironmentIsNotChanged() throws Exception {
        Path project = project();
        String url = TestPostgres.newDatabase("rehearse_env");
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/staging.yml"),
                "url: " + url + "\nuser: postgres\npassword: " + TestPostgres.PASSWORD + "\n");
        Map<String, String> values = new HashMap<>(Map.of("env", "staging", "target", "1"));
        try (Migrator migrator = new Migrator(settings(project, values), MigrateListener.NONE)) {
            migrator.upgrade();
        }
        values.remove("target");
        MigrateException e = failing(project, values);
        assertTrue(e.getMessage().startsWith("test-rollback: 1 of 1 migration failed the round trip"), e.getMessage());
        assertTrue(e.getMessage().contains("then run migrate:test-rollback -Dmigrate.env=staging"), e.getMessage());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("test-rollback of the migrations pending on environment staging (at"
                                + " version 1): 0 of 1 round trips exact")),
                lines.toString());
        assertEquals(List.of("1"), TestPostgres.rows(url, "select version from flyway_schema_history"));
        assertEquals(
                List.of("0"),
                TestPostgres.rows(
                        url,
                        "select count(*) from information_schema.columns where table_name = 'users' and is_nullable"
                                + " = 'NO'"));
    }

    @Test
    void anExactRehearsalPassesAndReturnsItsReport() throws IOException {
        Path project = project();
        Files.writeString(
                project.resolve("src/main/resources/db/migration/U2__name_not_null.sql"),
                "alter table users alter column name drop not null;\n");
        RehearsalReport report = TestRollback.run(settings(project, Map.of()), false, listener);
        assertTrue(report.passed());
        assertTrue(lines.contains("V2__name_not_null.sql: ok"), lines.toString());
    }
}
