package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void jdbcUrlIsKeptAsWritten() {
        DatabaseUrl url =
                DatabaseUrl.parse("jdbc:postgresql://db.internal:5433/guitartab?sslmode=require", "-Dmigrate.url");
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
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://dep%40loy:p%40ss%3Aw%2Fd@db.internal:6543/guitartab?sslmode=verify-full",
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
        MigrateException e = assertThrows(
                MigrateException.class, () -> DatabaseUrl.parse("mysql://bob:hunter2@h/db", "-Dmigrate.url"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "-Dmigrate.url = 'mysql://bob:<masked>@h/db' is not a PostgreSQL URL "
                        + "(use jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)",
                e.getMessage());
    }

    @Test
    void missingDatabaseNameIsRejectedWithMaskedPassword() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:hunter2@h:5432", "environments/prod.yml: url"));
        assertEquals(
                "environments/prod.yml: url = 'postgresql://bob:<masked>@h:5432' has no database name "
                        + "(add it after the host, as in postgresql://host:5432/guitartab)",
                e.getMessage());

        MigrateException jdbc = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse("jdbc:postgresql://h:5432/?password=hunter2", "-Dmigrate.url"));
        assertEquals(
                "-Dmigrate.url = 'jdbc:postgresql://h:5432/?password=<masked>' has no database name "
                        + "(add it after the host, as in jdbc:postgresql://host:5432/guitartab)",
                jdbc.getMessage());
    }

    @Test
    void badPortIsRejected() {
        MigrateException e = assertThrows(
                MigrateException.class, () -> DatabaseUrl.parse("postgresql://bob:hunter2@h:54x/db", "-Dmigrate.url"));
        assertEquals(
                "-Dmigrate.url = 'postgresql://bob:<masked>@h:54x/db' has port '54x', which is not a number "
                        + "from 1 to 65535 (use 5432, PostgreSQL's default)",
                e.getMessage());
    }

    @Test
    void missingHostIsRejected() {
        MigrateException e =
                assertThrows(MigrateException.class, () -> DatabaseUrl.parse("postgresql:///db", "-Dmigrate.url"));
        assertEquals(
                "-Dmigrate.url = 'postgresql:///db' has no host "
                        + "(write it as postgresql://localhost:5432/guitartab)",
                e.getMessage());
    }

    @Test
    void emptyValueIsRejected() {
        MigrateException e = assertThrows(MigrateException.class, () -> DatabaseUrl.parse("  ", "-Dmigrate.url"));
        assertEquals(
                "-Dmigrate.url is empty (use jdbc:postgresql://host:5432/database or "
                        + "postgresql://user@host:5432/database)",
                e.getMessage());
    }

    @Test
    void brokenPercentEscapeDoesNotShowThePassword() {
        MigrateException e = assertThrows(
                MigrateException.class, () -> DatabaseUrl.parse("postgresql://bob:100%secret@h/db", "-Dmigrate.url"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains("write a literal % as %25"), e.getMessage());
    }

    @Test
    void passwordWithUnencodedSlashOrAtIsRefusedWithThePercentEncodingHint() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse("postgresql://bob:pa/s@s@h/db?user=admin@corp", "-Dmigrate.url"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "-Dmigrate.url cannot be read unambiguously: it holds an '@' after a '/' (in what would be the"
                        + " database name), so where the user name and password end cannot be told (the URL is not shown, to"
                        + " keep the password out of the log; percent-encode these characters in the user name and"
                        + " password: @ as %40, / as %2F, ? as %3F, # as %23, & as %26, : in a user name as %3A, and % itself"
                        + " as %25)",
                e.getMessage());
    }

    @Test
    void passwordWithUnencodedQuestionMarkNeverAppearsInMessage() {
        MigrateException e = assertThrows(
                MigrateException.class, () -> DatabaseUrl.parse("postgresql://bob:pass?word@h/db", "-Dmigrate.url"));
        assertFalse(e.getMessage().contains("pass?word"), e.getMessage());
        assertFalse(e.getMessage().contains("?word"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .startsWith("-Dmigrate.url cannot be read unambiguously: it holds an '@' after a" + " '?'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("? as %3F"), e.getMessage());
    }

    /** Passwords of every awkward shape, percent-encoded as they must be: read right, and never in a message. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "p",
                "pp",
                "S3cret",
                "p@ss",
                "pa/ss",
                "pa#ss",
                "pa:ss",
                "100%",
                "pa?ss",
                "pa&ss",
                "pä$$wörd✓",
                "日本語パス",
                "app",
                "internal",
                "db",
                "5432",
                "postgresql",
                "p ss",
                "'\"<>",
                "%40"
            })
    void encodedPasswordOfAnyShapeIsReadAndMaskedByPosition(String password) {
        String encoded = encode(password);
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://app:" + encoded + "@db.internal:5433/guitartab", "environment variable DATABASE_URL");
        assertEquals(password, url.password().value());
        assertEquals("app", url.user());
        assertEquals("jdbc:postgresql://db.internal:5433/guitartab", url.jdbcUrl());
        String user = password.equals("app") ? "<masked>" : "app";

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse(
                        "postgresql://app:" + encoded + "@db.internal:5433", "environment variable DATABASE_URL"));
        assertEquals(
                "environment variable DATABASE_URL = 'postgresql://" + user + ":<masked>@db.internal:5433' has"
                        + " no database name (add it after the host, as in postgresql://host:5432/guitartab)",
                e.getMessage());
        MigrateException jdbc = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse(
                        "jdbc:postgresql://db.internal:5433/?user=app&password=" + encoded + "&ssl=true",
                        "-Dmigrate.url"));
        assertEquals(
                "-Dmigrate.url = 'jdbc:postgresql://db.internal:5433/?user=app&password=<masked>&ssl=true' has"
                        + " no database name (add it after the host, as in jdbc:postgresql://host:5432/guitartab)",
                jdbc.getMessage());

        String text = "could not reach postgresql://app:" + encoded + "@db.internal:5433/guitartab (retrying)";
        assertEquals(
                "could not reach postgresql://" + user + ":<masked>@db.internal:5433/guitartab (retrying)",
                DatabaseUrl.mask(text));
        if (!"app internal db 5432 postgresql guitartab".contains(password)
                && !password.equals("p")
                && !password.equals("pp")) {
            for (String message : List.of(e.getMessage(), jdbc.getMessage(), DatabaseUrl.mask(text))) {
                assertFalse(message.contains(password), message);
                assertFalse(message.contains(encoded), message);
            }
        }
    }

    /** The same passwords written without percent-encoding: refused, the URL never shown, the fix named. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "p@ss",
                "pa/ss",
                "pa#ss",
                "pa?ss",
                "p@1#",
                "Xq/7@",
                "p/q?r#s@t",
                "p ss",
                "a@b/c",
                "@",
                "/",
                "#",
                "?x@"
            })
    void unencodedPasswordThatMovesTheBoundariesIsRefusedWithoutShowingIt(String password) {
        for (String raw : List.of(
                "postgresql://app:" + password + "@pghost.lan:5433/guitartab",
                "postgres://app:" + password + "@pghost.lan/guitartab?sslmode=require")) {
            MigrateException e = assertThrows(
                    MigrateException.class, () -> DatabaseUrl.parse(raw, "environment variable DATABASE_URL"), raw);
            String message = e.getMessage();
            assertTrue(message.startsWith("environment variable DATABASE_URL cannot be read unambiguously: "), message);
            assertTrue(message.contains("@ as %40, / as %2F, ? as %3F, # as %23"), message);
            assertFalse(message.contains("<masked>"), message);
            assertFalse(message.contains("pghost.lan:"), message);
            if (password.length() > 1) {
                assertFalse(message.contains(password), message);
            }
            if (password.contains(" ")) {
                continue; // a space ends a URL in free text; such a URL is refused above before it is ever used
            }
            String masked = DatabaseUrl.mask("connecting to " + raw + " now");
            assertFalse(password.length() > 1 && masked.contains(password), masked);
            assertTrue(masked.startsWith("connecting to postgres"), masked);
            assertTrue(masked.contains("app:<masked>@pghost.lan"), masked);
        }
    }

    @Test
    void ampersandInAPasswordParameterAndAUserNameWithAnAtAreRefused() {
        MigrateException amp = assertThrows(
                MigrateException.class,
                () -> DatabaseUrl.parse("jdbc:postgresql://h/db?password=pa&ss&ssl=true", "-Dmigrate.url"));
        assertTrue(
                amp.getMessage().contains("a password= parameter is followed by text without '='"), amp.getMessage());
        assertFalse(amp.getMessage().contains("ss&"), amp.getMessage());
        MigrateException at = assertThrows(
                MigrateException.class, () -> DatabaseUrl.parse("postgresql://admin@corp:Pw@h/db", "-Dmigrate.url"));
        assertTrue(at.getMessage().contains("more than one '@' before the host"), at.getMessage());
        assertFalse(at.getMessage().contains("Pw@"), at.getMessage());
        // an @ in a parameter's value is no ambiguity, nor a space in a URL without credentials
        assertEquals(
                "admin@corp",
                DatabaseUrl.parse("postgresql://h/db?user=admin@corp", "-Dmigrate.url")
                        .user());
        assertEquals(
                "jdbc:postgresql://h/db?options=-c search_path=app",
                DatabaseUrl.parse("jdbc:postgresql://h/db?options=-c search_path=app", "-Dmigrate.url")
                        .jdbcUrl());
    }

    @Test
    void maskLeavesUrlsWithoutPasswordsAndOtherTextAlone() {
        for (String text : List.of(
                "postgresql://app@db.internal:5433/guitartab",
                "jdbc:postgresql://a:5432,b:5433/db?user=admin@corp&ssl=true",
                "postgresql://[::1]:5432/db",
                "see https://example.com/a:b@c for help",
                "user \"app\" at p.internal:5432/postgres",
                "no url at all: 100% p@ss / # ?")) {
            if (text.startsWith("see")) {
                assertEquals("see https://example.com/a:b@c for help", DatabaseUrl.mask(text));
            } else {
                assertEquals(text, DatabaseUrl.mask(text));
            }
        }
        assertEquals("host=h password=<masked> user=app", DatabaseUrl.mask("host=h password='pa ss' user=app"));
        assertEquals("PGPASSWORD=<masked> pg_dump", DatabaseUrl.mask("PGPASSWORD=S3cret pg_dump"));
        String refusal = "a password= parameter is followed by text without '='";
        assertEquals(refusal, Masking.inText(refusal, List.of(Secret.of("S3cret"))));
    }

    @Test
    void knownPasswordIsMaskedOnlyWhereItStandsAlone() {
        List<Secret> known = List.of(Secret.of("p"), Secret.of("S3cret"), Secret.of("internal"));
        assertEquals(
                "pg_dump: password <masked> was rejected; postgresql stays",
                Masking.inText("pg_dump: password S3cret was rejected; postgresql stays", known));
        // a short run of letters is a word of ordinary text: masking it would garble the text and give it away
        assertEquals("option p is unknown: postgres p.", Masking.inText("option p is unknown: postgres p.", known));
        assertEquals(
                "could not connect to the database (check the user and password, or the credentials in the" + " URL)",
                Masking.inText(
                        "could not connect to the database (check the user and password, or the"
                                + " credentials in the URL)",
                        List.of(Secret.of("the"), Secret.of("app"))));
        // ... but wherever it stands as a password it is masked
        assertEquals(
                "postgresql://app:<masked>@h/db and password=<masked>",
                Masking.inText("postgresql://app:the@h/db and password=the", List.of(Secret.of("the"))));
        assertEquals("'<masked>' (<masked>)", Masking.inText("'S3cret' (S3cret)", known));
        assertEquals("xS3cretx", Masking.inText("xS3cretx", known));
        assertEquals(
                "Connection to db.internal:5433 refused",
                Masking.inText("Connection to db.internal:5433 refused", known));
        assertEquals("a <masked> b", Masking.inText("a p@ss# b", List.of(Secret.of("p@ss#"))));
    }

    private static String encode(String password) {
        return java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
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
        assertEquals(
                "could not reach postgresql://bob:<masked>@h/db",
                DatabaseUrl.mask("could not reach postgresql://bob:hunter2@h/db"));
        assertEquals(
                "jdbc:postgresql://h/db?user=bob&password=<masked>&ssl=true",
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
