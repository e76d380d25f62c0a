package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 6 (docs/reliability.md): the bad-input catalogue. Each case is run through the CLI against a database at
 * version 2 (of 3); each must fail with its documented exit code and a message naming the cause, and the schema, the
 * data and the history must be exactly as before. The database password never appears in the output.
 */
@Tag("postgres")
@Tag("process")
class BadInputCatalogueTest {
    @TempDir
    Path project;

    /** Prepares the project for one case; gets the database URL. */
    @FunctionalInterface
    interface Setup {
        void apply(Path project, String url) throws Exception;
    }

    record Case(String name, Setup setup, List<String> args, int exitCode, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Setup setup, int exit, String fragment, String... args) {
        return new Case(name, setup, List.of(args), exit, fragment);
    }

    private static final Setup NONE = (p, u) -> {};
    private static final int CONFIG = ErrorCode.CONFIGURATION.exitCode();
    private static final int CONNECTION = ErrorCode.CONNECTION.exitCode();
    private static final int FAILED = ErrorCode.MIGRATION_FAILED.exitCode();
    private static final int INVALID = ErrorCode.VALIDATION.exitCode();
    private static final int REFUSED = ErrorCode.REFUSED.exitCode();
    private static final int CHECK = ErrorCode.CHECK_FAILED.exitCode();
    private static final int TOOLS = ErrorCode.ENVIRONMENT.exitCode();

    static Stream<Case> cases() {
        return Stream.of(
                // configuration
                c(
                        "JDBC URL of another database",
                        NONE,
                        CONFIG,
                        "is not a PostgreSQL URL",
                        "upgrade",
                        "--url",
                        "jdbc:mysql://localhost:3306/guitartab"),
                c(
                        "libpq URL without host",
                        NONE,
                        CONFIG,
                        "has no host",
                        "upgrade",
                        "--url",
                        "postgresql://bob:Bobs-Pw-77@/guitartab"),
                c(
                        "URL without database",
                        NONE,
                        CONFIG,
                        "has no database name",
                        "upgrade",
                        "--url",
                        "postgresql://localhost:5432"),
                c("wrong password", NONE, CONNECTION, "password authentication failed", "upgrade", "--env", "wrongpw"),
                c(
                        "wrong port",
                        NONE,
                        CONNECTION,
                        "check that the server is running",
                        "upgrade",
                        "--url",
                        "jdbc:postgresql://127.0.0.1:1/guitartab"),
                c("missing database", NONE, CONNECTION, "does not exist", "upgrade", "--env", "missingdb"),
                c("unknown environment", NONE, CONFIG, "unknown environment 'staging'", "upgrade", "--env", "staging"),
                c(
                        "YAML syntax error",
                        profile("broken", "url: [unclosed\nuser: x\n"),
                        CONFIG,
                        "environments/broken.yml: line",
                        "upgrade",
                        "--env",
                        "broken"),
                c(
                        "unknown key",
                        profile("typo", "lockTimout: 5s\n"),
                        CONFIG,
                        "did you mean lockTimeout",
                        "upgrade",
                        "--env",
                        "typo"),
                c(
                        "undefined variable",
                        profile("undef", "lockTimeout: ${NO_SUCH_VARIABLE_XYZ}\n"),
                        CONFIG,
                        "uses ${NO_SUCH_VARIABLE_XYZ}, which is not set",
                        "upgrade",
                        "--env",
                        "undef"),
                c(
                        "wrong type",
                        profile("wrongtype", "protected: maybe\n"),
                        CONFIG,
                        "protected",
                        "upgrade",
                        "--env",
                        "wrongtype"),
                c(
                        "negative number",
                        profile("negative", "backup:\n  keep: -1\n"),
                        CONFIG,
                        "backup.keep",
                        "upgrade",
                        "--env",
                        "negative"),
                c(
                        "bad duration",
                        profile("duration", "lockTimeout: soon\n"),
                        CONFIG,
                        "lockTimeout",
                        "upgrade",
                        "--env",
                        "duration"),
                c(
                        "duration unit in capitals",
                        profile("caps", "lockTimeout: 5S\n"),
                        CONFIG,
                        "lockTimeout = \"5S\" spells its unit in capitals, which PostgreSQL refuses (units are"
                                + " case-sensitive: write 5s)",
                        "upgrade",
                        "--env",
                        "caps"),
                c(
                        "duration beyond PostgreSQL's range",
                        profile("forever", "statementTimeout: 30d\n"),
                        CONFIG,
                        "statementTimeout = \"30d\" is longer than PostgreSQL's timeouts can hold",
                        "upgrade",
                        "--env",
                        "forever"),
                c(
                        "several mistakes in one section",
                        profile("rollbacks", "rollback: { strategy: revert, fallback:" + " maybe }\n"),
                        CONFIG,
                        "has 2 problems; nothing was changed (fix each of them, then run"
                                + " again):" + System.lineSeparator()
                                + "  - rollback.strategy = \"revert\" is not a rollback"
                                + " strategy (use undo or restore)" + System.lineSeparator() + "  - rollback.fallback ="
                                + " \"maybe\" is not a rollback fallback (use restore or none)",
                        "upgrade",
                        "--env",
                        "rollbacks"),
                c(
                        "several bad option values",
                        NONE,
                        CONFIG,
                        "the settings have 3 problems; nothing was changed",
                        "downgrade",
                        "--lockWait",
                        "5",
                        "--target",
                        "abc",
                        "--steps",
                        "0"),
                c(
                        "backup folder at the project root",
                        profile("rootbackup", "backup: { directory: . }\n"),
                        CONFIG,
                        "backup.directory = '.' of environment rootbackup is the project folder",
                        "backup",
                        "--env",
                        "rootbackup"),
                c(
                        "backup folder in the migration location",
                        profile("gitbackup", "backup: { directory:" + " src/main/resources/db/migration/dumps }\n"),
                        CONFIG,
                        "is inside the migration location",
                        "backup",
                        "--env",
                        "gitbackup"),
                c(
                        "invalid schema name",
                        NONE,
                        CONFIG,
                        "--schemas = 'public; drop table users'",
                        "upgrade",
                        "--schemas",
                        "public; drop table users"),
                c("negative steps", NONE, CONFIG, "--steps = '-1' is not valid", "downgrade", "--steps", "-1"),
                c(
                        "target that is not a version",
                        NONE,
                        CONFIG,
                        "--target = 'abc' is not valid",
                        "upgrade",
                        "--target",
                        "abc"),
                c("unknown output format", NONE, CONFIG, "--format = 'xml' is not valid", "history", "--format", "xml"),
                c(
                        "bad lock wait",
                        NONE,
                        CONFIG,
                        "--lockWait = 'soon' is not a duration",
                        "upgrade",
                        "--lockWait",
                        "soon"),
                c(
                        "steps and target together",
                        NONE,
                        CONFIG,
                        "either --steps 1 or --target 1",
                        "downgrade",
                        "--steps",
                        "1",
                        "--target",
                        "1"),
                c("missing migration folder", NONE, CONFIG, "does not exist", "upgrade", "--locations", "no/such/dir"),
                // migration files
                c(
                        "duplicate versions",
                        file("V3__other_change.sql", "select 1;\n"),
                        INVALID,
                        "V3__add_email.sql and V3__other_change.sql",
                        "validate"),
                c(
                        "undo script without migration",
                        file("U9__nothing.sql", "select 1;\n"),
                        INVALID,
                        "U9__nothing.sql undoes version 9",
                        "validate"),
                c(
                        "odd file name",
                        file("V4_missing_separator.sql", "select 1;\n"),
                        INVALID,
                        "does not follow the naming",
                        "validate"),
                c(
                        "misnamed migration refused by upgrade",
                        file("V4_add_tabs.sql", "create table tabs (id int);\n"),
                        INVALID,
                        "V4_add_tabs.sql (version and description are separated by two underscores, not"
                                + " '_': rename it to V4__add_tabs.sql)",
                        "upgrade"),
                c(
                        "misnamed extension refused by current",
                        file("V4__add_tabs.SQL", "create table tabs (id int);\n"),
                        INVALID,
                        "the extension .SQL must be .sql in lower case",
                        "current"),
                c(
                        "concurrent index mixed with other statements",
                        file(
                                "V4__index_users.sql",
                                "insert into users"
                                        + " values (2, 'Bo');\ncreate index concurrently users_name_idx on users (name);\n"),
                        INVALID,
                        "V4__index_users.sql mixes a statement that cannot run inside a transaction (line 2",
                        "upgrade"),
                c(
                        "gate with an unapplied older migration",
                        file("V1_5__late_branch.sql", "select 1;\n"),
                        CHECK,
                        "V1_5__late_branch.sql is older than the current version 2 but was never applied",
                        "current",
                        "--failIfPending",
                        "true"),
                c(
                        "changed checksum",
                        file(
                                "V1__create_users.sql",
                                "create table users (id bigint primary key, name text);\n-- edited\n"),
                        INVALID,
                        "checksum mismatch",
                        "upgrade"),
                c(
                        "SQL error with file and line",
                        file(
                                "V3__add_email.sql",
                                "alter table users add column email text;\nselect * from no_such_table;\n"),
                        FAILED,
                        "V3__add_email.sql failed at line 2",
                        "upgrade"),
                c(
                        "bytes that are not UTF-8",
                        (p, u) -> Files.write(
                                migrations(p).resolve("V3__add_email.sql"),
                                new byte[] {'s', 'e', 'l', 'e', 'c', 't', ' ', (byte) 0xFF, ';'}),
                        INVALID,
                        "is not valid UTF-8",
                        "upgrade"),
                c(
                        "psql meta-command in an undo script",
                        file("U2__create_songs.sql", "\\set ON_ERROR_STOP\n"),
                        INVALID,
                        "psql meta-command",
                        "downgrade"),
                c(
                        "missing undo script",
                        (p, u) -> Files.delete(migrations(p).resolve("U2__create_songs.sql")),
                        REFUSED,
                        "no undo script U2__create_songs.sql",
                        "downgrade"),
                c(
                        "create message that escapes the folder",
                        NONE,
                        CONFIG,
                        "could write outside the migration folder",
                        "create",
                        "--message",
                        "../../etc/passwd"),
                c(
                        "migration older than the current version",
                        file("V1_5__late_branch.sql", "select 1;\n"),
                        REFUSED,
                        "V1_5__late_branch.sql is older than the current version 2",
                        "upgrade"),
                // targets
                c(
                        "upgrade target behind the current version",
                        NONE,
                        CONFIG,
                        "is below the current version 2",
                        "upgrade",
                        "--target",
                        "1"),
                c(
                        "upgrade target that does not exist",
                        NONE,
                        INVALID,
                        "no migration has version 7 (the newest is 3," + " V3__add_email.sql)",
                        "upgrade",
                        "--target",
                        "7"),
                c(
                        "downgrade target ahead of the current version",
                        NONE,
                        CONFIG,
                        "is above the current version 2",
                        "downgrade",
                        "--target",
                        "7"),
                c(
                        "more steps than applied",
                        NONE,
                        REFUSED,
                        "only 2 migrations can be undone",
                        "downgrade",
                        "--steps",
                        "5"),
                // tools
                c(
                        "pg_dump missing",
                        (p, u) -> Files.createDirectories(p.resolve("empty-bin")),
                        TOOLS,
                        "pg_dump, pg_restore, psql not found",
                        "backup",
                        "--pgBinDir",
                        "empty-bin"),
                c(
                        "pg_dump older than the server",
                        BadInputCatalogueTest::oldTools,
                        TOOLS,
                        "pg_dump 11 cannot back up PostgreSQL 15",
                        "backup",
                        "--pgBinDir",
                        "old-bin"),
                // verification
                c(
                        "check with a syntax error",
                        profile(
                                "checks",
                                "verify:\n  - name: broken\n    sql: selec 1\n" + "    expect: { rows: 1 }\n"),
                        CHECK,
                        "query failed: ERROR: syntax error",
                        "verify",
                        "--env",
                        "checks"),
                c(
                        "check that writes",
                        profile(
                                "checks",
                                "verify:\n  - name: sneaky\n    sql: delete from users"
                                        + " returning id\n    expect: { rows: 0 }\n"),
                        CHECK,
                        "read-only transaction",
                        "verify",
                        "--env",
                        "checks"),
                c(
                        "check over its time budget",
                        profile(
                                "checks",
                                "verify:\n  - name: slow\n    sql: select"
                                        + " pg_sleep(0.3)\n    expect: { rows: 1 }\n    budgetMs: 50\n"),
                        CHECK,
                        "over its budget of 50 ms",
                        "verify",
                        "--env",
                        "checks"),
                // pipeline
                c(
                        "promote to itself",
                        NONE,
                        CONFIG,
                        "names one environment twice",
                        "promote",
                        "--from",
                        "wrongpw",
                        "--to",
                        "wrongpw"),
                c(
                        "promote outside the chain",
                        NONE,
                        CONFIG,
                        "promotes to 'prodx'",
                        "promote",
                        "--from",
                        "chained",
                        "--to",
                        "wrongpw"),
                c(
                        "promote with one URL for both",
                        NONE,
                        CONFIG,
                        "would apply to both",
                        "promote",
                        "--from",
                        "chained",
                        "--url",
                        "jdbc:postgresql://127.0.0.1:1/x"),
                c(
                        "drop on a protected environment without confirmation",
                        NONE,
                        REFUSED,
                        "run migrate drop --env guarded --confirm ",
                        "drop",
                        "--env",
                        "guarded"),
                c(
                        "drop on a protected environment with the wrong confirmation",
                        NONE,
                        REFUSED,
                        "does not match the database name",
                        "drop",
                        "--env",
                        "guarded",
                        "--confirm",
                        "not_this_one"));
    }

    private static Path migrations(Path project) {
        return project.resolve("src/main/resources/db/migration");
    }

    private static Setup file(String name, String content) {
        return (p, u) -> Files.writeString(migrations(p).resolve(name), content);
    }

    private static Setup profile(String env, String yaml) {
        return (p, u) -> Files.writeString(
                p.resolve("environments").resolve(env + ".yml"),
                "url: " + u + "\nuser: postgres\npassword: ${DB_PASSWORD}\n" + yaml);
    }

    private static void oldTools(Path p, String url) throws IOException {
        Path bin = Files.createDirectories(p.resolve("old-bin"));
        for (String tool : List.of("pg_dump", "pg_restore", "psql")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 11.22'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputFailsClearlyAndChangesNothing(Case badInput) throws Exception {
        String url = TestPostgres.newDatabase("bad");
        Path dir = Files.createDirectories(migrations(project));
        Files.writeString(
                dir.resolve("V1__create_users.sql"),
                "create table users (id bigint primary key, name text);\n" + "insert into users values (1, 'Ada');\n");
        Files.writeString(dir.resolve("U1__create_users.sql"), "drop table users;\n");
        Files.writeString(dir.resolve("V2__create_songs.sql"), "create table songs (id bigint primary key);\n");
        Files.writeString(dir.resolve("U2__create_songs.sql"), "drop table songs;\n");
        Path envs = Files.createDirectories(project.resolve("environments"));
        String login = "\nuser: postgres\npassword: ${DB_PASSWORD}\n";
        Files.writeString(envs.resolve("dev.yml"), "url: " + url + login);
        Files.writeString(envs.resolve("wrongpw.yml"), "url: " + url + "\nuser: postgres\npassword: Not-The-Pw-1\n");
        Files.writeString(
                envs.resolve("missingdb.yml"), "url: " + url.replaceAll("/[^/]+$", "/no_such_db_here") + login);
        Files.writeString(envs.resolve("chained.yml"), "url: " + url + login + "promotesTo: prodx\n");
        Files.writeString(envs.resolve("guarded.yml"), "url: " + url + login + "protected: true\n");
        Map<String, String> environment = new HashMap<>(Map.of("DB_PASSWORD", TestPostgres.PASSWORD));
        MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        new HashMap<>(Map.of("target", "2")), environment, project, project.resolve("target")),
                MigrateListener.NONE);
        Files.writeString(dir.resolve("V3__add_email.sql"), "alter table users add column email text;\n");
        Files.writeString(dir.resolve("U3__add_email.sql"), "alter table users drop column email;\n");
        badInput.setup().apply(project, url);
        List<String> before = snapshot(url);
        List<String> filesBefore = files();

        List<String> args = new ArrayList<>(badInput.args());
        args.add("--project-dir");
        args.add(project.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MigrateCli.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

        assertEquals(badInput.exitCode(), exit, output);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(badInput.fragment()), output);
        assertFalse(
                output.replace("-Dmigrate.serverId (with mvn)", "").contains("-Dmigrate."),
                "the CLI printed a hint in Maven's syntax, which it refuses: " + output);
        assertTrue(
                output.contains("nothing was changed")
                        || output.contains("nothing was written")
                        || output.contains("was rolled back")
                        || output.contains("nothing was dropped")
                        || badInput.exitCode() == INVALID,
                "the message says what was not changed: " + output);
        assertFalse(output.contains(TestPostgres.PASSWORD), "the password leaked: " + output);
        assertFalse(output.contains("Bobs-Pw-77") || output.contains("Not-The-Pw-1"), "a password leaked: " + output);
        assertEquals(before, snapshot(url), "schema, data and history unchanged");
        assertEquals(filesBefore, files(), "no file written");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> all = Files.walk(project.resolve("src"))) {
            return all.map(Path::toString).sorted().toList();
        }
    }

    /** Every column and row of every table but the tool's own audit, and the history without timings. */
    private static List<String> snapshot(String url) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name, column_name, data_type from"
                    + " information_schema.columns where table_schema = 'public' and table_name not like"
                    + " 'migrate!_%' escape '!' order by table_name, ordinal_position")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
                    if (!tables.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String t : tables) {
                String cols =
                        t.equals("flyway_schema_history") ? "installed_rank, version, script, checksum, success" : "*";
                try (ResultSet rs = s.executeQuery("select string_agg(x::text, ';' order by x::text) from (select "
                        + cols + " from " + t + ") x")) {
                    rs.next();
                    out.add(t + ": " + rs.getString(1));
                }
            }
        }
        return out;
    }
}
