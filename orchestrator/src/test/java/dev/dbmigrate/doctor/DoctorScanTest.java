package dev.dbmigrate.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.doctor.CheckOutcome.Status;
import dev.dbmigrate.doctor.PendingTables.Reference;
import dev.dbmigrate.doctor.PendingTables.Use;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.support.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the doctor decides without a database: the tables a migration names, the versions, local hosts. */
class DoctorScanTest {
    private static List<Reference> scan(String sql) {
        return SqlScript.parse(sql).stream()
                .flatMap(s -> PendingTables.in(s, "V2__x.sql").stream())
                .toList();
    }

    @Test
    void theScanFindsTheTablesAMigrationAltersAndWhatEachNeeds() {
        List<Reference> found = scan("""
                -- a comment first
                alter table if exists only app.users add column nick text;
                ALTER TABLE "Odd ""Name""\" ADD COLUMN x int;
                drop table if exists a, public.b;
                create unique index concurrently if not exists users_nick on only users (nick);
                create index on songs (title);
                insert into audit values (1);
                update only tabs set x = 1;
                delete from app . logs where true;
                create table fresh (id int);
                select * from users;
                """);
        assertEquals(
                List.of(
                        new Reference("app.users", Use.OWNER, "V2__x.sql", 2),
                        new Reference("\"Odd \"\"Name\"\"\"", Use.OWNER, "V2__x.sql", 3),
                        new Reference("a", Use.OWNER, "V2__x.sql", 4),
                        new Reference("public.b", Use.OWNER, "V2__x.sql", 4),
                        new Reference("users", Use.OWNER, "V2__x.sql", 5),
                        new Reference("songs", Use.OWNER, "V2__x.sql", 6),
                        new Reference("audit", Use.INSERT, "V2__x.sql", 7),
                        new Reference("tabs", Use.UPDATE, "V2__x.sql", 8),
                        new Reference("app.logs", Use.DELETE, "V2__x.sql", 9)),
                found);
    }

    @Test
    void aServerOutsideTheSupportedMajorsFailsWithWhichAreSupported() {
        CheckOutcome old = ServerVersionCheck.outcome(11, "11.22");
        assertEquals(Status.FAIL, old.status());
        assertEquals("PostgreSQL 11.22 is older than this tool supports (supported: 12 to 18)", old.detail());
        assertEquals("upgrade the server to PostgreSQL 12 or newer", old.fix());
        CheckOutcome future = ServerVersionCheck.outcome(19, "19.1");
        assertEquals(Status.FAIL, future.status());
        assertEquals("use a release of migrate that supports PostgreSQL 19, or a server 12 to 18", future.fix());
        assertEquals(Status.PASS, ServerVersionCheck.outcome(12, "12.20").status());
    }

    @Test
    void onlyLoopbackAndSocketsAreLocal() {
        assertTrue(ConnectionCheck.isLocal("localhost"));
        assertTrue(ConnectionCheck.isLocal("127.0.0.1"));
        assertTrue(ConnectionCheck.isLocal("::1"));
        assertTrue(ConnectionCheck.isLocal("/var/run/postgresql"));
        assertFalse(ConnectionCheck.isLocal("db.internal"));
        assertFalse(ConnectionCheck.isLocal("10.0.0.5"));
    }

    @Test
    void aProtectedEnvironmentReachedOverTheNetworkWithoutTlsIsAWarning(@TempDir Path project) throws Exception {
        Path envs = Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                envs.resolve("prod.yml"),
                "url: jdbc:postgresql://db.internal:5432/app\nuser: deploy\nprotected: true\n"
                        + "lockTimeout: 5s\nstatementTimeout: 1min\n");
        Files.writeString(envs.resolve("staging.yml"), "url: jdbc:postgresql://db.internal:5432/app\n");
        MigrateSettings prod =
                SettingsResolver.resolve(Map.of("env", "prod"), Map.of(), project, project.resolve("target"));
        MigrateSettings staging =
                SettingsResolver.resolve(Map.of("env", "staging"), Map.of(), project, project.resolve("target"));

        CheckOutcome clear = ConnectionCheck.judged("connected as deploy; not encrypted (no TLS)", false, false, prod);

        assertEquals(Status.WARN, clear.status());
        assertEquals(
                "connected as deploy; not encrypted (no TLS) on a protected environment over the network to"
                        + " db.internal",
                clear.detail());
        assertEquals(
                "add sslmode=verify-full (or sslmode=require) to the URL in environments/prod.yml and enable ssl on"
                        + " the server",
                clear.fix());
        assertEquals(
                Status.PASS, ConnectionCheck.judged("tls", true, false, prod).status());
        assertEquals(
                Status.PASS, ConnectionCheck.judged("local", false, true, prod).status());
        assertEquals(
                Status.PASS,
                ConnectionCheck.judged("unprotected", false, false, staging).status());
    }

    @Test
    void theReadOnlyUrlKeepsItsParametersAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://deploy:pw@db:5432/app?sslmode=require", "test");
        DatabaseUrl readOnly = DoctorContext.readOnly(url);
        assertEquals(
                "jdbc:postgresql://db:5432/app?sslmode=require&options=-c%20default_transaction_read_only%3Don",
                readOnly.jdbcUrl());
        assertEquals("deploy", readOnly.user());
        assertEquals(Secret.of("pw").value(), readOnly.password().value());
    }

    @Test
    void aLibraryMessageSplitsIntoFindingAndFix() {
        CheckOutcome outcome = CheckOutcome.failedWith(
                "x", "pg_dump not found in /bin; nothing was changed (install it (apt-get))", "fallback");
        assertEquals("pg_dump not found in /bin", outcome.detail());
        assertEquals("install it (apt-get)", outcome.fix());
        CheckOutcome plain = CheckOutcome.failedWith("x", "odd failure", "fallback");
        assertEquals(Status.FAIL, plain.status());
        assertEquals("odd failure", plain.detail());
        assertEquals("fallback", plain.fix());
        assertEquals(
                "connected to postgresql://deploy:<masked>@db/app",
                CheckOutcome.pass("x", "connected to postgresql://deploy:pw@db/app")
                        .detail());
    }
}
