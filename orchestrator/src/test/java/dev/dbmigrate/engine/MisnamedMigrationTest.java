package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 5: a file that looks like a migration but is misnamed stops every goal that reads the files. */
@Tag("postgres")
@Tag("process")
class MisnamedMigrationTest {
    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "misnamed");
        fx.write("V1__create_users.sql", "create table users (id int);\n");
        fx.write("U1__create_users.sql", "drop table users;\n");
    }

    private <T> T run(Function<Migrator, T> command, String... extra) {
        try (Migrator migrator = new Migrator(fx.settings(extra), fx.events::add)) {
            return command.apply(migrator);
        }
    }

    @Test
    void everyGoalThatReadsTheFilesRefusesMisnamedFilesAndChangesNothing() throws Exception {
        run(Migrator::upgrade);
        fx.write("V2_add_tabs.sql", "create table tabs (id int);\n");
        fx.write("archive/v3__add_songs.sql", "create table songs (id int);\n");
        fx.write("V4__add_tags.SQL", "create table tags (id int);\n");
        List<String> history = fx.history();
        List<String> tables = fx.tables();
        Map<String, Function<Migrator, ?>> goals = Map.of(
                "upgrade",
                Migrator::upgrade,
                "current",
                Migrator::current,
                "downgrade",
                Migrator::downgrade,
                "history",
                Migrator::history,
                "repair",
                Migrator::repair,
                "init",
                Migrator::init);
        for (var goal : goals.entrySet()) {
            MigrateException e = assertThrows(MigrateException.class, () -> run(goal.getValue()), goal.getKey());
            assertEquals(ErrorCode.VALIDATION, e.code(), e.getMessage());
            assertContains(
                    e.getMessage(),
                    goal.getKey() + " refused: 3 files in src/main/resources/db/migration look"
                            + " like migrations but do not follow the naming, so they would never run",
                    "V2_add_tabs.sql (version and description are separated by two underscores, not '_': rename it"
                            + " to V2__add_tabs.sql)",
                    "archive/v3__add_songs.sql (the prefix v must be a capital V: rename it to V3__add_songs.sql)",
                    "V4__add_tags.SQL (the extension .SQL must be .sql in lower case: rename it to V4__add_tags.sql)",
                    "nothing was changed",
                    "the expected forms are V<version>__<description>.sql,"
                            + " U<version>__<description>.sql or R__<description>.sql",
                    "or pass -Dmigrate.ignoreMisnamed=true to skip such files knowingly");
            assertEquals(history, fx.history(), goal.getKey());
            assertEquals(tables, fx.tables(), goal.getKey());
        }
        Results.Validation validation = run(m -> m.validate(true));
        assertContains(
                String.join("\n", validation.problems()),
                "V2_add_tabs.sql (version and description are"
                        + " separated by two underscores, not '_': rename it to V2__add_tabs.sql) looks like a migration but"
                        + " does not follow the naming");
    }

    @Test
    void initOnAnEmptyDatabaseRefusesBeforeCreatingAnything() throws Exception {
        fx.write("V2.sql", "create table tabs (id int);\n");
        MigrateException e = assertThrows(MigrateException.class, () -> run(Migrator::init));
        assertContains(
                e.getMessage(),
                "init refused: a file in src/main/resources/db/migration looks like a migration",
                "V2.sql (it has no description: version and description are separated by two underscores, as in"
                        + " V2__<description>)",
                "nothing was changed");
        assertEquals(List.of(), fx.tables());
    }

    @Test
    void ignoreMisnamedSkipsThemWithAWarningEach() throws Exception {
        fx.write("V2__add_tabs.sql", "create table tabs (id int);\n");
        fx.write("U2__add_tabs.sql", "drop table tabs;\n");
        fx.write("V6a__add_songs.sql", "create table songs (id int);\n");
        Results.Upgrade result = run(Migrator::upgrade, "ignoreMisnamed", "true");
        assertEquals(
                List.of("1", "2"),
                result.applied().stream().map(Results.Step::version).toList());
        assertEquals(List.of("tabs", "users"), fx.tables());
        assertTrue(
                fx.warnings()
                        .contains("skipping V6a__add_songs.sql (the version '6a' is not numbers separated by"
                                + " dots or single underscores): it looks like a migration but does not follow the naming, and"
                                + " -Dmigrate.ignoreMisnamed=true says to skip such files"),
                fx.warnings()::toString);
        Results.Validation validation = run(m -> m.validate(true), "ignoreMisnamed", "true");
        assertTrue(validation.ok(), validation.problems()::toString);
        assertContains(String.join("\n", validation.warnings()), "V6a__add_songs.sql");
        assertFalse(run(m -> m.validate(true)).ok(), "without the property validate fails");
    }

    @Test
    void aBackupIsNotHeldUpByAMisnamedFile() throws Exception {
        run(Migrator::upgrade);
        fx.write("V2_add_tabs.sql", "create table tabs (id int);\n");
        var backup = MigrateCommands.backup(fx.settings(), fx.events::add);
        assertTrue(backup.path().getFileName().toString().contains("v1"), backup.path()::toString);
    }

    @Test
    void theGateFailsOnAMisnamedFile() throws Exception {
        run(Migrator::upgrade);
        fx.write("V4__x.sql.txt", "create table tabs (id int);\n");
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add));
        assertContains(
                e.getMessage(),
                "current refused",
                "V4__x.sql.txt (the extension .sql.txt must be .sql:" + " rename it to V4__x.sql)");
        assertEquals(List.of("users"), fx.tables());
    }
}
