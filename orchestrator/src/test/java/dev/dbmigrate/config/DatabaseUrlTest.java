package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void jdbcUrlIsKeptAsWritten() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db.internal:5433/guitartab?sslmode=require", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://db.internal:5433/guitartab?sslmode=require", url.jdbcUrl());
        assertEquals("db.internal", url.host());
        assertEquals(5433, url.port());
        assertEquals("guitartab", url.database());
        assertNull(url.user());
        assertFalse(url.password().isPresent());
    }

    @Test
    void jdbcUrlWithoutPortUsesDefaultPort() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/guitartab", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://localhost/guitartab", url.jdbcUrl());
        assertEquals(5432, url.port());
    }

    @Test
    void jdbcCredentialParametersMoveIntoFields() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://h:5432/db?user=deploy&sslmode=require&password=s3cr%3Dt&ApplicationName=x",
                "-Dmigrate.url");
        assertEquals("jdbc:postgresql://h:5432/db?sslmode=require&ApplicationName=x", url.jdbcUrl());
        assertEquals("deploy", url.user());
        assertEquals("s3cr=t", url.password().value());
    }

    @Test
    void libpqUriBecomesJdbcUrlWithDecodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://dep%40loy:p%40ss%3Aw%2Fd@db.internal:6543/guitartab?sslmode=verify-full",
                "environment variable DATABASE_URL");
        assertEquals("jdbc:postgresql://db.internal:6543/guitartab?sslmode=verify-full", url.jdbcUrl());
        assertEquals("dep@loy", url.user());
        assertEquals("p@ss:w/d", url.password().value());
        assertEquals("guitartab", url.database());
    }

    @Test
    void postgresSchemeWithoutPortGetsDefaultPort() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://bob@db/guitartab", "environment variable DATABASE_URL");
        assertEquals("jdbc:postgresql://db:5432/guitartab", url.jdbcUrl());
        assertEquals("bob", url.user());
        assertFalse(url.password().isPresent());
    }

    @Test
    void libpqPasswordParameterMovesIntoField() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://db/guitartab?password=a+b&user=bob", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://db:5432/guitartab", url.jdbcUrl());
        assertEquals("a+b", url.password().value());
        assertEquals("bob", url.user());
    }

    @Test
    void ipv6HostKeepsItsBrackets() {
        DatabaseUrl libpq = DatabaseUrl.parse("postgresql://u:pw@[::1]/guitartab", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://[::1]:5432/guitartab", libpq.jdbcUrl());
        assertEquals("::1", libpq.host());
        assertEquals(5432, libpq.port());

        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://[fe80::1]:5433/guitartab", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://[fe80::1]:5433/guitartab", jdbc.jdbcUrl());
        assertEquals("fe80::1", jdbc.host());
        assertEquals(5433, jdbc.port());
    }

    @Test
    void severalHostsSurvive() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://a:5432,b/guitartab", "-Dmigrate.url");
        assertEquals("jdbc:postgresql://a:5432,b:5432/guitartab", url.jdbcUrl());
        assertEquals("a", url.host());
    }

    @Test
    void otherSchemeIsRejectedWithMaskedPassword() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("mysql://bob:hunter2@h/db", "-Dmigrate.url"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals("-Dmigrate.url = 'mysql://bob:<masked>@h/db' is not a PostgreSQL URL "
                + "(use jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)", e.getMessage());
    }

    @Test
    void missingDatabaseNameIsRejectedWithMaskedPassword() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:hunter2@h:5432", "environments/prod.yml: url"));
        assertEquals("environments/prod.yml: url = 'postgresql://bob:<masked>@h:5432' has no database name "
                + "(add it after the host, as in postgresql://host:5432/guitartab)", e.getMessage());

        MigrateException jdbc = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("jdbc:postgresql://h:5432/?password=hunter2", "-Dmigrate.url"));
        assertEquals("-Dmigrate.url = 'jdbc:postgresql://h:5432/?password=<masked>' has no database name "
                + "(add it after the host, as in jdbc:postgresql://host:5432/guitartab)", jdbc.getMessage());
    }

    @Test
    void badPortIsRejected() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:hunter2@h:54x/db", "-Dmigrate.url"));
        assertEquals("-Dmigrate.url = 'postgresql://bob:<masked>@h:54x/db' has port '54x', which is not a number "
                + "from 1 to 65535 (use 5432, PostgreSQL's default)", e.getMessage());
    }

    @Test
    void missingHostIsRejected() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("postgresql:///db", "-Dmigrate.url"));
        assertEquals("-Dmigrate.url = 'postgresql:///db' has no host "
                + "(write it as postgresql://localhost:5432/guitartab)", e.getMessage());
    }

    @Test
    void emptyValueIsRejected() {
        MigrateException e = assertThrows(MigrateException.class, () -> DatabaseUrl.parse("  ", "-Dmigrate.url"));
        assertEquals("-Dmigrate.url is empty (use jdbc:postgresql://host:5432/database or "
                + "postgresql://user@host:5432/database)", e.getMessage());
    }

    @Test
    void brokenPercentEscapeDoesNotShowThePassword() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:100%secret@h/db", "-Dmigrate.url"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains("write a literal % as %25"), e.getMessage());
    }

    @Test
    void passwordWithUnencodedSlashOrAtStillParses() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://bob:pa/s@s@h/db?user=admin@corp", "-Dmigrate.url");
        assertEquals("pa/s@s", url.password().value());
        assertEquals("admin@corp", url.user());
        assertEquals("jdbc:postgresql://h:5432/db", url.jdbcUrl());
    }

    @Test
    void passwordWithUnencodedQuestionMarkNeverAppearsInMessage() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:pass?word@h/db", "-Dmigrate.url"));
        assertFalse(e.getMessage().contains("pass"), e.getMessage());
        assertFalse(e.getMessage().contains("word"), e.getMessage());
        assertTrue(e.getMessage().startsWith("-Dmigrate.url = 'postgresql://bob:<masked>@h/db' has port,"),
                e.getMessage());
    }

    @Test
    void toStringMasksPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://bob:hunter2@h/db", "-Dmigrate.url");
        assertFalse(url.toString().contains("hunter2"), url.toString());
        assertTrue(url.toString().contains("password=<masked>"), url.toString());
        assertEquals("jdbc:postgresql://h:5432/db", url.display());
    }

    @Test
    void maskHidesUserInfoPasswordsAndPasswordParameters() {
        assertEquals("could not reach postgresql://bob:<masked>@h/db", DatabaseUrl.mask("could not reach postgresql://bob:hunter2@h/db"));
        assertEquals("jdbc:postgresql://h/db?user=bob&password=<masked>&ssl=true",
                DatabaseUrl.mask("jdbc:postgresql://h/db?user=bob&password=hunter2&ssl=true"));
        assertEquals("postgresql://bob@h/db", DatabaseUrl.mask("postgresql://bob@h/db"));
        assertNull(DatabaseUrl.mask(null));
    }

    @Test
    void withCredentialsOverridesOnlyWhatIsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://bob:one@h/db", "-Dmigrate.url");
        DatabaseUrl sameUser = url.withCredentials(null, Secret.of("two"));
        assertEquals("bob", sameUser.user());
        assertEquals("two", sameUser.password().value());
        DatabaseUrl samePassword = url.withCredentials("alice", null);
        assertEquals("alice", samePassword.user());
        assertEquals("one", samePassword.password().value());
        assertEquals("one", url.withCredentials(null, Secret.NONE).password().value());
    }

    @Test
    void secretNeverPrintsItsValue() {
        assertEquals("<masked>", Secret.of("hunter2").toString());
        assertEquals("<none>", Secret.of(null).toString());
        assertTrue(Secret.of(null) == Secret.NONE);
        assertEquals(Secret.of("a"), Secret.of("a"));
        assertEquals(Secret.of("a").hashCode(), Secret.of("a").hashCode());
        assertFalse(Secret.of("a").equals(Secret.of("b")));
    }
}
