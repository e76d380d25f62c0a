package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static dev.dbmigrate.engine.EngineFixture.assertNoFlywayText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: {@code current -Dmigrate.failIfPending=true} fails whenever the database and the files disagree,
 * and {@code validate} fails when any applied migration's file is gone, the newest included.
 */
@Tag("postgres")
class CurrentGateTest {
    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "gate");
        fx.write("V1__create_users.sql", "create table users (id int);\n");
        fx.write("U1__create_users.sql", "drop table users;\n");
        fx.write("V3__create_songs.sql", "create table songs (id int);\n");
        fx.write("U3__create_songs.sql", "drop table songs;\n");
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
    }

    private MigrateException gateFails() {
        return assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add));
    }

    private MigrateException validateFails() {
        return assertThrows(MigrateException.class, () -> MigrateCommands.validate(fx.settings(), fx.events::add));
    }

    @Test
    void theGatePassesWhenEverythingAgrees() {
        assertEquals(
                "3",
                MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add)
                        .version());
    }

    @Test
    void anUnappliedOutOfOrderMigrationFailsTheGateWithTheCliExitCode() throws Exception {
        fx.write("V2__late_branch.sql", "create table tabs (id int);\n");
        fx.write("U2__late_branch.sql", "drop table tabs;\n");
        MigrateException e = gateFails();
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "the database and the migration files disagree on environment dev (current version 3):"
                        + " V2__late_branch.sql is older than the current version 3 but was never applied (apply it with"
                        + " migrate:upgrade -Dmigrate.outOfOrder=true with the same -Dmigrate.url if it does not depend on the"
                        + " newer ones, or give it a"
                        + " newer version); nothing was changed (fix each as said, then run migrate:current"
                        + " -Dmigrate.failIfPending=true with the same -Dmigrate.url again)",
                e.getMessage());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String databaseUrl =
                fx.url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
        int exit = MigrateCli.run(
                new String[] {"current", "--failIfPending", "true", "--project-dir", project.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("DATABASE_URL", databaseUrl));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.CHECK_FAILED.exitCode(), exit, output);
        assertContains(output, "V2__late_branch.sql is older than the current version 3 but was never applied");
        assertFalse(output.contains(TestPostgres.PASSWORD), output);
        assertEquals(List.of("songs", "users"), fx.tables());
    }

    @Test
    void theNewestAppliedMigrationsFileGoneFailsValidateAndTheGateUntilRepaired() throws Exception {
        Files.delete(fx.migrations.resolve("V3__create_songs.sql"));
        Files.delete(fx.migrations.resolve("U3__create_songs.sql"));
        String expected = "version 3 (V3__create_songs.sql) is applied but its file is not in"
                + " src/main/resources/db/migration (restore V3__create_songs.sql from version control; if it was"
                + " removed on purpose, run migrate:repair with the same -Dmigrate.url to record version 3 as deleted)";
        MigrateException validate = validateFails();
        assertEquals(ErrorCode.VALIDATION, validate.code());
        assertContains(validate.getMessage(), "validate found 1 problem", expected);
        assertNoFlywayText(validate.getMessage());
        MigrateException gate = gateFails();
        assertContains(
                gate.getMessage(),
                "the database and the migration files disagree on environment dev (current" + " version 3): "
                        + expected);
        // the fix the message names works: repair records the version as deleted, then both pass
        MigrateCommands.repair(fx.settings(), fx.events::add);
        MigrateCommands.validate(fx.settings(), fx.events::add);
        MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add);
    }

    @Test
    void aMiddleAppliedMigrationsFileGoneFailsValidateTheGateAndUpgrade() throws Exception {
        Files.delete(fx.migrations.resolve("V1__create_users.sql"));
        Files.delete(fx.migrations.resolve("U1__create_users.sql"));
        String expected = "version 1 (V1__create_users.sql) is applied but its file is not in"
                + " src/main/resources/db/migration";
        assertContains(validateFails().getMessage(), expected);
        assertContains(gateFails().getMessage(), expected);
        MigrateException upgrade =
                assertThrows(MigrateException.class, () -> MigrateCommands.upgrade(fx.settings(), fx.events::add));
        assertContains(upgrade.getMessage(), "upgrade refused: " + expected, "nothing was changed");
        assertNoFlywayText(upgrade.getMessage());
    }

    @Test
    void aFailedRowAChangedFileAndAMissingUndoEachFailTheGateNamed() throws Exception {
        fx.write("V4__index_users.sql", "create index concurrently users_idx on users (no_such_column);\n");
        fx.write("U4__index_users.sql", "drop index users_idx;\n");
        assertThrows(MigrateException.class, () -> MigrateCommands.upgrade(fx.settings(), fx.events::add));
        fx.write("V3__create_songs.sql", "create table songs (id int, title text);\n");
        fx.write("V5__add_tabs.sql", "create table tabs (id int);\n");
        String message = gateFails().getMessage();
        assertContains(
                message,
                "1 migration is pending on environment dev (current version 3): pending:"
                        + " V5__add_tabs.sql (apply with migrate:upgrade with the same -Dmigrate.url)",
                "V4__index_users.sql (version 4) is recorded as failed in public.flyway_schema_history: it ran"
                        + " outside a transaction and may be partly applied (undo what it did by hand, fix the file,"
                        + " run migrate:repair with the same -Dmigrate.url to remove the failed row, then run"
                        + " migrate:upgrade with the same -Dmigrate.url)",
                "checksum mismatch: V3__create_songs.sql was changed after version 3 was applied (the history table"
                        + " records checksum ",
                "V5__add_tabs.sql has no undo script U5__add_tabs.sql (downgrade cannot undo it): write it, or"
                        + " pass -Dmigrate.requireUndo=false",
                "nothing was changed (fix each as said");
        assertNoFlywayText(message);
        assertFalse(gateFailsWithout("requireUndo").contains("U5__add_tabs.sql"));
    }

    private String gateFailsWithout(String option) {
        return assertThrows(
                        MigrateException.class,
                        () -> MigrateCommands.current(
                                fx.settings("failIfPending", "true", option, "false"), fx.events::add))
                .getMessage();
    }

    @Test
    void onlyPendingKeepsTheShortMessage() throws Exception {
        fx.write("V5__add_tabs.sql", "create table tabs (id int);\n");
        fx.write("U5__add_tabs.sql", "drop table tabs;\n");
        assertEquals(
                "1 migration is pending on environment dev (current version 3); nothing was changed (run"
                        + " migrate:upgrade with the same -Dmigrate.url first, or leave out -Dmigrate.failIfPending=true)",
                gateFails().getMessage());
        assertTrue(fx.tables().equals(List.of("songs", "users")));
    }
}
