package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: the rule framework, its first rules (the existing file checks, with their texts) and the silences. */
class LintTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Lint.Result lint(boolean requireUndo, boolean ignoreMisnamed) {
        MigrationFiles files = MigrationFiles.scan(List.of(dir), false);
        return new Lint(Rules.all()).run(new LintContext(files, requireUndo, ignoreMisnamed, null));
    }

    private Lint.Result lint() {
        return lint(true, false);
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).toList();
    }

    @Test
    void ruleIdsAreUniqueAndStable() {
        List<String> ids = Rules.all().list().stream().map(Rule::id).toList();
        assertEquals(List.of("unusable-entry", "naming", "duplicate-version", "missing-undo", "not-utf8"), ids);
        assertEquals("invalid-allow", Suppression.INVALID);
        assertEquals("unused-allow", Suppression.UNUSED);
        for (Rule rule : Rules.all().list()) {
            assertTrue(rule.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), rule.id());
            assertFalse(rule.description().isBlank() || rule.description().contains("\n"), rule.id());
            assertEquals(Severity.ERROR, rule.severity(), rule.id());
        }
        Rule naming = Rules.all().byId("naming").orElseThrow();
        assertEquals(
                "the rule id naming is taken",
                assertThrows(IllegalArgumentException.class, () -> new Rules(List.of(naming, naming)))
                        .getMessage());
        Rule unused = new Rule() {
            @Override
            public String id() {
                return Suppression.UNUSED;
            }

            @Override
            public Severity severity() {
                return Severity.WARNING;
            }

            @Override
            public String description() {
                return "takes the id of a comment's finding";
            }

            @Override
            public String alternative() {
                return "a rule id of its own";
            }

            @Override
            public List<Finding> check(LintContext context) {
                return List.of();
            }
        };
        assertThrows(IllegalArgumentException.class, () -> new Rules(List.of(unused)));
    }

    @Test
    void cleanMigrationsHaveNoFinding() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        write("R__views.sql", "create or replace view v as select 1;\n");
        Lint.Result result = lint();
        assertEquals(List.of(), result.findings());
        assertEquals(List.of(), result.silenced());
    }

    @Test
    void namingFindsAMisnamedFileWithValidatesText() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        write("V2_add_tabs.sql", "create table tabs (id int);\n");
        Finding finding = lint().findings().get(0);
        assertEquals(
                new Finding(
                        "naming",
                        Severity.ERROR,
                        dir.resolve("V2_add_tabs.sql"),
                        null,
                        "V2_add_tabs.sql (version and description are separated by two underscores, not '_': rename"
                                + " it to V2__add_tabs.sql) looks like a migration but does not follow the naming "
                                + MigrationNames.EXPECTED + ", so it would never run"),
                finding);
        assertEquals(1, lint().findings().size());
        assertEquals(Severity.WARNING, lint(true, true).findings().get(0).severity());
    }

    @Test
    void duplicateVersionFindsTwoFilesOfOneVersionWithValidatesText() throws Exception {
        write("V2__a.sql", "select 1;\n");
        write("V2__b.sql", "select 2;\n");
        write("U2__a.sql", "select 1;\n");
        assertEquals(
                List.of(new Finding(
                        "duplicate-version",
                        Severity.ERROR,
                        dir.resolve("V2__a.sql"),
                        null,
                        "version 2 is used by V2__a.sql and V2__b.sql (two branches chose the same number: renumber"
                                + " one of them, for example with a timestamp version from migrate:create)")),
                lint().findings());
    }

    @Test
    void missingUndoFindsAMigrationWithoutItsUndoScriptWithValidatesText() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        write("V2__create_songs.sql", "create table songs (id int);\n");
        assertEquals(
                List.of(new Finding(
                        "missing-undo",
                        Severity.ERROR,
                        dir.resolve("V2__create_songs.sql"),
                        null,
                        "V2__create_songs.sql has no undo script U2__create_songs.sql (downgrade cannot undo it):"
                                + " write it, or pass -Dmigrate.requireUndo=false if this project does without undo"
                                + " scripts")),
                lint().findings());
        assertEquals(
                List.of(new Finding(
                        "missing-undo",
                        Severity.WARNING,
                        dir.resolve("V2__create_songs.sql"),
                        null,
                        "V2__create_songs.sql has no undo script U2__create_songs.sql (downgrade cannot undo it)")),
                lint(false, false).findings());
    }

    @Test
    void notUtf8FindsTheLineOfTheFirstByteThatIsNotUtf8() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        Path latin1 = dir.resolve("R__names.sql");
        Files.write(latin1, "select 1;\nselect 'caf\u00e9';\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
                List.of(new Finding(
                        "not-utf8",
                        Severity.ERROR,
                        latin1,
                        2,
                        "R__names.sql is not valid UTF-8: byte 22 (line 2) cannot be read; nothing was changed (save "
                                + latin1 + " as UTF-8)")),
                lint().findings());
    }

    @Test
    void unusableEntryFindsAFolderNamedLikeAMigration() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("U1__create_users.sql", "drop table users;\n");
        Path folder = Files.createDirectories(dir.resolve("V3__x.sql"));
        assertEquals(
                List.of(new Finding(
                        "unusable-entry",
                        Severity.ERROR,
                        folder,
                        null,
                        "V3__x.sql is a folder, not a file, so it would never run (rename the folder " + folder
                                + " so that its name does not end in .sql, or move the migration out of it into a file"
                                + " of this name)")),
                lint().findings());
    }

    @Test
    void findingsComeInTheOrderValidateReportsThem() throws Exception {
        write("V1__a.sql", "select 1;\n");
        write("V1__b.sql", "select 1;\n");
        write("U1__a.sql", "select 1;\n");
        write("V2__c.sql", "select 1;\n");
        write("V3_d.sql", "select 1;\n");
        Files.createDirectories(dir.resolve("V4__e.sql"));
        assertEquals(List.of("unusable-entry", "naming", "duplicate-version", "missing-undo"), ids(lint().findings()));
    }

    @Test
    void anAllowCommentSilencesExactlyItsRuleInItsFile() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        Path v2 = dir.resolve("V2__drop_legacy.sql");
        Files.write(
                v2,
                ("-- migrate:allow missing-undo because the legacy table cannot come back\n"
                                + "drop table legacy; -- \u00e9\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        Lint.Result result = lint();
        assertEquals(List.of("missing-undo", "not-utf8"), ids(result.findings()));
        assertEquals(
                dir.resolve("V1__create_users.sql"), result.findings().get(0).file());
        assertEquals(v2, result.findings().get(1).file());
        assertEquals(1, result.silenced().size());
        assertEquals("missing-undo", result.silenced().get(0).ruleId());
        assertEquals(v2, result.silenced().get(0).file());
    }

    @Test
    void aWrongAllowCommentIsAFindingAndSilencesNothing() throws Exception {
        write(
                "V2__create_songs.sql",
                String.join(
                        "\n",
                        "-- migrate:allow missing-undo",
                        "--migrate:allow missing-undo because",
                        "-- migrate:allow missing-undo as songs stay",
                        "-- migrate:allow missing-undos because of a typo",
                        "-- migrate:allow",
                        "  -- migrate:allow naming because the name is fine",
                        "create table songs (id int); -- migrate:allow missing-undo because not a whole line",
                        ""));
        Lint.Result result = lint();
        assertEquals(List.of(), result.silenced());
        String noReason =
                " gives no reason, so it silences nothing (write -- migrate:allow missing-undo because" + " <reason>)";
        String rules = "the rules are unusable-entry, naming, duplicate-version, missing-undo, not-utf8";
        assertEquals(
                List.of(
                        "V2__create_songs.sql has no undo script U2__create_songs.sql (downgrade cannot undo it):"
                                + " write it, or pass -Dmigrate.requireUndo=false if this project does without undo"
                                + " scripts",
                        "V2__create_songs.sql line 1: -- migrate:allow missing-undo" + noReason,
                        "V2__create_songs.sql line 2: -- migrate:allow missing-undo" + noReason,
                        "V2__create_songs.sql line 3: -- migrate:allow missing-undo" + noReason,
                        "V2__create_songs.sql line 4: -- migrate:allow names the unknown rule 'missing-undos', so it"
                                + " silences nothing (" + rules + ")",
                        "V2__create_songs.sql line 5: -- migrate:allow names no rule, so it silences nothing (write"
                                + " -- migrate:allow <rule-id> because <reason>; " + rules + ")",
                        "V2__create_songs.sql line 6: -- migrate:allow naming silences nothing: naming cannot be"
                                + " silenced, as upgrade refuses such a file whatever a comment says (correct the file"
                                + " instead)"),
                result.findings().stream().map(Finding::message).toList());
        assertEquals(
                List.of("missing-undo", "invalid-allow", "invalid-allow", "invalid-allow", "invalid-allow"),
                ids(result.findings().subList(0, 5)));
        assertEquals(Severity.ERROR, result.findings().get(1).severity());
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6),
                result.findings().stream().skip(1).map(Finding::line).toList());
    }

    @Test
    void anAllowCommentThatSilencesNothingIsAWarning() throws Exception {
        Path v1 = dir.resolve("V1__create_users.sql");
        write("V1__create_users.sql", "create table users (id int);\n\n-- migrate:allow missing-undo because none\n");
        write("U1__create_users.sql", "drop table users;\n");
        assertEquals(
                List.of(new Finding(
                        "unused-allow",
                        Severity.WARNING,
                        v1,
                        3,
                        "V1__create_users.sql line 3: -- migrate:allow missing-undo silences nothing: the rule finds"
                                + " nothing in this file (delete the comment)")),
                lint().findings());
    }
}
