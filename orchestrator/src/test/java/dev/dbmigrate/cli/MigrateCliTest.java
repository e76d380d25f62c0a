package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCliTest {
    @TempDir
    Path project;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return MigrateCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void migrations() throws Exception {
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve("V1__create_users_table.sql"), "create table users (id int primary key);\n");
        Files.writeString(dir.resolve("U1__create_users_table.sql"), "drop table users;\n");
        Files.writeString(dir.resolve("V2__add_email_to_users.sql"), "alter table users add column email text;\n");
        Files.writeString(dir.resolve("U2__add_email_to_users.sql"), "alter table users drop column email;\n");
    }

    @Test
    void helpListsEveryVerbAndTheExitCodes() {
        assertEquals(0, run(Map.of(), "--help"));
        for (String verb : new String[] {
            "init",
            "drop",
            "create",
            "upgrade",
            "downgrade",
            "history",
            "current",
            "validate",
            "repair",
            "backup",
            "restore",
            "verify",
            "promote",
            "snapshot",
            "diff",
            "check",
            "doctor"
        }) {
            assertTrue(stdout().contains("  " + verb + " "), verb + " missing from:\n" + stdout());
        }
        assertTrue(stdout().contains("migration failed"), stdout());
        assertTrue(stdout().contains("  130 interrupted"), stdout());
        assertTrue(stdout().contains("  143 interrupted by SIGTERM"), stdout());
    }

    @Test
    void verbHelpListsItsOwnOptions() {
        assertEquals(0, run(Map.of(), "downgrade", "--help"));
        assertTrue(stdout().contains("--steps"), stdout());
        assertTrue(stdout().contains("--target"), stdout());
        assertFalse(stdout().contains("--message"), stdout());
        // only the goals that take the migration lock wait for it
        assertTrue(stdout().contains("--lockWait"), stdout());
        assertTrue(stdout().contains("--url "), stdout());
        assertFalse(stdout().contains("<masked>"), "the help's example URL is no password to mask: " + stdout());
        out.reset();
        assertEquals(0, run(Map.of(), "history", "--help"));
        assertFalse(stdout().contains("--lockWait"), stdout());
    }

    @Test
    void promoteHelpListsFromAndTo() {
        assertEquals(0, run(Map.of(), "promote", "--help"));
        assertTrue(stdout().contains("--from"), stdout());
        assertTrue(stdout().contains("--to"), stdout());
        assertTrue(stdout().contains("--pgBinDir"), stdout());
    }

    @Test
    void everyBadOptionValueIsReportedInOneRun() throws Exception {
        migrations();
        String nl = System.lineSeparator();
        assertEquals(
                ErrorCode.CONFIGURATION.exitCode(),
                run(
                        Map.of(),
                        "downgrade",
                        "--project-dir",
                        project.toString(),
                        "--lockWait",
                        "5",
                        "--target",
                        "abc",
                        "--steps",
                        "0",
                        "--outOfOrder",
                        "yes"));
        assertTrue(
                stderr().contains("the settings have 4 problems; nothing was changed (fix each of them, then run"
                        + " again):" + nl
                        + "  - --target = 'abc' is not valid (use a version such as 3 or 20261124101500, or latest)"
                        + nl
                        + "  - --steps = '0' is not valid (use a whole number of 1 or more, such as 2)" + nl
                        + "  - --lockWait = '5' has no unit (write 5s for 5 seconds, the same as 5000ms, or 5ms if you"
                        + " meant milliseconds; units: ms, s, min, h, d)" + nl
                        + "  - --outOfOrder = 'yes' is not valid (use true or false)"),
                stderr());
        // a bad profile is one of the problems, listed with its own
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/qa.yml"), "protected: maybe\nlockTimeout: 1MIN\n");
        out.reset();
        err.reset();
        assertEquals(
                ErrorCode.CONFIGURATION.exitCode(),
                run(Map.of(), "upgrade", "--project-dir", project.toString(), "--env", "qa", "--target", "x1"));
        assertTrue(
                stderr().contains("the settings have 2 problems; nothing was changed (fix each of them, then run"
                        + " again):" + nl
                        + "  - environments/qa.yml has 2 problems; nothing was changed (fix each of them, then run again):"
                        + nl + "      - protected = \"maybe\" is not true or false (write protected: true or protected:"
                        + " false)" + nl
                        + "      - lockTimeout = \"1MIN\" spells its unit in capitals, which PostgreSQL refuses (units are"
                        + " case-sensitive: write 1min)" + nl
                        + "  - --target = 'x1' is not valid (use a version such as 3 or 20261124101500, or latest)"),
                stderr());
    }

    @Test
    void promoteWithoutFromIsAConfigurationError() {
        assertEquals(ErrorCode.CONFIGURATION.exitCode(), run(Map.of(), "promote", "--project-dir", project.toString()));
        assertTrue(
                stderr().contains("promote needs the environment to start from; nothing was changed (pass"
                        + " --from staging --to prod)"),
                stderr());
        assertFalse(stderr().contains("-Dmigrate."), stderr());
    }

    @Test
    void everyHintTheCliPrintsIsInItsOwnSyntax() throws Exception {
        Path envs = Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                envs.resolve("staging.yml"), "url: jdbc:postgresql://localhost:1/staging\npromotesTo: prod\n");
        Files.writeString(envs.resolve("prod.yml"), "url: jdbc:postgresql://localhost:1/prod\n");

        assertEquals(
                ErrorCode.CONFIGURATION.exitCode(),
                run(Map.of(), "promote", "--project-dir", project.toString(), "--from", "prod"));
        assertEquals(
                "migrate promote failed: promote needs the environment to promote to: environments/prod.yml has"
                        + " no promotesTo; nothing was changed (prod is the last environment of the chain, the one staging"
                        + " promotes to; promote into it with migrate promote --from staging)\n",
                stderr());
        err.reset();
        assertEquals(
                ErrorCode.CONFIGURATION.exitCode(),
                run(Map.of(), "upgrade", "--project-dir", project.toString(), "--env", "stagign"));
        assertTrue(
                stderr().endsWith("(known environments: prod, staging; create environments/stagign.yml or use"
                        + " --env staging); nothing was changed\n"),
                stderr());
        err.reset();
        assertEquals(
                ErrorCode.CONFIGURATION.exitCode(),
                run(Map.of(), "promote", "--project-dir", project.toString(), "--from", "staging", "--to", "qa"));
        assertTrue(
                stderr().endsWith("nothing was changed (use --to prod, or change promotesTo if the chain has"
                        + " changed)\n"),
                stderr());
        assertFalse(stderr().contains("-Dmigrate."), stderr());
        assertEquals("", stdout());
    }

    @Test
    void unknownVerbAndUnknownOptionAreUsageErrors() {
        assertEquals(MigrateCli.USAGE, run(Map.of(), "migrate"));
        assertTrue(stderr().contains("unknown command 'migrate'"), stderr());
        assertEquals(MigrateCli.USAGE, run(Map.of(), "upgrade", "--steps", "2"));
        assertTrue(stderr().contains("unknown option --steps"), stderr());
    }

    @Tag("postgres")
    @Test
    void upgradeDowngradeAndCurrentRunAgainstTheDatabaseFromDatabaseUrl() throws Exception {
        migrations();
        String jdbcUrl = TestPostgres.newDatabase("cli");
        String url = jdbcUrl.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
        Map<String, String> env = Map.of("DATABASE_URL", url);
        String history = "select version from flyway_schema_history where version is not null and type <> 'SCHEMA'"
                + " order by installed_rank";
        assertEquals(0, run(env, "upgrade", "--project-dir", project.toString()), stderr());
        assertEquals(List.of("1", "2"), TestPostgres.rows(jdbcUrl, history));
        assertTrue(stdout().contains("Applied V2 add email to users"), stdout());
        assertEquals(0, run(env, "downgrade", "--project-dir", project.toString()), stderr());
        assertEquals(List.of("1"), TestPostgres.rows(jdbcUrl, history));
        assertTrue(stdout().contains("Undid V2 add email to users"), stdout());
        assertEquals(
                ErrorCode.CHECK_FAILED.exitCode(),
                run(env, "current", "--project-dir", project.toString(), "--failIfPending", "true"));
        assertTrue(stderr().contains("1 migration is pending on environment dev (current version 1)"), stderr());
        assertFalse((stdout() + stderr()).contains(TestPostgres.PASSWORD), "the password leaked");
    }

    @Tag("postgres")
    @Test
    void wrongPasswordExitsWithTheConnectionCodeAndNeverPrintsIt() throws Exception {
        migrations();
        String url = TestPostgres.newDatabase("cli_pw");
        assertEquals(
                ErrorCode.CONNECTION.exitCode(),
                run(
                        Map.of(),
                        "upgrade",
                        "--project-dir",
                        project.toString(),
                        "--url",
                        url,
                        "--user",
                        "postgres",
                        "--password",
                        "Wrong-Pass-123"));
        assertTrue(stderr().contains("could not connect to the database"), stderr());
        assertTrue(stderr().contains("--password is visible to other users"), stderr());
        assertFalse((stdout() + stderr()).contains("Wrong-Pass-123"), "the password leaked");
    }

    @Test
    void rejectedArgumentHoldingAUrlWithAPasswordIsEchoedMasked() {
        assertEquals(MigrateCli.USAGE, run(Map.of(), "current", "postgresql://app:Cli-Pw-4242@db.internal/shop"));
        assertEquals(
                "migrate current: unexpected argument 'postgresql://app:<masked>@db.internal/shop' (options are"
                        + " --name value; see migrate current --help)" + System.lineSeparator(),
                stderr());
        err.reset();
        // unescaped characters in the password, and the password= form
        assertEquals(
                MigrateCli.USAGE,
                run(
                        Map.of(),
                        "upgrade",
                        "--target",
                        "2",
                        "jdbc:postgresql://h/db?user=app&password=Cli-Pw-4242&ssl=true",
                        "postgres://app:p@ss/Cli-Pw#4242@h/db"));
        assertEquals(
                "migrate upgrade: unexpected argument 'jdbc:postgresql://h/db?user=app&password=<masked>&ssl=true'"
                        + " (options are --name value; see migrate upgrade --help)" + System.lineSeparator(),
                stderr());
        err.reset();
        assertEquals(MigrateCli.USAGE, run(Map.of(), "postgres://app:p@ss/Cli-Pw#4242@h/db", "current"));
        assertEquals(
                "migrate: unknown command 'postgres://app:<masked>@h/db' (commands: init, drop, create, upgrade,"
                        + " downgrade, history, current, validate, repair, backup, restore, verify, test-rollback, promote,"
                        + " snapshot, diff, check, doctor; see --help)"
                        + System.lineSeparator(),
                stderr());
        err.reset();
        // a password given with --password is masked wherever an echoed argument repeats it
        assertEquals(MigrateCli.USAGE, run(Map.of(), "current", "--password", "Cli-Pw-4242", "Cli-Pw-4242"));
        assertEquals(
                "migrate current: unexpected argument '<masked>' (options are --name value; see migrate current"
                        + " --help)" + System.lineSeparator(),
                stderr());
        err.reset();
        // ... and so is the password of DATABASE_URL
        assertEquals(
                MigrateCli.USAGE,
                run(
                        Map.of("DATABASE_URL", "postgresql://app:Cli-Pw-4242@h/db"),
                        "history",
                        "--format",
                        "text",
                        "--output=x",
                        "Cli-Pw-4242"));
        assertEquals(
                "migrate history: unexpected argument '<masked>' (options are --name value; see migrate"
                        + " history --help)" + System.lineSeparator(),
                stderr());
        assertEquals("", stdout());
        assertFalse(project.toFile().list().length > 0, "nothing may be written");
    }

    @Tag("postgres")
    @Tag("process")
    @Test
    void dropOfTheDatabaseFromDatabaseUrlInCiIsRefusedUntilConfirmedThenBacksUpAndKeepsTheAudit() throws Exception {
        migrations();
        String jdbc = TestPostgres.newDatabase("cli_drop");
        String database = jdbc.substring(jdbc.lastIndexOf('/') + 1);
        String url = jdbc.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
        Map<String, String> env = Map.of("DATABASE_URL", url, "CI", "true");
        assertEquals(0, run(env, "upgrade", "--project-dir", project.toString()), stderr());

        assertEquals(ErrorCode.REFUSED.exitCode(), run(env, "drop", "--project-dir", project.toString()));
        assertTrue(stderr().contains("migrate drop failed: drop refused: database " + database + " ("), stderr());
        assertTrue(
                stderr().contains("from DATABASE_URL) is not the embedded development database and nobody"
                        + " confirmed it"),
                stderr());
        assertTrue(
                stderr().contains("nothing was dropped (to drop every object in schema public of database " + database
                        + ", run migrate drop --confirm " + database + " with the same DATABASE_URL)"),
                stderr());
        assertFalse(stdout().contains("Dropped "), stdout());
        assertFalse(Files.exists(project.resolve("backups")), "a refused drop takes no backup");

        assertEquals(0, run(env, "drop", "--project-dir", project.toString(), "--confirm", database), stderr());
        assertTrue(stdout().contains("Backing up database " + database + " before the drop"), stdout());
        assertTrue(stdout().contains("Dropped table public.users"), stdout());
        assertTrue(stdout().contains("the audit table public.migrate_audit was kept and records the drop"), stdout());
        assertTrue(Files.readString(project.resolve("backups/.gitignore")).contains("*"));
        assertFalse((stdout() + stderr()).contains(TestPostgres.PASSWORD), "the password leaked");
    }
}
