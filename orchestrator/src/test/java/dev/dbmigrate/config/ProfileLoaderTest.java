package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    private static final Map<String, String> NO_VARIABLES = Map.of();

    @TempDir
    Path project;

    private static final String NL = System.lineSeparator();

    private void write(String fileName, String yaml) throws IOException {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments").resolve(fileName), yaml);
    }

    private MigrateException failure(String env, Map<String, String> variables) {
        MigrateException e = assertThrows(MigrateException.class, () -> ProfileLoader.load(project, env, variables));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        return e;
    }

    private MigrateException prodFailure(String yaml) throws IOException {
        write("prod.yml", yaml);
        return failure("prod", NO_VARIABLES);
    }

    @Test
    void fullProfileIsRead() throws IOException {
        write("prod.yml", """
                url: jdbc:postgresql://db.internal:5432/guitartab
                user: deploy
                password: ${PROD_DB_PASSWORD}
                schemas: [public, app]
                protected: true
                lockTimeout: 5s
                statementTimeout: 15min
                backup:
                  directory: backups/prod
                  format: directory
                  jobs: 2
                  keep: 7
                  compression: 6
                verify:
                  - name: every tab has a song
                    sql: select t.id from tabs t left join songs s on s.id = t.song_id where s.id is null
                    expect: { rows: 0 }
                    budgetMs: 500
                  - name: owner
                    sql: select current_user
                    expect: { equals: "deploy" }
                rollback:
                  strategy: undo
                  fallback: restore
                promotesTo: dr
                """);
        EnvironmentProfile profile = ProfileLoader.load(project, "prod", Map.of("PROD_DB_PASSWORD", "hunter2"));

        assertEquals("prod", profile.name());
        assertEquals(project.resolve("environments/prod.yml"), profile.file());
        assertEquals("jdbc:postgresql://db.internal:5432/guitartab", profile.url());
        assertEquals("deploy", profile.user());
        assertEquals("hunter2", profile.password().value());
        assertEquals(List.of("public", "app"), profile.schemas());
        assertTrue(profile.protectedEnv());
        assertEquals("5s", profile.lockTimeout());
        assertEquals("15min", profile.statementTimeout());
        assertEquals(new EnvironmentProfile.Backup("backups/prod", "directory", 2, 7, 6), profile.backup());
        assertEquals(
                List.of(
                        new EnvironmentProfile.VerifyQuery(
                                "every tab has a song",
                                "select t.id from tabs t left join songs s on s.id = t.song_id where s.id is null",
                                0L,
                                null,
                                500L),
                        new EnvironmentProfile.VerifyQuery("owner", "select current_user", null, "deploy", null)),
                profile.verify());
        assertEquals(new EnvironmentProfile.Rollback("undo", "restore"), profile.rollback());
        assertEquals("dr", profile.promotesTo());
        assertFalse(profile.toString().contains("hunter2"), profile.toString());
    }

    @Test
    void driftAndRehearseDefaultToFailAndTrueOnAProtectedEnvironmentAndToWarnAndFalseElsewhere() throws IOException {
        write("prod.yml", "url: jdbc:postgresql://db/app\nprotected: true\n");
        write("staging.yml", "url: jdbc:postgresql://db/app\n");
        EnvironmentProfile prod = ProfileLoader.load(project, "prod", NO_VARIABLES);
        EnvironmentProfile staging = ProfileLoader.load(project, "staging", NO_VARIABLES);
        assertEquals(EnvironmentProfile.Drift.FAIL, prod.driftMode());
        assertTrue(prod.rehearses());
        assertEquals(EnvironmentProfile.Drift.WARN, staging.driftMode());
        assertFalse(staging.rehearses());
    }

    @Test
    void driftAndRehearseAreReadAsWrittenABareOffIncluded() throws IOException {
        write("prod.yml", "protected: true\nurl: jdbc:postgresql://db/app\ndrift: off\nrehearse: false\n");
        write("staging.yml", "drift: WARN\nrehearse: true\n");
        EnvironmentProfile prod = ProfileLoader.load(project, "prod", NO_VARIABLES);
        assertEquals(EnvironmentProfile.Drift.OFF, prod.driftMode());
        assertFalse(prod.rehearses());
        EnvironmentProfile staging = ProfileLoader.load(project, "staging", NO_VARIABLES);
        assertEquals(EnvironmentProfile.Drift.WARN, staging.driftMode());
        assertTrue(staging.rehearses());
    }

    @Test
    void aDriftSettingThatIsNoneOfTheThreeIsRefusedWithTheChoices() throws IOException {
        assertEquals(
                "environments/prod.yml: drift = \"fial\" is not a drift setting (use fail, warn or off)",
                prodFailure("drift: fial\n").getMessage());
        assertTrue(prodFailure("rehearse: sometimes\n").getMessage().contains("rehearse"), "the message names the key");
    }

    @Test
    void absentDevIsAnEmptyProfile() {
        EnvironmentProfile profile = ProfileLoader.load(project, "dev", NO_VARIABLES);
        assertEquals(EnvironmentProfile.empty("dev"), profile);
        assertNull(profile.file());
        assertTrue(profile.schemas().isEmpty());
        assertFalse(profile.password().isPresent());
    }

    @Test
    void emptyFileIsAnEmptyProfileWithItsFile() throws IOException {
        write("staging.yml", "# nothing yet\n");
        EnvironmentProfile profile = ProfileLoader.load(project, "staging", NO_VARIABLES);
        assertEquals("staging", profile.name());
        assertEquals(project.resolve("environments/staging.yml"), profile.file());
        assertNull(profile.url());
        assertNull(profile.backup());
        assertEquals(new EnvironmentProfile.Rollback("undo", "restore"), profile.rollback());
        assertTrue(profile.verify().isEmpty());
    }

    @Test
    void yamlExtensionIsAccepted() throws IOException {
        write("qa.yaml", "user: tester\n");
        assertEquals("tester", ProfileLoader.load(project, "qa", NO_VARIABLES).user());
    }

    @Test
    void bothExtensionsAtOnceAreRejected() throws IOException {
        write("qa.yml", "user: a\n");
        write("qa.yaml", "user: b\n");
        MigrateException e = failure("qa", NO_VARIABLES);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "environment 'qa' has two files, environments/qa.yml and " + "environments/qa.yaml"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(keep one of them)"), e.getMessage());
    }

    @Test
    void unknownEnvironmentNamesPathKnownEnvironmentsAndFix() throws IOException {
        write("prod.yml", "user: deploy\n");
        MigrateException e = failure("staging", NO_VARIABLES);
        assertEquals(
                "unknown environment 'staging': environments/staging.yml does not exist in "
                        + project.toAbsolutePath().normalize()
                        + " (known environments: prod; create environments/staging.yml or use -Dmigrate.env=prod); nothing"
                        + " was changed",
                e.getMessage());
    }

    @Test
    void unknownEnvironmentListsDevOnlyWhenItHasAFileAndNeverSuggestsWhatDoesNotExist() throws IOException {
        MigrateException e = failure("staging", NO_VARIABLES);
        assertEquals(
                "unknown environment 'staging': environments/staging.yml does not exist in "
                        + project.toAbsolutePath().normalize() + " (known environments: none; create"
                        + " environments/staging.yml, or leave out -Dmigrate.env to use the default environment dev); nothing"
                        + " was changed",
                e.getMessage());
        write("dev.yml", "user: me\n");
        e = failure("qa", NO_VARIABLES);
        assertTrue(
                e.getMessage()
                        .endsWith(" (known environments: dev; create environments/qa.yml, or leave out"
                                + " -Dmigrate.env to use the default environment dev); nothing was changed"),
                e.getMessage());
        write("prod.yml", "user: deploy\n");
        e = failure("qa", NO_VARIABLES);
        assertTrue(
                e.getMessage()
                        .endsWith(" (known environments: dev, prod; create environments/qa.yml or use"
                                + " -Dmigrate.env=prod); nothing was changed"),
                e.getMessage());
    }

    @Test
    void unknownEnvironmentSuggestsTheClosestName() throws IOException {
        write("prod.yml", "");
        write("staging.yml", "");
        MigrateException e = failure("stagign", NO_VARIABLES);
        assertTrue(
                e.getMessage()
                        .contains("(known environments: prod, staging; "
                                + "create environments/stagign.yml or use -Dmigrate.env=staging)"),
                e.getMessage());
    }

    @Test
    void invalidEnvironmentNameIsRejected() {
        MigrateException e = failure("../x", NO_VARIABLES);
        assertEquals(
                "migrate.env = '../x' is not a valid environment name "
                        + "(use letters, digits, '-' and '_', such as staging)",
                e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        MigrateException e = prodFailure("user: deploy\nschemas: [public\npassword: hunter2\n");
        assertTrue(e.getMessage().startsWith("environments/prod.yml: line 3, column 9: "), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());

        MigrateException badIndent = prodFailure("user: deploy\n  password: x: y\n");
        assertEquals(
                "environments/prod.yml: line 2, column 11: mapping values are not allowed here "
                        + "(fix the YAML there; quote values that contain ': ' or ' #' or start with a special character "
                        + "such as {, [, *, & or %)",
                badIndent.getMessage());
    }

    @Test
    void duplicateKeyIsRejected() throws IOException {
        MigrateException e = prodFailure("user: a\nuser: b\n");
        assertTrue(
                e.getMessage().startsWith("environments/prod.yml: line 2, column 1: found duplicate key user"),
                e.getMessage());
    }

    @Test
    void topLevelListIsRejected() throws IOException {
        MigrateException e = prodFailure("- url\n- user\n");
        assertEquals(
                "environments/prod.yml: the file holds a list, not a mapping of keys "
                        + "(write keys such as url: and user: at the start of lines)",
                e.getMessage());
    }

    @Test
    void variablesAndDefaultsAreInterpolatedEverywhere() throws IOException {
        write("prod.yml", """
                url: jdbc:postgresql://${DB_HOST}:${DB_PORT:-5432}/guitartab
                user: ${DB_USER:-deploy}
                schemas: ["${SCHEMA}"]
                protected: ${PROTECTED:-true}
                backup:
                  directory: ${BACKUP_ROOT}/prod
                  jobs: ${JOBS:-1}
                verify:
                  - name: literal
                    sql: select '$${NOT_A_VARIABLE}'
                    expect: { equals: "${EXPECTED}" }
                """);
        EnvironmentProfile profile = ProfileLoader.load(
                project,
                "prod",
                Map.of(
                        "DB_HOST",
                        "db.internal",
                        "SCHEMA",
                        "app",
                        "BACKUP_ROOT",
                        "/var/backups",
                        "EXPECTED",
                        "42",
                        "DB_USER",
                        ""));
        assertEquals("jdbc:postgresql://db.internal:5432/guitartab", profile.url());
        assertEquals("deploy", profile.user(), "an empty variable takes the default, as in the shell");
        assertEquals(List.of("app"), profile.schemas());
        assertTrue(profile.protectedEnv());
        assertEquals("/var/backups/prod", profile.backup().directory());
        assertEquals(1, profile.backup().jobs());
        assertEquals("select '${NOT_A_VARIABLE}'", profile.verify().get(0).sql());
        assertEquals("42", profile.verify().get(0).expectEquals());
    }

    @Test
    void undefinedVariableNamesFileKeyAndVariable() throws IOException {
        MigrateException e = prodFailure("password: ${PROD_DB_PASSWORD}\n");
        assertEquals(
                "environments/prod.yml: password uses ${PROD_DB_PASSWORD}, which is not set "
                        + "(export PROD_DB_PASSWORD or write ${PROD_DB_PASSWORD:-default})",
                e.getMessage());
    }

    @Test
    void undefinedVariableInNestedValueNamesItsKeyPath() throws IOException {
        MigrateException inList = prodFailure("""
                verify:
                  - name: a
                    sql: select ${COLUMN}
                    expect: { rows: 1 }
                """);
        assertEquals(
                "environments/prod.yml: verify[0].sql uses ${COLUMN}, which is not set "
                        + "(export COLUMN or write ${COLUMN:-default})",
                inList.getMessage());

        MigrateException inMap = prodFailure("backup:\n  directory: ${BACKUPS}\n");
        assertTrue(
                inMap.getMessage().startsWith("environments/prod.yml: backup.directory uses ${BACKUPS}"),
                inMap.getMessage());
    }

    @Test
    void unterminatedReferenceIsRejectedWithoutShowingPassword() throws IOException {
        MigrateException e = prodFailure("password: hunter2${X\n");
        assertEquals(
                "environments/prod.yml: password = <masked> has a ${ without its closing } "
                        + "(close it, or write $${ for a literal ${)",
                e.getMessage());

        MigrateException user = prodFailure("user: ${1X}\n");
        assertEquals(
                "environments/prod.yml: user = \"${1X}\" has ${1X}, which is not a variable reference "
                        + "(write ${NAME} or ${NAME:-default} with a name of letters, digits and _, or $${ for a literal ${)",
                user.getMessage());
    }

    @Test
    void unknownTopLevelKeyListsKnownKeys() throws IOException {
        MigrateException e = prodFailure("lock_timeout: 5s\n");
        assertEquals(
                "environments/prod.yml: unknown key 'lock_timeout' (did you mean lockTimeout? known keys: "
                        + "url, user, password, schemas, protected, lockTimeout, statementTimeout, backup, verify, "
                        + "rollback, promotesTo, drift, rehearse, lockRetries)",
                e.getMessage());

        MigrateException noGuess = prodFailure("database: x\n");
        assertTrue(
                noGuess.getMessage().startsWith("environments/prod.yml: unknown key 'database' (known keys: url,"),
                noGuess.getMessage());
    }

    @Test
    void unknownKeysInsideSectionsAreRejected() throws IOException {
        assertEquals(
                "environments/prod.yml: unknown key 'backup.compress' (known keys in backup: "
                        + "directory, format, jobs, keep, compression)",
                prodFailure("backup:\n  compress: true\n").getMessage());
        assertEquals(
                "environments/prod.yml: unknown key 'rollback.strategie' (did you mean strategy? "
                        + "known keys in rollback: strategy, fallback)",
                prodFailure("rollback:\n  strategie: undo\n").getMessage());
        assertEquals(
                "environments/prod.yml has 3 problems; nothing was changed (fix each of them, then run again):"
                        + NL
                        + "  - unknown key 'verify[0].query' (known keys in verify[0]: name, sql, expect, budgetMs)"
                        + NL
                        + "  - verify[0] ('a') has no sql (add sql: with a query, such as sql: select count(*) from tabs)"
                        + NL
                        + "  - verify[0] ('a') has no expect (write expect: { rows: 0 } or expect: { equals: \"VALUE\" })",
                prodFailure("verify:\n  - name: a\n    query: select 1\n").getMessage());
        assertEquals(
                "environments/prod.yml has 2 problems; nothing was changed (fix each of them, then run again):"
                        + NL + "  - unknown key 'verify[0].expect.count' (known keys in verify[0].expect: rows, equals)"
                        + NL
                        + "  - verify[0].expect has neither rows nor equals (write expect: { rows: 0 } or expect: {"
                        + " equals: \"VALUE\" })",
                prodFailure("verify:\n  - name: a\n    sql: select 1\n    expect: { count: 1 }\n")
                        .getMessage());
    }

    @Test
    void protectedMustBeBoolean() throws IOException {
        assertEquals(
                "environments/prod.yml: protected = \"maybe\" is not true or false "
                        + "(write protected: true or protected: false)",
                prodFailure("protected: maybe\n").getMessage());
    }

    @Test
    void schemasMayBeOneCommaSeparatedString() throws IOException {
        write("prod.yml", "schemas: public, app\n");
        assertEquals(
                List.of("public", "app"),
                ProfileLoader.load(project, "prod", NO_VARIABLES).schemas());
    }

    @Test
    void schemaNamesThatCouldInjectSqlAreRejected() throws IOException {
        assertEquals(
                "environments/prod.yml: schemas[1] = \"app; drop table tabs\" is not a valid schema name "
                        + "(use letters, digits, _ and $, starting with a letter or _, such as public; "
                        + "list several as schemas: [public, app])",
                prodFailure("schemas: [public, 'app; drop table tabs']\n").getMessage());
        assertEquals(
                "environments/prod.yml: schemas = \"public, app-data\" contains \"app-data\", which is not "
                        + "a valid schema name (use letters, digits, _ and $, starting with a letter or _, such as public; "
                        + "list several as schemas: [public, app])",
                prodFailure("schemas: public, app-data\n").getMessage());
        assertEquals(
                "environments/prod.yml: schemas is a mapping, not a list "
                        + "(write schemas: [public, app] or schemas: public)",
                prodFailure("schemas: {a: b}\n").getMessage());
    }

    @Test
    void timeoutsMustBePostgresDurations() throws IOException {
        assertEquals(
                "environments/prod.yml: lockTimeout = \"5 seconds\" is not a duration (use a number with a"
                        + " unit: ms, s, min, h or d, such as 500ms, 5s or 15min)",
                prodFailure("lockTimeout: 5 seconds\n").getMessage());
        assertEquals(
                "environments/prod.yml: statementTimeout = \"1m\" is not a duration (use a number with a"
                        + " unit: ms, s, min, h or d, such as 500ms, 5s or 15min)",
                prodFailure("statementTimeout: 1m\n").getMessage());
        write("prod.yml", "lockTimeout: 500ms\nstatementTimeout: 2 h\n");
        EnvironmentProfile profile = ProfileLoader.load(project, "prod", NO_VARIABLES);
        assertEquals("500ms", profile.lockTimeout());
        assertEquals("2 h", profile.statementTimeout());
        write("prod.yml", "lockTimeout: 0\n");
        assertEquals("0", ProfileLoader.load(project, "prod", NO_VARIABLES).lockTimeout());
    }

    /** PostgreSQL reads a bare number as milliseconds; a profile never silently does. */
    @Test
    void durationWithoutUnitIsRefusedShowingBothSpellingsForEveryDurationKey() throws IOException {
        assertEquals(
                "environments/prod.yml: lockTimeout = \"5\" has no unit (write 5s for 5 seconds, the same as"
                        + " 5000ms, or 5ms if you meant milliseconds; units: ms, s, min, h, d)",
                prodFailure("lockTimeout: 5\n").getMessage());
        assertEquals(
                "environments/prod.yml: statementTimeout = \"30\" has no unit (write 30s for 30 seconds, the"
                        + " same as 30000ms, or 30ms if you meant milliseconds; units: ms, s, min, h, d)",
                prodFailure("statementTimeout: '30'\n").getMessage());
        // the same parser reads -Dmigrate.lockWait
        MigrateException lockWait = assertThrows(
                MigrateException.class,
                () -> SettingsResolver.resolve(Map.of("lockWait", "90"), Map.of(), project, project.resolve("target")));
        assertEquals(
                "migrate.lockWait = '90' has no unit (write 90s for 90 seconds, the same as 90000ms, or 90ms if"
                        + " you meant milliseconds; units: ms, s, min, h, d); nothing was changed",
                lockWait.getMessage());
        assertEquals(java.time.Duration.ofMinutes(2), PgDuration.parse("2min", null));
        assertThrows(IllegalArgumentException.class, () -> PgDuration.parse("15", null));
    }

    /** PostgreSQL's units are case-sensitive and its timeouts hold at most INT_MAX ms: the profile refuses the rest. */
    @Tag("postgres")
    @Test
    void durationsPostgresRefusesAreRefusedByTheProfileAndWhatIsSentIsWhatWasValidated() throws Exception {
        assertEquals(
                "environments/prod.yml: lockTimeout = \"5S\" spells its unit in capitals, which PostgreSQL"
                        + " refuses (units are case-sensitive: write 5s)",
                prodFailure("lockTimeout: 5S\n").getMessage());
        assertEquals(
                "environments/prod.yml: statementTimeout = \"15MIN\" spells its unit in capitals, which"
                        + " PostgreSQL refuses (units are case-sensitive: write 15min)",
                prodFailure("statementTimeout: 15MIN\n").getMessage());
        assertEquals(
                "environments/prod.yml: lockTimeout = \"2Ms\" spells its unit in capitals, which PostgreSQL"
                        + " refuses (units are case-sensitive: write 2ms)",
                prodFailure("lockTimeout: 2Ms\n").getMessage());
        String tooLong = " is longer than PostgreSQL's timeouts can hold (at most 2147483647ms, about 24 days: write"
                + " 24d or less, or 0 for no timeout)";
        assertEquals(
                "environments/prod.yml: statementTimeout = \"30d\"" + tooLong,
                prodFailure("statementTimeout: 30d\n").getMessage());
        assertEquals(
                "environments/prod.yml: lockTimeout = \"99999999999d\"" + tooLong,
                prodFailure("lockTimeout: 99999999999d\n").getMessage());
        assertEquals(
                "environments/prod.yml: lockTimeout = \"2147483648ms\"" + tooLong,
                prodFailure("lockTimeout: 2147483648ms\n").getMessage());
        assertEquals(
                "environments/prod.yml: lockTimeout = \"9999999999999999999999h\"" + tooLong,
                prodFailure("lockTimeout: 9999999999999999999999h\n").getMessage());
        MigrateException lockWait = assertThrows(
                MigrateException.class,
                () -> SettingsResolver.resolve(
                        Map.of("lockWait", "10H"), Map.of(), project, project.resolve("target")));
        assertEquals(
                "migrate.lockWait = '10H' spells its unit in capitals, which PostgreSQL refuses (units are"
                        + " case-sensitive: write 10h); nothing was changed",
                lockWait.getMessage());

        // what the profile accepts, the server accepts: the session is given the validated value in milliseconds
        write("prod.yml", "lockTimeout: 24d\nstatementTimeout: 2147483647ms\n");
        EnvironmentProfile profile = ProfileLoader.load(project, "prod", NO_VARIABLES);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        dev.dbmigrate.testing.TestPostgres.newDatabase("durations"),
                        "postgres",
                        dev.dbmigrate.testing.TestPostgres.PASSWORD);
                java.sql.Statement st = c.createStatement()) {
            for (String text : List.of(profile.lockTimeout(), profile.statementTimeout(), "5 s", "15min", "2h", "0")) {
                String sent = PgDuration.sqlValue(text);
                st.execute("set lock_timeout = '" + sent + "'");
                try (java.sql.ResultSet rs =
                        st.executeQuery("select setting::bigint from pg_settings" + " where name = 'lock_timeout'")) {
                    rs.next();
                    assertEquals(PgDuration.parse(text, null).toMillis(), rs.getLong(1), text + " sent as " + sent);
                }
            }
        }
        assertEquals("2073600000ms", PgDuration.sqlValue("24d"));
    }

    /** A value whose variable is not set is reported once, not again as missing by the key that needs it. */
    @Test
    void unsetVariableIsReportedOnceEvenWhereTheKeyIsRequired() throws IOException {
        assertEquals(
                "environments/prod.yml: verify[0].sql uses ${NO_SUCH_SQL}, which is not set (export NO_SUCH_SQL"
                        + " or write ${NO_SUCH_SQL:-default})",
                prodFailure("verify:\n  - name: a\n    sql: ${NO_SUCH_SQL}\n    expect: { rows: 0 }\n")
                        .getMessage());
    }

    /** One run shows every mistake of a profile, each with its key, its value and its fix. */
    @Test
    void everyProblemOfAProfileIsReportedAtOnce() throws IOException {
        MigrateException e = prodFailure("""
                lockTimout: 5s
                lockTimeout: 5
                schemas: [public, app-data]
                protected: maybe
                url: ${PROD_DB_URL}
                password: ${PROD_DB_PASSWORD}
                backup:
                  format: tar
                  jobs: two
                verify:
                  - name: a
                    sql: select 1
                    expect: { rows: -1 }
                  - name: b
                    expect: { rows: 0 }
                rollback:
                  strategy: undo
                promotesTo: prod
                """);
        assertEquals(
                String.join(
                        NL,
                        "environments/prod.yml has 11 problems; nothing was changed (fix each of them, then run again):",
                        "  - url uses ${PROD_DB_URL}, which is not set (export PROD_DB_URL or write ${PROD_DB_URL:-default})",
                        "  - password uses ${PROD_DB_PASSWORD}, which is not set (export PROD_DB_PASSWORD or write"
                                + " ${PROD_DB_PASSWORD:-default})",
                        "  - unknown key 'lockTimout' (did you mean lockTimeout? known keys: url, user, password, schemas,"
                                + " protected, lockTimeout, statementTimeout, backup, verify, rollback, promotesTo, drift,"
                                + " rehearse, lockRetries)",
                        "  - promotesTo = \"prod\" names this environment itself (name the next environment in the chain, or"
                                + " remove promotesTo on the last one)",
                        "  - schemas[1] = \"app-data\" is not a valid schema name (use letters, digits, _ and $, starting"
                                + " with a letter or _, such as public; list several as schemas: [public, app])",
                        "  - protected = \"maybe\" is not true or false (write protected: true or protected: false)",
                        "  - lockTimeout = \"5\" has no unit (write 5s for 5 seconds, the same as 5000ms, or 5ms if you meant"
                                + " milliseconds; units: ms, s, min, h, d)",
                        "  - backup.format = \"tar\" is not a backup format (use custom or directory)",
                        "  - backup.jobs = \"two\" is not a number (use an integer such as 2)",
                        "  - verify[0].expect.rows = -1 is not 0 or more (use a row count such as 0)",
                        "  - verify[1] ('b') has no sql (add sql: with a query, such as sql: select count(*) from tabs)"),
                e.getMessage());
    }

    /** Within a section too: every key of rollback, of each check and of backup is checked on its own. */
    @Test
    void everyProblemOfEverySectionIsReportedNotOnlyTheFirstOfEach() throws IOException {
        MigrateException e = prodFailure("""
                rollback: { strategy: revert, fallback: maybe }
                verify:
                  - name: one row
                    sql: select 1
                    expect: { rows: one }
                    budgetMs: fast
                  - sql: select 2
                    expect: { equals: 2, rows: 1 }
                    budgetMs: 0
                backup: { jobs: two, keep: many }
                schemas: [public, 1app, app-data]
                """);
        assertEquals(
                String.join(
                        NL,
                        "environments/prod.yml has 11 problems; nothing was changed (fix each of them, then run again):",
                        "  - schemas[1] = \"1app\" is not a valid schema name (use letters, digits, _ and $, starting"
                                + " with a letter or _, such as public; list several as schemas: [public, app])",
                        "  - schemas[2] = \"app-data\" is not a valid schema name (use letters, digits, _ and $, starting"
                                + " with a letter or _, such as public; list several as schemas: [public, app])",
                        "  - backup.jobs = \"two\" is not a number (use an integer such as 2)",
                        "  - backup.keep = \"many\" is not a number (use an integer such as 10)",
                        "  - verify[0].expect.rows = \"one\" is not a number (use a row count such as 0)",
                        "  - verify[0].budgetMs = \"fast\" is not a number (use milliseconds as an integer, such as 500)",
                        "  - verify[1] has no name (add name: with a short description, such as name: every tab has a"
                                + " song)",
                        "  - verify[1].expect has both rows and equals (write expect: { rows: 0 } or expect: { equals:"
                                + " \"VALUE\" })",
                        "  - verify[1].budgetMs = 0 is not positive (use milliseconds as an integer, such as 500)",
                        "  - rollback.strategy = \"revert\" is not a rollback strategy (use undo or restore)",
                        "  - rollback.fallback = \"maybe\" is not a rollback fallback (use restore or none)"),
                e.getMessage());
    }

    @Test
    void backupDefaultsApply() throws IOException {
        write("prod.yml", "backup: {}\n");
        EnvironmentProfile.Backup defaults =
                ProfileLoader.load(project, "prod", NO_VARIABLES).backup();
        assertEquals(new EnvironmentProfile.Backup("backups/prod", "directory", 2, 10, 1), defaults);
        assertEquals(EnvironmentProfile.Backup.defaults("prod"), defaults, "a profile without backup: gets the same");
        write("prod.yml", "backup: { format: custom }\n");
        assertEquals(
                new EnvironmentProfile.Backup("backups/prod", "custom", 1, 10, 1),
                ProfileLoader.load(project, "prod", NO_VARIABLES).backup(),
                "the custom format has one job");
        write("prod.yml", "backup: { format: custom, compression: 0 }\n");
        assertEquals(
                0, ProfileLoader.load(project, "prod", NO_VARIABLES).backup().compression());
        write("prod.yml", "backup: { compression: \"9\" }\n");
        assertEquals(
                9, ProfileLoader.load(project, "prod", NO_VARIABLES).backup().compression());
    }

    @Test
    void backupCompressionIsAGzipLevel() throws IOException {
        String fix = "(use a gzip level from 0 (no compression) to 9 (smallest, slowest); the default, 1, is the "
                + "fastest that compresses)";
        assertEquals(
                "environments/prod.yml: backup.compression = \"zstd\" is not a number " + fix,
                prodFailure("backup:\n  compression: zstd\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.compression = 10 is above 9 " + fix,
                prodFailure("backup:\n  compression: 10\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.compression = -1 is not 0 or more " + fix,
                prodFailure("backup:\n  compression: -1\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.compression = true is not a number " + fix,
                prodFailure("backup:\n  compression: true\n").getMessage());
    }

    @Test
    void backupValuesAreValidated() throws IOException {
        assertEquals(
                "environments/prod.yml: backup.jobs = \"two\" is not a number (use an integer such as 2)",
                prodFailure("backup:\n  format: directory\n  jobs: two\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.keep = 0 is not positive (use an integer such as 10)",
                prodFailure("backup:\n  keep: 0\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.format = \"tar\" is not a backup format (use custom or directory)",
                prodFailure("backup:\n  format: tar\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup.jobs = 4 needs backup.format: directory, but the format is custom "
                        + "(pg_dump runs parallel jobs only in the directory format; set format: directory or remove jobs)",
                prodFailure("backup:\n  format: custom\n  jobs: 4\n").getMessage());
        assertEquals(
                "environments/prod.yml: backup = \"yes\" is not a mapping "
                        + "(write its keys on indented lines below backup:, such as format: custom)",
                prodFailure("backup: \"yes\"\n").getMessage());
    }

    @Test
    void verifyItemsAreValidated() throws IOException {
        assertEquals(
                "environments/prod.yml: verify is a mapping, not a list (write each check as an item starting "
                        + "with '- name:', followed by sql: and expect:)",
                prodFailure("verify:\n  name: a\n").getMessage());
        assertEquals(
                "environments/prod.yml: verify[0] has no name (add name: with a short description, "
                        + "such as name: every tab has a song)",
                prodFailure("verify:\n  - {sql: select 1, expect: {rows: 1}}\n").getMessage());
        assertEquals(
                "environments/prod.yml: verify[0] ('a') has no sql (add sql: with a query, such as "
                        + "sql: select count(*) from tabs)",
                prodFailure("verify:\n  - {name: a, expect: {rows: 1}}\n").getMessage());
        assertEquals(
                "environments/prod.yml: verify[0] ('a') has no expect "
                        + "(write expect: { rows: 0 } or expect: { equals: \"VALUE\" })",
                prodFailure("verify:\n  - name: a\n    sql: select 1\n").getMessage());
        assertEquals(
                "environments/prod.yml: verify[0].expect has both rows and equals "
                        + "(write expect: { rows: 0 } or expect: { equals: \"VALUE\" })",
                prodFailure("verify:\n  - {name: a, sql: select 1, expect: {rows: 1, equals: '1'}}\n")
                        .getMessage());
        assertEquals(
                "environments/prod.yml: verify[0].expect has neither rows nor equals "
                        + "(write expect: { rows: 0 } or expect: { equals: \"VALUE\" })",
                prodFailure("verify:\n  - {name: a, sql: select 1, expect: {}}\n")
                        .getMessage());
        assertEquals(
                "environments/prod.yml: verify[0].expect.rows = -1 is not 0 or more (use a row count such as 0)",
                prodFailure("verify:\n  - {name: a, sql: select 1, expect: {rows: -1}}\n")
                        .getMessage());
        assertEquals(
                "environments/prod.yml: verify[0].budgetMs = \"fast\" is not a number "
                        + "(use milliseconds as an integer, such as 500)",
                prodFailure("verify:\n  - {name: a, sql: select 1, expect: {rows: 1}, budgetMs: fast}\n")
                        .getMessage());
        assertEquals(
                "environments/prod.yml: verify[1].name = \"a\" is already the name of verify[0] "
                        + "(give each check its own name; reports refer to checks by name)",
                prodFailure("verify:\n  - {name: a, sql: select 1, expect: {rows: 1}}\n"
                                + "  - {name: a, sql: select 2, expect: {rows: 1}}\n")
                        .getMessage());
    }

    @Test
    void rollbackDefaultsAndValuesAreValidated() throws IOException {
        write("prod.yml", "rollback: {}\n");
        assertEquals(
                new EnvironmentProfile.Rollback("undo", "restore"),
                ProfileLoader.load(project, "prod", NO_VARIABLES).rollback());
        assertEquals(
                "environments/prod.yml: rollback.strategy = \"revert\" is not a rollback strategy "
                        + "(use undo or restore)",
                prodFailure("rollback:\n  strategy: revert\n").getMessage());
        assertEquals(
                "environments/prod.yml: rollback.fallback = \"undo\" is not a rollback fallback "
                        + "(use restore or none)",
                prodFailure("rollback:\n  fallback: undo\n").getMessage());
    }

    @Test
    void promotesToMustBeAnotherValidEnvironment() throws IOException {
        assertEquals(
                "environments/prod.yml: promotesTo = \"../live\" is not a valid environment name "
                        + "(use letters, digits, '-' and '_', such as prod)",
                prodFailure("promotesTo: ../live\n").getMessage());
        assertEquals(
                "environments/prod.yml: promotesTo = \"prod\" names this environment itself "
                        + "(name the next environment in the chain, or remove promotesTo on the last one)",
                prodFailure("promotesTo: prod\n").getMessage());
    }

    @Test
    void badUrlIsReportedWithFileKeyAndMaskedPassword() throws IOException {
        assertEquals(
                "environments/prod.yml: url = 'mysql://bob:<masked>@h/db' is not a PostgreSQL URL "
                        + "(use jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)",
                prodFailure("url: mysql://bob:hunter2@h/db\n").getMessage());
    }

    @Test
    void passwordNeverAppearsInMessagesOrToString() throws IOException {
        MigrateException list = prodFailure("password: [hunter2]\n");
        assertFalse(list.getMessage().contains("hunter2"), list.getMessage());
        assertEquals(
                "environments/prod.yml: password is a list, not a single value "
                        + "(write it on the same line, as in password: value)",
                list.getMessage());

        write("prod.yml", "url: postgresql://bob:hunter2@db/guitartab\npassword: hunter3\n");
        EnvironmentProfile profile = ProfileLoader.load(project, "prod", NO_VARIABLES);
        assertFalse(profile.toString().contains("hunter2"), profile.toString());
        assertFalse(profile.toString().contains("hunter3"), profile.toString());
        assertTrue(profile.toString().contains("url=postgresql://bob:<masked>@db/guitartab"), profile.toString());
    }

    @Test
    void verifyChecksCanComeFromAFileNamedInTheProfile() throws IOException {
        Files.createDirectories(project.resolve("verify"));
        Files.writeString(project.resolve("verify/common.yml"), """
                - name: every tab has a song
                  sql: select t.id from tabs t left join songs s on s.id = t.song_id where s.id is null
                  expect: { rows: 0 }
                - name: schema owner
                  sql: select nspowner::regrole::text from pg_namespace where nspname = '${SCHEMA:-public}'
                  expect: { equals: "pg_database_owner" }
                """);
        write("prod.yml", """
                verify:
                  - name: users exist
                    sql: select count(*) from users
                    expect: { equals: "3" }
                  - file: verify/common.yml
                """);
        EnvironmentProfile prod = ProfileLoader.load(project, "prod", Map.of("SCHEMA", "app"));
        assertEquals(
                List.of("users exist", "every tab has a song", "schema owner"),
                prod.verify().stream().map(EnvironmentProfile.VerifyQuery::name).toList());
        assertEquals(
                "select nspowner::regrole::text from pg_namespace where nspname = 'app'",
                prod.verify().get(2).sql());
    }

    @Test
    void verifyFileThatDoesNotExistOrHoldsNoListIsNamed() throws IOException {
        MigrateException missing = prodFailure("""
                verify:
                  - file: verify/nope.yml
                """);
        assertEquals(
                "environments/prod.yml: verify[0].file = \"verify/nope.yml\" does not exist in " + project.toRealPath()
                        + " (name a YAML file of checks relative to the project, such as file: verify/common.yml)",
                missing.getMessage()
                        .replace(
                                project.toAbsolutePath().normalize().toString(),
                                project.toRealPath().toString()));
        Files.createDirectories(project.resolve("verify"));
        Files.writeString(project.resolve("verify/map.yml"), "name: not a list\n");
        MigrateException notList = prodFailure("""
                verify:
                  - file: verify/map.yml
                """);
        assertTrue(
                notList.getMessage()
                        .startsWith("environments/prod.yml: verify[0].file = \"verify/map.yml\" holds"
                                + " a mapping, not a list of checks"),
                notList.getMessage());
        Files.writeString(project.resolve("verify/bad.yml"), "- name: no sql\n  expect: { rows: 0 }\n");
        MigrateException bad = prodFailure("""
                verify:
                  - file: verify/bad.yml
                """);
        assertEquals(
                "environments/prod.yml: verify/bad.yml[0] ('no sql') has no sql (add sql: with a query, such as"
                        + " sql: select count(*) from tabs)",
                bad.getMessage());
    }

    @Test
    void eachRollbackKeyLeftOutTakesItsOwnDefaultWhateverElseTheSectionSays() throws IOException {
        Map<String, EnvironmentProfile.Rollback> expected = new java.util.LinkedHashMap<>();
        expected.put("url: jdbc:postgresql://db/app\n", new EnvironmentProfile.Rollback("undo", "restore"));
        expected.put("rollback: {}\n", new EnvironmentProfile.Rollback("undo", "restore"));
        expected.put("rollback: {strategy: undo}\n", new EnvironmentProfile.Rollback("undo", "restore"));
        expected.put("rollback:\n  strategy: restore\n", new EnvironmentProfile.Rollback("restore", "restore"));
        expected.put("rollback: {fallback: none}\n", new EnvironmentProfile.Rollback("undo", "none"));
        expected.put(
                "rollback: {strategy: restore, fallback: none}\n", new EnvironmentProfile.Rollback("restore", "none"));
        for (var entry : expected.entrySet()) {
            write("prod.yml", entry.getKey());
            assertEquals(
                    entry.getValue(),
                    ProfileLoader.load(project, "prod", NO_VARIABLES).rollback(),
                    entry.getKey());
        }
        assertEquals(
                new EnvironmentProfile.Rollback(
                        EnvironmentProfile.Rollback.DEFAULT_STRATEGY, EnvironmentProfile.Rollback.DEFAULT_FALLBACK),
                EnvironmentProfile.Rollback.defaults());
    }

    @Test
    void eachBackupKeyLeftOutTakesTheDefaultOfAProfileWithoutABackupSection() throws IOException {
        write("prod.yml", "backup: {}\n");
        assertEquals(
                EnvironmentProfile.Backup.defaults("prod"),
                ProfileLoader.load(project, "prod", NO_VARIABLES).backup());
        write("prod.yml", "backup:\n  keep: 3\n");
        EnvironmentProfile.Backup defaults = EnvironmentProfile.Backup.defaults("prod");
        assertEquals(
                new EnvironmentProfile.Backup(
                        defaults.directory(), defaults.format(), defaults.jobs(), 3, defaults.compression()),
                ProfileLoader.load(project, "prod", NO_VARIABLES).backup());
        write("prod.yml", "backup:\n  directory: elsewhere/prod\n");
        assertEquals(
                new EnvironmentProfile.Backup(
                        "elsewhere/prod", defaults.format(), defaults.jobs(), defaults.keep(), defaults.compression()),
                ProfileLoader.load(project, "prod", NO_VARIABLES).backup());
    }
}
