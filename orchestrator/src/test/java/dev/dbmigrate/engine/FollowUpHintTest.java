package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.FixHint.FrontEnd;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hint that names a command to run next names it for the database this run worked on: the environment when it is
 * not {@code dev}, the options that chose what the command does, and "with the same -Dmigrate.url" when the URL came
 * from the command line (the hint run without it would act on another database).
 */
@Tag("postgres")
@Tag("process")
class FollowUpHintTest {
    @TempDir
    Path project;

    private EngineFixture fx;
    private String database;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "hint");
        database = DatabaseUrl.parse(fx.url, "test").database();
        fx.write("V1__create_users.sql", "create table users (id int);\n");
        fx.write("U1__create_users.sql", "drop table users;\n");
        fx.write("V3__create_songs.sql", "create table songs (id int);\n");
        fx.write("U3__create_songs.sql", "drop table songs;\n");
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/prod.yml"),
                "url: " + fx.url + "\nuser: postgres\n" + "password: ${PROD_PASSWORD}\nprotected: true\n");
    }

    private MigrateSettings prod(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("env", "prod"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(
                props, Map.of("PROD_PASSWORD", TestPostgres.PASSWORD), project, project.resolve("target"));
    }

    private String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--project-dir", project.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MigrateCli.run(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of("PROD_PASSWORD", TestPostgres.PASSWORD));
        return exit + "|" + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theGateOfAnotherEnvironmentNamesItInEachHintForMavenAndTheCli() throws Exception {
        MigrateCommands.upgrade(prod("target", "1"), fx.events::add);

        MigrateException e = assertThrows(
                MigrateException.class, () -> MigrateCommands.current(prod("failIfPending", "true"), fx.events::add));
        assertEquals(
                "1 migration is pending on environment prod (current version 1); nothing was changed (run"
                        + " migrate:upgrade -Dmigrate.env=prod first, or leave out -Dmigrate.failIfPending=true)",
                e.getMessage());

        MigrateCommands.upgrade(prod(), fx.events::add);
        fx.write("V2__late_branch.sql", "create table tabs (id int);\n");
        fx.write("V4__add_tabs.sql", "create table more_tabs (id int);\n");
        e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(prod("failIfPending", "true", "requireUndo", "false"), fx.events::add));
        assertContains(
                e.getMessage(),
                "V4__add_tabs.sql (apply with migrate:upgrade -Dmigrate.env=prod)",
                "V2__late_branch.sql is older than the current version 3 but was never applied (apply it with"
                        + " migrate:upgrade -Dmigrate.env=prod -Dmigrate.outOfOrder=true if",
                "then run migrate:current -Dmigrate.env=prod -Dmigrate.failIfPending=true -Dmigrate.requireUndo=false"
                        + " again)");

        String cli = cli("current", "--env", "prod", "--failIfPending", "true", "--requireUndo", "false");
        assertTrue(cli.startsWith(ErrorCode.CHECK_FAILED.exitCode() + "|"), cli);
        assertContains(
                cli,
                "(apply with migrate upgrade --env prod)",
                "(apply it with migrate upgrade --env prod" + " --outOfOrder true if",
                "then run migrate current --env prod --failIfPending true --requireUndo" + " false again)");
        assertFalse(cli.contains("-Dmigrate."), cli);
        assertFalse(cli.contains("unknown option"), cli);
        assertEquals(List.of("songs", "users"), fx.tables());
    }

    @Test
    void withOutOfOrderTheGateSaysToUpgradeWithOutOfOrderAsPlainUpgradeRefusesTheFile() throws Exception {
        MigrateCommands.upgrade(prod(), fx.events::add);
        fx.write("V2__late_branch.sql", "create table tabs (id int);\n");
        fx.write("U2__late_branch.sql", "drop table tabs;\n");

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(prod("failIfPending", "true", "outOfOrder", "true"), fx.events::add));
        assertEquals(
                "1 migration is pending on environment prod (current version 3); nothing was changed (run"
                        + " migrate:upgrade -Dmigrate.env=prod -Dmigrate.outOfOrder=true first, or leave out"
                        + " -Dmigrate.failIfPending=true)",
                e.getMessage());
        assertEquals(
                "1 migration is pending on environment prod (current version 3); nothing was changed (run"
                        + " migrate upgrade --env prod --outOfOrder true first, or leave out --failIfPending true)",
                FixHint.render(e.getMessage(), FrontEnd.CLI));

        // the hint works: it applies the file, and the gate passes
        MigrateCommands.upgrade(prod("outOfOrder", "true"), fx.events::add);
        MigrateCommands.current(prod("failIfPending", "true", "outOfOrder", "true"), fx.events::add);
        assertEquals(List.of("songs", "tabs", "users"), fx.tables());
    }

    @Test
    void aRefusedDropOfAUrlGivenOnTheCommandLineSaysToPassTheSameUrlAndNeverPrintsThePassword() throws Exception {
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        String withPassword =
                fx.url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");

        String cli = cli("drop", "--url", withPassword);

        assertTrue(cli.startsWith(ErrorCode.REFUSED.exitCode() + "|"), cli);
        assertContains(
                cli,
                "nothing was dropped (to drop every object in schema public of database " + database
                        + ", run migrate drop --confirm " + database + " with the same --url)");
        assertFalse(cli.contains(TestPostgres.PASSWORD), cli);
        assertEquals(List.of("songs", "users"), fx.tables());
    }

    @Test
    void aDowngradeByStepsThatFailsHalfwaySaysToRunTheStepsThatAreLeftNotTheOnesGiven() throws Exception {
        fx.write("V4__create_tabs.sql", "create table tabs (id int);\n");
        fx.write("U4__create_tabs.sql", "drop table tabs;\n");
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        fx.write("U3__create_songs.sql", "drop table songs;\nselect * from no_such_table;\n");

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.downgrade(fx.settings("steps", "3", "env", "dev"), fx.events::add));

        assertContains(
                e.getMessage(),
                "1 migration undone before it (U4__create_tabs.sql)",
                "(fix U3__create_songs.sql and run migrate:downgrade -Dmigrate.steps=2 with the same -Dmigrate.url"
                        + " again)");
        assertEquals(List.of("songs", "users"), fx.tables());
    }

    /** A pg_dump that fails as on a full disk, beside the real pg_restore and psql. */
    private Path fullDiskTools() throws IOException {
        PgTools real = PgTools.locate((Path) null);
        Path bin = Files.createDirectories(project.resolve("full-disk-tools"));
        Path dump = bin.resolve("pg_dump");
        Files.writeString(
                dump,
                "#!/bin/sh\ncase \"$1\" in --version) exec '" + real.pgDump() + "' \"$@\";; esac\n"
                        + "echo 'pg_dump: error: could not write to output file: No space left on device' >&2\nexit 1\n");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("pg_restore"), real.pgRestore());
        Files.createSymbolicLink(bin.resolve("psql"), real.psql());
        return bin;
    }

    @Test
    void aFailedBackupBeforeADropSaysToRunTheDropAgainNotABackup() throws Exception {
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        Path bin = fullDiskTools();

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.drop(
                        fx.settings("confirm", database, "pgBinDir", bin.toString()), fx.events::add));

        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertContains(
                e.getMessage(),
                "No space left on device; dev was not changed: no backup was written",
                "then run migrate:drop -Dmigrate.confirm=" + database + " with the same -Dmigrate.url again)");
        assertFalse(e.getMessage().contains("migrate:backup"), e.getMessage());
        assertEquals(List.of("songs", "users"), fx.tables());
    }

    @Test
    void aFailedBackupBeforeAProtectedRestoreKeepsTheBackupAndTheConfirmationInItsHint() throws Exception {
        MigrateCommands.upgrade(prod("target", "1"), fx.events::add);
        BackupFile atOne = MigrateCommands.backup(prod(), fx.events::add);
        MigrateCommands.upgrade(prod(), fx.events::add);

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.restore(
                        prod(
                                "backup",
                                atOne.name(),
                                "confirm",
                                database,
                                "pgBinDir",
                                fullDiskTools().toString()),
                        fx.events::add));

        assertContains(
                e.getMessage(),
                "No space left on device; prod was not changed: no backup was written",
                "then run migrate:restore -Dmigrate.env=prod -Dmigrate.backup=" + atOne.name() + " -Dmigrate.confirm="
                        + database + " again)");
        assertContains(
                FixHint.render(e.getMessage(), FrontEnd.CLI),
                "then run migrate restore --env prod --backup " + atOne.name() + " --confirm " + database + " again)");
        assertEquals(List.of("songs", "users"), fx.tables());
    }
}
