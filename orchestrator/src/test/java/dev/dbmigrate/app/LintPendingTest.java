package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lint -Dmigrate.lint.scope=pending on a real environment: the rules read every file, but only the findings about the
 * migrations pending there (and repeatables changed since applied) are reported, and the database is not changed.
 */
@Tag("postgres")
class LintPendingTest {
    @TempDir
    Path project;

    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() != MigrateEvent.Level.DEBUG) {
            lines.add(m.text());
        }
    };

    private Path migration(String name, String text) throws IOException {
        Path file = project.resolve("src/main/resources/db/migration/" + name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private MigrateSettings settings(Map<String, String> values) {
        return SettingsResolver.resolve(values, Map.of(), project, project.resolve("target"));
    }

    @Test
    void onlyThePendingMigrationsAndTheChangedRepeatablesAreReported() throws Exception {
        String url = TestPostgres.newDatabase("lint_pending");
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/staging.yml"),
                "url: " + url + "\nuser: postgres\npassword: " + TestPostgres.PASSWORD + "\nlockTimeout: 5s\n");
        migration("V1__create_users.sql", "create table users (id int);\n");
        migration("U1__create_users.sql", "drop table users;\n");
        migration("V2__add_email.sql", "alter table users add column email text;\n"); // no undo: applied anyway
        Path views = migration("R__views.sql", "create or replace view user_ids as select id from users;\n");
        try (Migrator migrator = new Migrator(settings(Map.of("env", "staging")), MigrateListener.NONE)) {
            migrator.upgrade();
        }
        migration("V3__add_name.sql", "alter table users add column name text;\n"); // pending, no undo
        Map<String, String> pending = Map.of("env", "staging", "lintScope", "pending");
        List<String> history =
                TestPostgres.rows(url, "select installed_rank, version, checksum from flyway_schema_history");

        MigrateException e = assertThrows(MigrateException.class, () -> LintCommand.run(settings(pending), listener));
        assertTrue(
                e.getMessage()
                        .startsWith("lint found 1 error in the migrations pending on environment staging (at version 2)"
                                + " (-Dmigrate.lint.failOn=error fails on them): src/main/resources/db/migration/"
                                + "V3__add_name.sql error missing-undo: V3__add_name.sql has no undo script"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("nothing was changed in any database (lint only reads the migration files"
                                + " and the history table)"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "then run migrate:lint -Dmigrate.env=staging -Dmigrate.lint.scope=pending" + " again"),
                e.getMessage());
        assertTrue(
                lines.contains("lint: the migrations pending on environment staging (at version 2), 1 migration file"
                        + " in scope of 5"),
                lines.toString());
        assertTrue(lines.contains("lint of the migrations pending on environment staging (at version 2): 1 error, 0"
                + " warnings, 0 silenced; 5 migration files checked, 1 in scope (fails on error: failed)"));
        assertEquals(
                history, TestPostgres.rows(url, "select installed_rank, version, checksum from flyway_schema_history"));

        // all: the applied V2's missing undo is reported too
        LintReport all = LintCommand.run(settings(Map.of("env", "staging", "lintFailOn", "never")), listener);
        assertEquals(
                List.of("V2__add_email.sql", "V3__add_name.sql"),
                all.findings().stream()
                        .map(f -> f.file().getFileName().toString())
                        .toList());

        // a repeatable changed since it was applied is pending again
        Files.writeString(views, "create or replace view user_ids as select id, email from users;\n");
        LintReport changed = LintCommand.run(
                settings(Map.of("env", "staging", "lintScope", "pending", "lintFailOn", "never")), listener);
        assertEquals(2, changed.scope().inScope());
        assertEquals(
                List.of(
                        project.resolve("src/main/resources/db/migration/R__views.sql"),
                        project.resolve("src/main/resources/db/migration/V3__add_name.sql")),
                changed.files());
        assertEquals(
                List.of("missing-undo"),
                changed.findings().stream().map(Finding::ruleId).toList());
    }
}
