package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.LintReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The lint goal over the file-level rules: its settings, its failure, and its four outputs read back as CI reads them. */
class LintCommandTest {
    private static final String DIR = "src/main/resources/db/migration/";

    @TempDir
    Path project;

    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() != MigrateEvent.Level.DEBUG) {
            lines.add(m.text());
        }
    };

    private void write(String name, String text) throws IOException {
        Path file = project.resolve(DIR + name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * V1 clean; V2 without its undo (missing-undo); V3_bad.sql misnamed (naming); V4 without its undo, silenced with a
     * reason; V5 with a comment that silences nothing (unused-allow, a warning).
     */
    private void migrations() throws IOException {
        // a lock timeout in force, so that lock-timeout-missing (tested in the lint package) stays out of the counts
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/dev.yml"), "lockTimeout: 5s\n");
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        write("V2__add_email.sql", "alter table users add column email text;\n");
        write("V3_bad.sql", "select 1;\n");
        write(
                "V4__add_age.sql",
                "-- migrate:allow missing-undo because downgrade keeps the column\nalter table users add column"
                        + " age int;\n");
        write("U5__add_name.sql", "alter table users drop column name;\n");
        write(
                "V5__add_name.sql",
                "alter table users add column name text;\n-- migrate:allow missing-undo because it has one\n");
    }

    private LintReport lint(Map<String, String> values) {
        MigrateSettings settings = SettingsResolver.resolve(values, Map.of(), project, project.resolve("target"));
        return LintCommand.run(settings, listener);
    }

    private MigrateException failing(Map<String, String> values) {
        return assertThrows(MigrateException.class, () -> lint(values));
    }

    @Test
    void textGroupsTheFindingsByFileWithTheirAlternativeThenTheSummaryAndTheRunFailsOnAnError() throws IOException {
        migrations();
        MigrateException e = failing(Map.of());
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "lint found 2 errors in every migration (-Dmigrate.lint.failOn=error fails on them): "
                        + DIR + "V2__add_email.sql error missing-undo: V2__add_email.sql has no undo script"
                        + " U2__add_email.sql (downgrade cannot undo it): write it, or pass -Dmigrate.requireUndo=false"
                        + " if this project does without undo scripts; "
                        + DIR + "V3_bad.sql error naming: " + namingMessage()
                        + "; nothing was changed in any database (lint only reads the migration files). Correct the"
                        + " migrations, or silence a finding in its file with -- migrate:allow <rule-id> because"
                        + " <reason>, or report without failing with -Dmigrate.lint.failOn=never; then run migrate:lint"
                        + " again",
                e.getMessage());
        int first = lines.indexOf(DIR + "V2__add_email.sql error missing-undo: V2__add_email.sql has no undo script"
                + " U2__add_email.sql (downgrade cannot undo it): write it, or pass -Dmigrate.requireUndo=false if this"
                + " project does without undo scripts");
        assertTrue(first > 0, lines.toString());
        assertEquals(
                List.of(
                        "    instead: write U<version>__<slug>.sql beside it, undoing exactly what it does",
                        "",
                        DIR + "V3_bad.sql error naming: " + namingMessage()),
                lines.subList(first + 1, first + 4));
        assertTrue(
                lines.contains(DIR + "V5__add_name.sql:2 warning unused-allow: V5__add_name.sql line 2: --"
                        + " migrate:allow missing-undo silences nothing: the rule finds nothing in this file (delete the"
                        + " comment)"),
                lines.toString());
        assertTrue(lines.contains("    instead: delete the comment"), lines.toString());
        assertTrue(lines.contains(DIR + "V4__add_age.sql silenced missing-undo: downgrade keeps the column"));
        assertEquals(
                "lint of every migration: 2 errors, 1 warning, 1 silenced; 6 migration files checked, 6 in scope"
                        + " (fails on error: failed)",
                lines.get(lines.size() - 1));
        assertTrue(lines.contains("lint: every migration, 6 migration files in scope of 6"), lines.toString());
    }

    private String namingMessage() {
        return lines.stream()
                .filter(l -> l.startsWith(DIR + "V3_bad.sql error naming: "))
                .findFirst()
                .map(l -> l.substring((DIR + "V3_bad.sql error naming: ").length()))
                .orElse("(no naming finding)");
    }

    @Test
    void failOnChoosesTheLowestSeverityThatFailsAndNeverOnlyReports() throws IOException {
        write("V1__create_users.sql", "create table users (id int);\n");
        // without requireUndo a missing undo script is a warning
        LintReport passed = lint(Map.of("requireUndo", "false"));
        assertEquals(1, passed.findings().size());
        assertEquals(
                "lint of every migration: 0 errors, 1 warning, 0 silenced; 1 migration file checked, 1 in scope"
                        + " (fails on error: passed)",
                lines.get(lines.size() - 1));
        MigrateException e = failing(Map.of("requireUndo", "false", "lintFailOn", "warning"));
        assertTrue(
                e.getMessage()
                        .startsWith("lint found 1 warning in every migration (-Dmigrate.lint.failOn=warning fails on"
                                + " them): " + DIR + "V1__create_users.sql warning missing-undo: "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("or report without failing with -Dmigrate.lint.failOn=error; then run"
                                + " migrate:lint again"),
                e.getMessage());
        assertEquals(List.of(), lint(Map.of("lintFailOn", "never")).failing());
        assertEquals(
                "lint of every migration: 1 error, 0 warnings, 0 silenced; 1 migration file checked, 1 in scope"
                        + " (fails on never: passed)",
                lines.get(lines.size() - 1));
    }

    @Test
    void aBadScopeFailOnOrFormatIsRefusedNamingTheValueAndTheChoices() throws IOException {
        migrations();
        assertEquals(
                "migrate.lint.scope = 'some' is not valid (use one of all, pending); nothing was changed",
                failing(Map.of("lintScope", "some")).getMessage());
        MigrateException failOn = failing(Map.of("lintFailOn", "info"));
        assertEquals(ErrorCode.CONFIGURATION, failOn.code());
        assertEquals(
                "migrate.lint.failOn = 'info' is not valid (use one of error, warning, never); nothing was changed",
                failOn.getMessage());
        assertEquals(
                "lint cannot write -Dmigrate.format=markdown; nothing was done (use one of text, json, junit, sarif)",
                failing(Map.of("format", "markdown")).getMessage());
    }

    @Test
    void jsonHasEachFindingWithItsAlternativeTheSilencedWithTheirReasonAndTheCounts() throws IOException {
        migrations();
        failing(Map.of("format", "json", "output", "target/lint/lint.json"));
        assertTrue(lines.contains("lint report (json) written to " + project.resolve("target/lint/lint.json")));
        JsonNode root = new ObjectMapper()
                .readTree(project.resolve("target/lint/lint.json").toFile());
        assertEquals("every migration", root.get("scope").asText());
        assertEquals("error", root.get("failOn").asText());
        assertEquals(false, root.get("passed").asBoolean());
        JsonNode summary = root.get("summary");
        assertEquals(2, summary.get("errors").asInt());
        assertEquals(1, summary.get("warnings").asInt());
        assertEquals(1, summary.get("silenced").asInt());
        assertEquals(6, summary.get("filesChecked").asInt());
        assertEquals(6, summary.get("filesInScope").asInt());
        JsonNode first = root.get("findings").get(0);
        assertEquals("missing-undo", first.get("ruleId").asText());
        assertEquals("error", first.get("severity").asText());
        assertEquals(DIR + "V2__add_email.sql", first.get("file").asText());
        assertTrue(first.get("line").isNull());
        assertTrue(first.get("message").asText().startsWith("V2__add_email.sql has no undo script"));
        assertEquals(
                "write U<version>__<slug>.sql beside it, undoing exactly what it does",
                first.get("alternative").asText());
        JsonNode unused = root.get("findings").get(2);
        assertEquals("unused-allow", unused.get("ruleId").asText());
        assertEquals(2, unused.get("line").asInt());
        JsonNode silenced = root.get("silenced").get(0);
        assertEquals("missing-undo", silenced.get("ruleId").asText());
        assertEquals(DIR + "V4__add_age.sql", silenced.get("file").asText());
        assertEquals("downgrade keeps the column", silenced.get("reason").asText());
    }

    @Test
    void sarifIsOneRunOfSarif210WithTheRulesAndAResultPerFindingAtItsFileAndLine() throws IOException {
        migrations();
        failing(Map.of("format", "sarif", "output", "target/lint.sarif"));
        JsonNode root =
                new ObjectMapper().readTree(project.resolve("target/lint.sarif").toFile());
        assertEquals("2.1.0", root.get("version").asText());
        assertTrue(root.get("$schema").asText().endsWith("sarif-schema-2.1.0.json"));
        assertEquals(1, root.get("runs").size());
        JsonNode driver = root.get("runs").get(0).get("tool").get("driver");
        assertEquals("migrate lint", driver.get("name").asText());
        assertTrue(
                driver.get("version").asText().matches("[0-9].*"),
                driver.get("version").asText());
        assertFalse(driver.has("informationUri"), "no made-up address");
        Map<String, JsonNode> rules = new HashMap<>();
        driver.get("rules").forEach(rule -> rules.put(rule.get("id").asText(), rule));
        assertTrue(rules.keySet().containsAll(List.of("naming", "missing-undo", "invalid-allow", "unused-allow")));
        JsonNode missingUndo = rules.get("missing-undo");
        assertEquals(
                "a versioned migration has an undo script, so downgrade can undo it",
                missingUndo.get("shortDescription").get("text").asText());
        assertEquals(
                "write U<version>__<slug>.sql beside it, undoing exactly what it does",
                missingUndo.get("help").get("text").asText());
        assertEquals(
                "error", missingUndo.get("defaultConfiguration").get("level").asText());
        assertEquals(
                "warning",
                rules.get("unused-allow")
                        .get("defaultConfiguration")
                        .get("level")
                        .asText());
        JsonNode results = root.get("runs").get(0).get("results");
        assertEquals(4, results.size());
        JsonNode first = results.get(0);
        assertEquals("missing-undo", first.get("ruleId").asText());
        assertEquals("error", first.get("level").asText());
        assertTrue(first.get("message").get("text").asText().startsWith("V2__add_email.sql has no undo script"));
        JsonNode location = first.get("locations").get(0).get("physicalLocation");
        assertEquals(
                DIR + "V2__add_email.sql",
                location.get("artifactLocation").get("uri").asText());
        assertTrue(location.get("region") == null, location.toString());
        JsonNode unused = results.get(2);
        assertEquals("unused-allow", unused.get("ruleId").asText());
        assertEquals("warning", unused.get("level").asText());
        JsonNode region = unused.get("locations").get(0).get("physicalLocation").get("region");
        assertEquals(2, region.get("startLine").asInt());
        JsonNode silenced = results.get(3);
        assertEquals(
                DIR + "V4__add_age.sql",
                silenced.get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText());
        assertEquals("inSource", silenced.get("suppressions").get(0).get("kind").asText());
        assertEquals(
                "downgrade keeps the column",
                silenced.get("suppressions").get(0).get("justification").asText());
        assertEquals(null, first.get("suppressions"));
    }

    @Test
    void junitHasOneTestCasePerFileFailedWithTheFindingsThatFailTheRun() throws Exception {
        migrations();
        failing(Map.of("format", "junit", "output", "target/lint.xml"));
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(project.resolve("target/lint.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("migrate-lint", suite.getAttribute("name"));
        assertEquals("7", suite.getAttribute("tests")); // the 6 migration files and the misnamed one
        assertEquals("2", suite.getAttribute("failures"));
        NodeList cases = suite.getElementsByTagName("testcase");
        List<String> failed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertEquals("migrate.lint", c.getAttribute("classname"));
            names.add(c.getAttribute("name"));
            NodeList failure = c.getElementsByTagName("failure");
            if (failure.getLength() > 0) {
                failed.add(c.getAttribute("name") + ": " + ((Element) failure.item(0)).getAttribute("message"));
            }
        }
        assertTrue(names.contains(DIR + "V5__add_name.sql"), names.toString());
        assertEquals(
                List.of(
                        DIR + "V2__add_email.sql: " + DIR + "V2__add_email.sql: 1 finding at or above error",
                        DIR + "V3_bad.sql: " + DIR + "V3_bad.sql: 1 finding at or above error"),
                failed);
        String text = suite.getElementsByTagName("failure").item(0).getTextContent();
        assertTrue(text.contains("error missing-undo: V2__add_email.sql has no undo script"), text);
        assertTrue(text.contains("    instead: write U<version>__<slug>.sql beside it"), text);
    }

    @Test
    void anOutputThatCannotBeWrittenIsAClearError() throws IOException {
        migrations();
        Files.writeString(project.resolve("blocker"), "a file, not a folder");
        MigrateException e = failing(Map.of("lintFailOn", "never", "output", "blocker/lint.txt"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertTrue(
                e.getMessage().startsWith("could not write the lint report to " + project.resolve("blocker/lint.txt")),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; lint changed nothing in any database (choose a writable" + " -Dmigrate.output)"),
                e.getMessage());
    }

    @Test
    void thePendingScopeWithoutAReachableDatabaseSaysWhatItNeedsAndHowToDoWithout() throws IOException {
        migrations();
        MigrateException e = failing(Map.of("lintScope", "pending", "url", "jdbc:postgresql://127.0.0.1:1/none"));
        assertEquals(ErrorCode.CONNECTION, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("lint -Dmigrate.lint.scope=pending reads the history table of environment dev to"
                                + " know which migrations are pending there, and could not: "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; nothing was changed in any database (make the database of dev reachable, choose"
                                + " another with -Dmigrate.env=<env>, or lint every migration without a database"
                                + " with -Dmigrate.lint.scope=all)"),
                e.getMessage());
    }
}
