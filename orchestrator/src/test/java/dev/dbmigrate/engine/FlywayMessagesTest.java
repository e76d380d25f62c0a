package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static dev.dbmigrate.engine.EngineFixture.assertNoFlywayText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.flyway.FlywayText;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 11: what Flyway would have said in its own words (no file, no fix, vendor links) reaches the user in
 * this project's form: what failed, the file, what was and was not changed, the fix; the same with the lean executor
 * and with Flyway's migrate ({@code -Ddbmigrate.executor=flyway}).
 */
class FlywayMessagesTest {
    @TempDir
    Path project;

    /** Runs the action with each executor; returns both messages, which must be equal. */
    private static String sameWithBothExecutors(Supplier<MigrateException> action) {
        String lean = action.get().getMessage();
        System.setProperty(MigrateSettings.Executor.PROPERTY, "flyway");
        try {
            assertEquals(lean, action.get().getMessage(), "the Flyway fallback says the same");
        } finally {
            System.clearProperty(MigrateSettings.Executor.PROPERTY);
        }
        assertNoFlywayText(lean);
        return lean;
    }

    private static MigrateException upgradeFails(EngineFixture fx, String... extra) {
        return assertThrows(MigrateException.class, () -> MigrateCommands.upgrade(fx.settings(extra), fx.events::add));
    }

    @Tag("postgres")
    @Test
    void aConcurrentIndexMixedWithOtherStatementsIsRefusedNamingFileAndLine() throws Exception {
        EngineFixture fx = new EngineFixture(project, "fm_mixed");
        fx.write("V1__create_users.sql", "create table users (id int, email text);\n");
        fx.write(
                "V2__index_email.sql",
                "insert into users values (1, 'a@b.c');\n\n"
                        + "create index concurrently users_email_idx\n  on users (email);\n");
        String message = sameWithBothExecutors(() -> upgradeFails(fx));
        assertEquals(
                "upgrade refused: V2__index_email.sql mixes a statement that cannot run inside a transaction"
                        + " (line 3: create index concurrently users_email_idx) with another statement, so it could not be"
                        + " applied or rolled back as one unit; nothing was changed (move each such statement, for example"
                        + " CREATE INDEX CONCURRENTLY, into a migration file of its own, then run migrate:upgrade with the"
                        + " same -Dmigrate.url again)",
                message);
        assertEquals(List.of(), fx.tables());
        // into a schema that does not exist yet (a run Flyway takes over) the same
        assertContains(upgradeFails(fx, "schemas", "app").getMessage(), "upgrade refused: V2__index_email.sql mixes");
        assertEquals(List.of(), fx.query("select nspname from pg_namespace where nspname = 'app'"));
    }

    @Tag("postgres")
    @Test
    void duplicateVersionsAreRefusedNamingBothFilesByEveryGoal() throws Exception {
        EngineFixture fx = new EngineFixture(project, "fm_dup");
        fx.write("V1__create_users.sql", "create table users (id int);\n");
        fx.write("V2__add_tabs.sql", "create table tabs (id int);\n");
        fx.write("V2__add_songs.sql", "create table songs (id int);\n");
        String message = sameWithBothExecutors(() -> upgradeFails(fx));
        assertEquals(
                "upgrade refused: version 2 is used by V2__add_songs.sql and V2__add_tabs.sql (two branches"
                        + " chose the same number: renumber one of them, for example with a timestamp version from"
                        + " migrate:create); nothing was changed (each version may be used by one V file and one U file"
                        + " only)",
                message);
        for (String goal : List.of("current", "history")) {
            MigrateException e = assertThrows(MigrateException.class, () -> {
                if (goal.equals("current")) {
                    MigrateCommands.current(fx.settings(), fx.events::add);
                } else {
                    MigrateCommands.history(fx.settings(), fx.events::add);
                }
            });
            assertContains(
                    e.getMessage(),
                    goal + " refused: version 2 is used by V2__add_songs.sql and" + " V2__add_tabs.sql");
            assertNoFlywayText(e.getMessage());
        }
        assertEquals(List.of(), fx.tables());
    }

    @Tag("postgres")
    @Test
    void aTargetNoMigrationHasIsRefusedNamingTheNewest() throws Exception {
        EngineFixture fx = new EngineFixture(project, "fm_target");
        fx.write("V1__create_users.sql", "create table users (id int);\n");
        fx.write("V2__add_tabs.sql", "create table tabs (id int);\n");
        String message = sameWithBothExecutors(() -> upgradeFails(fx, "target", "99"));
        assertEquals(
                "upgrade -Dmigrate.target=99: no migration has version 99 (the newest is 2, V2__add_tabs.sql);"
                        + " nothing was changed (give the version of a migration file, or leave out -Dmigrate.target to"
                        + " apply every pending migration)",
                message);
        assertEquals(ErrorCode.VALIDATION, upgradeFails(fx, "target", "1.5").code());
        assertEquals(List.of(), fx.tables());
        MigrateCommands.upgrade(fx.settings("target", "1"), fx.events::add);
        assertContains(upgradeFails(fx, "target", "3").getMessage(), "no migration has version 3");
        assertEquals(List.of("1|true|SQL"), fx.history());
    }

    @Tag("postgres")
    @Test
    void aRerunAfterAFailedMigrationIsRefusedNamingTheFileAndTheRepair() throws Exception {
        EngineFixture fx = new EngineFixture(project, "fm_failed");
        fx.write("V1__create_users.sql", "create table users (id int, email text);\n");
        fx.write("V2__index_email.sql", "create index concurrently users_email_idx on users (emial);\n");
        upgradeFails(fx);
        fx.write("V2__index_email.sql", "create index concurrently users_email_idx on users (email);\n");
        String message = sameWithBothExecutors(() -> upgradeFails(fx));
        assertEquals(
                "upgrade refused: the history table records a failed migration: V2__index_email.sql (version 2)"
                        + " is recorded as failed in public.flyway_schema_history: it ran outside a transaction and may be"
                        + " partly applied (undo what it did by hand, fix the file, run migrate:repair with the same"
                        + " -Dmigrate.url to remove the failed row, then run migrate:upgrade with the same -Dmigrate.url);"
                        + " nothing was changed",
                message);
        assertEquals(List.of("1|true|SQL", "2|false|SQL"), fx.history());
        MigrateCommands.repair(fx.settings(), fx.events::add);
        assertEquals(
                1,
                MigrateCommands.upgrade(fx.settings(), fx.events::add).applied().size());
    }

    @Test
    void whatFlywaySaysIsTranslatedAndLosesItsBoilerplate() {
        String nl = System.lineSeparator();
        List<String[]> cases = List.of(
                new String[] {
                    "Found more than one migration with version 2" + nl + "Offenders:" + nl
                            + "-> /p/db/migration/V2__a.sql (SQL)" + nl + "-> /p/db/migration/V2__b.sql (SQL)",
                    "version 2 is used by V2__a.sql and V2__b.sql (two branches chose the same number"
                },
                new String[] {
                    "No migration with a target version 99 could be found. Ensure target is specified"
                            + " correctly and the migration exists.",
                    "no migration has the target version 99 (give"
                },
                new String[] {
                    "Validate failed: Migrations have failed validation" + nl + "Detected failed migration to"
                            + " version 2 (idx). Please remove any half-completed changes then run repair to fix the"
                            + " schema history." + nl + "Need more flexibility with validation rules? Learn more:"
                            + " https://help.red-gate.com/help/flyway-cli13/help_12.aspx?topic=x",
                    "the history table records version 2 (idx) as failed: it ran outside a transaction"
                },
                new String[] {
                    "Validate failed: Migrations have failed validation" + nl + "Detected applied migration"
                            + " not resolved locally: 2. If you removed this migration intentionally, run repair to mark"
                            + " the migration as deleted." + nl + "Need more flexibility with validation rules? Learn"
                            + " more: https://rd.gt/3AbJUZE",
                    "version 2 is applied but its file is not in the migration" + " locations (restore it"
                },
                new String[] {
                    "Validate failed: Migrations have failed validation" + nl + "Migration checksum mismatch"
                            + " for migration version 2" + nl + "-> Applied to database : -726921022" + nl
                            + "-> Resolved"
                            + " locally    : -2082808039" + nl + "Either revert the changes to the migration, or run"
                            + " repair to update the schema history." + nl + "Need more flexibility with validation"
                            + " rules? Learn more: https://flywaydb.org/x",
                    "checksum mismatch for version 2: its file was"
                            + " changed after it was applied (the file's checksum is -2082808039, the history records"
                            + " -726921022; restore"
                },
                new String[] {
                    "Detected both transactional and non-transactional statements within the same migration"
                            + " (even though mixed is false). Offending statement found at line 2: create index"
                            + " concurrently t_idx on t (id) [non-transactional]",
                    "the migration mixes a statement that"
                            + " cannot run inside a transaction (line 2: create index concurrently t_idx on t (id)) with"
                            + " other statements (move each"
                },
                new String[] {
                    "Validate failed: Migrations have failed validation" + nl + "Detected resolved migration"
                            + " not applied to database: 1.5. To ignore this migration, set"
                            + " -ignoreMigrationPatterns='*:ignored'.",
                    "version 1.5 is older than the current version but"
                            + " was never applied (apply it with migrate:upgrade -Dmigrate.outOfOrder=true"
                },
                new String[] {
                    "Unable to parse statement in /p/db/migration/V2__t2.sql at line 1 col 1. See"
                            + " https://rd.gt/3AbJUZE for more information. No value provided for placeholder: ${foo}."
                            + "  Check your configuration!",
                    "V2__t2.sql (line 1) uses the placeholder ${foo}, which has"
                            + " no value: Flyway replaces ${...} in migrations, and migrate sets no placeholder (write the"
                            + " value itself instead of ${foo})"
                },
                new String[] {
                    "Something broke. See https://rd.gt/3AbJUZE for more information. Check it!",
                    "Something broke. Check it!"
                },
                new String[] {
                    "Validate failed: Migrations have failed validation" + nl + "Something new. Learn more:"
                            + " https://rd.gt/xyz",
                    "Something new."
                });
        for (String[] c : cases) {
            String translated = FlywayText.translate(c[0]);
            assertContains(translated, c[1]);
            assertNoFlywayText(translated);
        }
    }
}
