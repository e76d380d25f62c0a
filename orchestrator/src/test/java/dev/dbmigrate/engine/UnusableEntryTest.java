package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries named like migrations that cannot be read as files (a dangling link, a folder, an unreadable file) stop
 * every goal that reads the files, named with why; duplicate versions are named by their path in the location, and a
 * second undo script of a version gets the fix for undo scripts.
 */
@Tag("postgres")
@Tag("process")
class UnusableEntryTest {
    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "unusable");
        fx.write("V1__create_t1.sql", "create table t1 (id int);\n");
        fx.write("U1__create_t1.sql", "drop table t1;\n");
        run(Migrator::upgrade);
    }

    private <T> T run(Function<Migrator, T> command, String... extra) {
        try (Migrator migrator = new Migrator(fx.settings(extra), fx.events::add)) {
            return command.apply(migrator);
        }
    }

    @Test
    void aDanglingLinkAndAFolderNamedLikeMigrationsStopEveryGoalThatReadsTheFiles() throws Exception {
        Files.createSymbolicLink(fx.migrations.resolve("V3__dangle.sql"), Path.of("gone/V3__dangle.sql"));
        Files.createDirectories(fx.migrations.resolve("archive/V4__dir.sql"));
        List<String> history = fx.history();
        List<String> tables = fx.tables();
        Path link = fx.migrations.resolve("V3__dangle.sql");
        Path folder = fx.migrations.resolve("archive/V4__dir.sql");
        String expected = "refused: 2 entries in src/main/resources/db/migration named like migrations cannot be read"
                + " as files, so they would never run: V3__dangle.sql is a dangling link (it points to"
                + " gone/V3__dangle.sql, which does not exist) (restore what it points to, or delete the link " + link
                + "); archive/V4__dir.sql is a folder, not a file (rename the folder " + folder + " so that its name"
                + " does not end in .sql, or move the migration out of it into a file of this name); nothing was"
                + " changed";
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
            assertEquals(goal.getKey() + " " + expected, e.getMessage());
            // the opt-out for misnamed files does not skip what cannot run at all
            assertEquals(
                    goal.getKey() + " " + expected,
                    assertThrows(MigrateException.class, () -> run(goal.getValue(), "ignoreMisnamed", "true"))
                            .getMessage());
            assertEquals(history, fx.history(), goal.getKey());
            assertEquals(tables, fx.tables(), goal.getKey());
        }
        Results.Validation validation = run(m -> m.validate(true));
        assertEquals(
                List.of(
                        "V3__dangle.sql is a dangling link (it points to gone/V3__dangle.sql, which does not"
                                + " exist), so it would never run (restore what it points to, or delete the link "
                                + link + ")",
                        "archive/V4__dir.sql is a folder, not a file, so it would never run (rename the folder "
                                + folder
                                + " so that its name does not end in .sql, or move the migration out of it into a file of"
                                + " this name)"),
                validation.problems());
        MigrateException gate = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add));
        assertEquals("current " + expected, gate.getMessage());

        // the fix works: with the link deleted and the folder renamed, upgrade runs
        Files.delete(link);
        Files.move(folder, fx.migrations.resolve("archive/old_scripts"));
        run(Migrator::upgrade);
        assertEquals(history, fx.history());
    }

    @Test
    void aDanglingLinkWithAMisnamedNameIsStillRefusedAsALink() throws Exception {
        Path link = Files.createSymbolicLink(fx.migrations.resolve("V5__later.SQL"), Path.of("/nonexistent/x.sql"));
        MigrateException e = assertThrows(MigrateException.class, () -> run(Migrator::upgrade));
        assertEquals(
                "upgrade refused: an entry in src/main/resources/db/migration named like a migration cannot be"
                        + " read as a file, so it would never run: V5__later.SQL is a dangling link (it points to"
                        + " /nonexistent/x.sql, which does not exist) (restore what it points to, or delete the link "
                        + link
                        + "); nothing was changed",
                e.getMessage());
    }

    @Test
    void anUnreadableMigrationIsRefusedNamingIt() throws Exception {
        fx.write("V2__secret.sql", "create table t2 (id int);\n");
        Path file = fx.migrations.resolve("V2__secret.sql");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String expected = "V2__secret.sql cannot be read: permission denied, so it would never run (make it readable,"
                + " for example with chmod a+r " + file + ")";
        assertEquals(List.of(expected), unusableAsAnotherUserIfRoot());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(), unusableAsAnotherUserIfRoot());
    }

    /**
     * The problems the scan finds, found by a process that file permissions apply to: this one, or when it runs as
     * root (which reads every file) a child JVM run as user nobody.
     */
    private List<String> unusableAsAnotherUserIfRoot() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return UnusableScanMain.problems(fx.migrations);
        }
        for (Path p = fx.migrations; p != null && p.startsWith(project.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                UnusableScanMain.class.getName(),
                fx.migrations.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void duplicatesInSubfoldersAreNamedByTheirPathAndTwoUndoScriptsGetTheUndoFix() throws Exception {
        fx.write("a/V2__t2.sql", "create table t2 (id int);\n");
        fx.write("b/V2__t2.sql", "create table t2 (id int, name text);\n");
        fx.write("U1__other.sql", "drop table t1 cascade;\n");
        MigrateException e = assertThrows(MigrateException.class, () -> run(Migrator::upgrade));
        assertEquals(
                "upgrade refused: version 2 is used by a/V2__t2.sql and b/V2__t2.sql (two branches chose the same"
                        + " number: renumber one of them, for example with a timestamp version from migrate:create); version"
                        + " 1 is used by U1__create_t1.sql and U1__other.sql (a version has one undo script: keep the one that"
                        + " reverses the migration and delete the other, or merge them into one); nothing was changed (each"
                        + " version may be used by one V file and one U file only)",
                e.getMessage());
        assertFalse(e.getMessage().contains("V2__t2.sql and V2__t2.sql"), e.getMessage());
        assertEquals(List.of("t1"), fx.tables());
        List<String> problems = run(m -> m.validate(true)).problems();
        assertContains(
                String.join("\n", problems),
                "version 1 is used by U1__create_t1.sql and U1__other.sql (a" + " version has one undo script");
    }
}
