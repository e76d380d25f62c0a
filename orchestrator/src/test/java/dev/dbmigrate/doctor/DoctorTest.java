package dev.dbmigrate.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.doctor.CheckOutcome.Status;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor on real databases: every check passes on a healthy one, and each fails on a database made to fail it,
 * with its text and its fix; the doctor writes nothing. pg_dump runs for its version in every run.
 */
@Tag("postgres")
@Tag("process")
class DoctorTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("DB_PASSWORD", TestPostgres.PASSWORD);
    private static final String LOGIN = "user: postgres\npassword: ${DB_PASSWORD}\n";
    private static final String TIMEOUTS = "lockTimeout: 5s\nstatementTimeout: 1min\n";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path project;

    private String url;

    @BeforeEach
    void migrations() throws IOException {
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(
                migrations.resolve("V1__create_users.sql"), "create table users (id bigint primary key, name text);\n");
        Files.writeString(migrations.resolve("U1__create_users.sql"), "drop table users;\n");
        Files.writeString(migrations.resolve("V2__add_email.sql"), "alter table users add column email text;\n");
        Files.writeString(migrations.resolve("U2__add_email.sql"), "alter table users drop column email;\n");
        url = TestPostgres.newDatabase("doctor");
    }

    /** Writes environments/{@code env}.yml for the test's database with {@code extra} keys. */
    private void profile(String env, String extra) throws IOException {
        Path envs = Files.createDirectories(project.resolve("environments"));
        Files.writeString(envs.resolve(env + ".yml"), "url: " + url + "\n" + extra);
    }

    private MigrateSettings settings(String env, String... more) {
        Map<String, String> values = new HashMap<>(Map.of("env", env));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return SettingsResolver.resolve(values, ENVIRONMENT, project, project.resolve("target"));
    }

    /** V1 applied through an unprotected profile of the same database, V2 pending. */
    private void atVersion1() throws IOException {
        profile("setup", LOGIN);
        try (Migrator migrator = new Migrator(settings("setup", "target", "1"), MigrateListener.NONE)) {
            migrator.upgrade();
        }
    }

    private void asSuperuser(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            c.createStatement().execute(sql);
        }
    }

    /** What the doctor must leave as it was: the relations, the history rows, the roles' grants on the schema. */
    private List<String> state() throws SQLException {
        List<String> rows = new ArrayList<>(TestPostgres.rows(
                url,
                "select c.relname || ':' || c.relkind::text || ':' || coalesce(array_to_string(c.relacl, ','), '')"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') order by 1"));
        rows.addAll(TestPostgres.rows(url, "select h::text from flyway_schema_history h order by installed_rank"));
        return rows;
    }

    private DoctorReport doctor(String env, String... more) {
        return Doctor.run(settings(env, more), MigrateListener.NONE);
    }

    @Test
    void everyCheckPassesOnAHealthyDatabaseAndTheDoctorWritesNothing() throws Exception {
        atVersion1();
        profile("prod", LOGIN + "protected: true\n" + TIMEOUTS + "backup: { directory: backups/prod }\n");
        List<String> before = state();

        DoctorReport report = doctor("prod");

        assertEquals(
                Doctor.checks(),
                report.checks().stream().map(CheckOutcome::name).toList());
        assertEquals(
                List.of(
                        "connection",
                        "server version",
                        "privileges",
                        "history table",
                        "pg_dump/pg_restore",
                        "backup folder",
                        "timeouts",
                        "invalid indexes"),
                Doctor.checks());
        assertTrue(report.checks().stream().allMatch(c -> c.status() == Status.PASS), report.toString());
        assertEquals(
                "connected to " + report.database() + " as postgres; not encrypted (no TLS)",
                report.check("connection").detail());
        String server = report.check("server version").detail();
        assertTrue(server.startsWith("PostgreSQL 1") && server.endsWith(" (supported: 12 to 18)"), server);
        assertEquals(
                "USAGE and CREATE on public; may alter the 1 existing table the pending migrations name (a textual"
                        + " scan of ALTER TABLE, DROP TABLE, CREATE INDEX ... ON, INSERT, UPDATE and DELETE)",
                report.check("privileges").detail());
        assertEquals(
                "public.flyway_schema_history: no failed migration, every applied file unchanged (4 files checked)",
                report.check("history table").detail());
        assertTrue(report.check("pg_dump/pg_restore").detail().startsWith("pg_dump "), report.toString());
        Path backups = project.resolve("backups/prod").toAbsolutePath();
        assertEquals(
                backups + " does not exist yet; " + project.toAbsolutePath() + " is writable, so the first backup"
                        + " creates it",
                report.check("backup folder").detail());
        assertEquals(
                "lockTimeout 5s, statementTimeout 1min",
                report.check("timeouts").detail());
        assertEquals("none in public", report.check("invalid indexes").detail());

        assertEquals(before, state());
        assertFalse(Files.exists(project.resolve("backups")), "the doctor created no folder");
        try (Stream<Path> files = Files.list(project)) {
            assertEquals(
                    List.of("environments", "src"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void everySessionOfTheDoctorRefusesWrites() throws Exception {
        profile("dev", LOGIN);
        MigrateSettings settings = settings("dev");
        DoctorContext context = new DoctorContext(settings, Database.at(settings.database(), settings.schemas()), null);
        try (Connection c = context.connect()) {
            SQLException e = assertThrows(
                    SQLException.class, () -> c.createStatement().execute("create table written (id int)"));
            assertEquals("25006", e.getSQLState(), e.getMessage());
            c.setAutoCommit(false);
            SQLException inTransaction = assertThrows(
                    SQLException.class, () -> c.createStatement().execute("create table written (id int)"));
            assertEquals("25006", inTransaction.getSQLState(), inTransaction.getMessage());
            c.rollback();
        }
        assertEquals(List.of(), TestPostgres.rows(url, "select relname from pg_class where relname = 'written'"));
    }

    @Test
    void aFailedHistoryRowFailsTheHistoryCheck() throws Exception {
        atVersion1();
        asSuperuser("insert into flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) values (2, '2', 'add email', 'SQL',"
                + " 'V2__add_email.sql', 0, 'postgres', 5, false)");
        List<String> before = state();

        CheckOutcome history = doctor("setup").check("history table");

        assertEquals(Status.FAIL, history.status());
        assertEquals(
                "public.flyway_schema_history: 1 problem: V2__add_email.sql (version 2) is recorded as failed in"
                        + " public.flyway_schema_history: it ran outside a transaction and may be partly applied (undo"
                        + " what it did by hand, fix the file, run migrate:repair -Dmigrate.env=setup to remove the"
                        + " failed row, then run migrate:upgrade -Dmigrate.env=setup)",
                history.detail());
        assertEquals("fix each as it says, then run migrate:doctor -Dmigrate.env=setup again", history.fix());
        assertEquals(before, state());
    }

    @Test
    void aFileChangedAfterItWasAppliedFailsTheHistoryCheck() throws Exception {
        atVersion1();
        Files.writeString(
                project.resolve("src/main/resources/db/migration/V1__create_users.sql"),
                "create table users (id bigint primary key, name text, nick text);\n");

        CheckOutcome history = doctor("setup").check("history table");

        assertEquals(Status.FAIL, history.status());
        assertEquals(
                "public.flyway_schema_history: 1 problem: checksum mismatch: V1__create_users.sql was changed after"
                        + " version 1 was applied (the history table records checksum ",
                history.detail().substring(0, history.detail().indexOf("checksum -") + "checksum ".length()));
        assertTrue(history.detail().endsWith(Messages.CHECKSUM_FIX + ")"), history.detail());
        assertEquals("fix each as it says, then run migrate:doctor -Dmigrate.env=setup again", history.fix());
    }

    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildFailsItsCheckWithTheDrop() throws Exception {
        atVersion1();
        asSuperuser("insert into users values (1, 'ann'), (2, 'ann')");
        assertThrows(
                SQLException.class,
                () -> asSuperuser("create unique index concurrently users_name_key on users (name)"));
        List<String> before = state();

        DoctorReport report = doctor("setup");

        CheckOutcome invalid = report.check("invalid indexes");
        assertEquals(Status.FAIL, invalid.status());
        assertEquals(
                "INVALID (left by a failed or interrupted CREATE INDEX CONCURRENTLY, never used by queries):"
                        + " public.users_name_key on public.users",
                invalid.detail());
        assertEquals(
                "DROP INDEX CONCURRENTLY public.users_name_key; then re-run the migration that creates it",
                invalid.fix());
        assertEquals(before, state());
        MigrateException e = Doctor.failure(report, settings("setup"));
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "doctor found 1 failed check on setup: invalid indexes: " + invalid.detail() + " (fix: "
                        + invalid.fix() + "); nothing was changed (fix each, then run migrate:doctor"
                        + " -Dmigrate.env=setup again)",
                e.getMessage());
    }

    @Test
    void aUserWithoutCreateOnTheSchemaNorOwnershipOfAnAlteredTableFailsThePrivilegesCheck() throws Exception {
        String role = "doctor_deploy_" + COUNTER.incrementAndGet() + "_" + System.nanoTime() % 100000;
        asSuperuser("create role " + role + " login password 'deploy-pw'; create schema app;"
                + " grant usage on schema app to " + role);
        profile("setup", LOGIN + "schemas: [app]\n");
        try (Migrator migrator = new Migrator(settings("setup", "target", "1"), MigrateListener.NONE)) {
            migrator.upgrade();
        }
        asSuperuser("grant select on app.flyway_schema_history to " + role);
        profile("deploy", "user: " + role + "\npassword: deploy-pw\nschemas: [app]\n");

        CheckOutcome privileges = doctor("deploy").check("privileges");

        assertEquals(Status.FAIL, privileges.status());
        assertEquals(
                role + " has no CREATE on schema app; V2__add_email.sql line 1 alters app.users, owned by postgres,"
                        + " not by " + role + " nor a role " + role + " belongs to",
                privileges.detail());
        assertEquals(
                "GRANT CREATE ON SCHEMA app TO " + role + " (as the schema's owner), or connect as a user that has"
                        + " it; run as postgres (or a member of its role), or ALTER TABLE app.users OWNER TO " + role,
                privileges.fix());
    }

    @Test
    void aProtectedProfileWithoutTimeoutsFailsTheTimeoutsCheck() throws Exception {
        profile("prod", LOGIN + "protected: true\n");

        CheckOutcome timeouts = doctor("prod").check("timeouts");

        assertEquals(Status.FAIL, timeouts.status());
        assertEquals(
                "environments/prod.yml is protected but sets no lockTimeout and no statementTimeout: a migration"
                        + " waiting for a lock would hold up every query behind it",
                timeouts.detail());
        assertEquals("add lockTimeout: 5s and statementTimeout: 15min to environments/prod.yml", timeouts.fix());
    }

    @Test
    void aBackupFolderThatCannotBeWrittenFailsItsCheck() throws Exception {
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        profile("dev", LOGIN + "backup: { directory: pom.xml/backups }\n");

        CheckOutcome folder = doctor("dev").check("backup folder");

        assertEquals(Status.FAIL, folder.status());
        Path pom = project.resolve("pom.xml").toAbsolutePath();
        assertEquals(
                "cannot write backups to " + pom.resolve("backups") + ": " + pom + " is not a folder", folder.detail());
        assertEquals(
                "set backup.directory in environments/dev.yml to a folder this user can create and write",
                folder.fix());
    }

    @Test
    void aProfileWithoutBackupSectionSkipsTheBackupFolder() throws Exception {
        profile("dev", LOGIN);

        CheckOutcome folder = doctor("dev").check("backup folder");

        assertEquals(Status.SKIPPED, folder.status());
        assertEquals("environments/dev.yml has no backup section", folder.detail());
    }

    @Test
    void pgDumpMissingFailsItsCheck() throws Exception {
        profile("dev", LOGIN);
        Path bin = Files.createDirectories(project.resolve("empty-bin"));

        CheckOutcome tools = doctor("dev", "pgBinDir", bin.toString()).check("pg_dump/pg_restore");

        assertEquals(Status.FAIL, tools.status());
        int server = Integer.parseInt(
                        TestPostgres.rows(url, "show server_version_num").get(0))
                / 10000;
        assertEquals("pg_dump, pg_restore, psql not found in " + bin.toAbsolutePath(), tools.detail());
        assertEquals(
                "install the PostgreSQL " + server + " client with apt-get install postgresql-client-" + server
                        + ", or point the bin directory at one holding pg_dump, pg_restore and psql",
                tools.fix());
    }

    @Test
    void anUnreachableHostFailsTheConnectionAndSkipsEveryCheckThatNeedsTheDatabase() throws Exception {
        url = "jdbc:postgresql://127.0.0.1:1/nowhere";
        profile("prod", "user: deploy\npassword: not-shown-pw\nprotected: true\n" + TIMEOUTS);

        DoctorReport report = doctor("prod");

        CheckOutcome connection = report.check("connection");
        assertEquals(Status.FAIL, connection.status());
        assertEquals(
                "could not connect to the database: Connection to 127.0.0.1:1 refused. Check that the hostname and"
                        + " port are correct and that the postmaster is accepting TCP/IP connections.",
                connection.detail());
        assertEquals(
                "check that the server is running and the host and port in the URL are right (-Dmigrate.url, the"
                        + " profile's url, or DATABASE_URL)",
                connection.fix());
        assertEquals(
                List.of(
                        Status.FAIL,
                        Status.SKIPPED,
                        Status.SKIPPED,
                        Status.SKIPPED,
                        Status.SKIPPED,
                        Status.PASS,
                        Status.PASS,
                        Status.SKIPPED),
                report.checks().stream().map(CheckOutcome::status).toList());
        assertEquals(
                "not checked: no connection", report.check("server version").detail());
        assertFalse(report.toString().contains("not-shown-pw"), report.toString());
        assertEquals(
                ErrorCode.CONNECTION, Doctor.failure(report, settings("prod")).code());
    }
}
