package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 8 (docs/reliability.md): every goal works for a role that owns the managed schema but is neither a superuser
 * nor allowed to create databases, roles or schemas; names from configuration cannot inject SQL.
 */
@Tag("postgres")
@Tag("process")
class LeastPrivilegeTest {
    private static final AtomicInteger ROLES = new AtomicInteger();
    private static final String OWNER_PASSWORD = "Owner-Pw-5150";

    @TempDir
    Path project;

    private String url;
    private String role;

    @BeforeEach
    void setUp() throws Exception {
        url = TestPostgres.newDatabase("least");
        role = "app_owner_" + ROLES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then"
                    + " create role " + role + " login password '" + OWNER_PASSWORD + "' nosuperuser nocreatedb"
                    + " nocreaterole; end if; end $$");
            s.execute("create schema app authorization " + role);
        }
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(
                dir.resolve("V1__create_users_table.sql"),
                "create table users (id bigint primary key, name text not null);\n"
                        + "insert into users values (1, 'Ada'), (2, 'Linus');\n");
        Files.writeString(dir.resolve("U1__create_users_table.sql"), "drop table users;\n");
        Files.writeString(
                dir.resolve("V2__add_users_email_index.sql"),
                "create index concurrently users_name_idx on users (name);\n");
        Files.writeString(dir.resolve("U2__add_users_email_index.sql"), "drop index concurrently users_name_idx;\n");
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/owner.yml"),
                "url: " + url + "\nuser: " + role
                        + "\npassword: ${OWNER_PASSWORD}\nschemas: [app]\nbackup: { directory: backups/owner }\n"
                        + "verify:\n  - name: two users\n    sql: select count(*) from users\n    expect: { equals: \"2\" }\n");
    }

    private MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("env", "owner"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(
                props, Map.of("OWNER_PASSWORD", OWNER_PASSWORD), project, project.resolve("target"));
    }

    @Test
    void aRoleThatMayNotCreateTheHistoryTableIsToldTheGrantNotABrokenMigration() throws Exception {
        dev.dbmigrate.error.MigrateException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.dbmigrate.error.MigrateException.class,
                () -> dev.dbmigrate.app.MigrateCommands.upgrade(settings("schemas", "public"), line -> {}));
        assertEquals(dev.dbmigrate.error.ErrorCode.CONFIGURATION, e.code());
        assertTrue(
                e.getMessage().startsWith("could not upgrade: ERROR: permission denied for schema public"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("(role " + role + " lacks the privilege: GRANT USAGE, CREATE ON SCHEMA public"
                                + " TO " + role + ", or connect as a role that has it)"),
                e.getMessage());
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing was created");
        }
    }

    @Test
    void everyGoalWorksForTheSchemaOwnerWithoutSuperuserRights() throws Exception {
        List<String> lines = new ArrayList<>();
        MigrateListener listener = e -> lines.add(ConsoleText.text(e));
        MigrateCommands.upgrade(settings(), listener);
        assertEquals(List.of("1", "2"), versions());
        MigrateCommands.current(settings(), listener);
        MigrateCommands.history(settings(), listener);
        MigrateCommands.validate(settings(), listener);
        MigrateCommands.repair(settings(), listener);
        MigrateCommands.verify(settings(), listener);
        MigrateCommands.backup(settings(), listener);
        MigrateCommands.downgrade(settings("steps", "2"), listener);
        assertEquals(List.of(), versions());
        MigrateCommands.upgrade(settings(), listener);
        try (Connection c = connectAsOwner();
                Statement s = c.createStatement()) {
            s.execute("insert into app.users values (3, 'Grace')");
        }
        String database = dev.dbmigrate.config.DatabaseUrl.parse(url, "test").database();
        MigrateCommands.restore(settings("confirm", database), listener);
        assertEquals(2, count("app.users"), "the restore brought back the two users of the backup");
        MigrateCommands.drop(settings("confirm", database), listener);
        assertEquals(1, count("pg_tables where schemaname = 'app'"), "only the audit table is left");
        assertEquals(
                1,
                count("app.migrate_audit where command = 'drop' and message like 'backup owner-%-v2 taken" + " first'"),
                "the owner's drop was backed up first and recorded");
        assertTrue(lines.stream().noneMatch(l -> l.contains(OWNER_PASSWORD)), "no password in the output");
    }

    @Test
    void aVerificationQueryThatWritesIsRefusedForTheOwnerToo() throws Exception {
        MigrateCommands.upgrade(settings(), MigrateListener.NONE);
        Files.writeString(
                project.resolve("environments/owner.yml"),
                Files.readString(project.resolve("environments/owner.yml"))
                        .replace("sql: select count(*) from users", "sql: delete from users returning id"));
        MigrateException e =
                assertThrows(MigrateException.class, () -> MigrateCommands.verify(settings(), MigrateListener.NONE));
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertTrue(e.getMessage().contains("cannot execute DELETE in a read-only transaction"), e.getMessage());
        assertEquals(2, count("app.users"));
    }

    @Test
    void namesFromConfigurationCannotInjectSql() {
        for (String[] bad : new String[][] {
            {"schemas", "app; drop table users"},
            {"schemas", "app\"--"},
            {"table", "history; drop schema app"},
            {"env", "../etc/passwd"}
        }) {
            MigrateException e = assertThrows(MigrateException.class, () -> settings(bad));
            assertEquals(ErrorCode.CONFIGURATION, e.code(), String.join("=", bad));
        }
    }

    private List<String> versions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connectAsOwner();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version from app.flyway_schema_history where version is not null"
                        + " order by installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private int count(String from) throws SQLException {
        try (Connection c = connectAsOwner();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + from)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(url, role, OWNER_PASSWORD);
    }
}
