package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for migration file names: what is a migration, what only looks like one, what is neither. */
class MigrationNamesTest {
    /** Name, a fragment of the reason, the suggested name (or null when none can be guessed). */
    private static final String[][] MISNAMED = {
        {"V4_x.sql", "separated by two underscores, not '_'", "V4__x.sql"},
        {"v4__x.sql", "the prefix v must be a capital V", "V4__x.sql"},
        {"u4__x.sql", "the prefix u must be a capital U", "U4__x.sql"},
        {"r__views.sql", "the prefix r must be a capital R", "R__views.sql"},
        {"V4.sql", "it has no description", null},
        {"V4__.sql", "it has no description after __", null},
        {"V6a__x.sql", "the version '6a' is not numbers", null},
        {"V4__x.SQL", "the extension .SQL must be .sql in lower case", "V4__x.sql"},
        {"V4__x.Sql", "the extension .Sql must be .sql", "V4__x.sql"},
        {"V4__x.sql.txt", "the extension .sql.txt must be .sql", "V4__x.sql"},
        {"V4__x.txt", "the extension .txt must be .sql", "V4__x.sql"},
        {"V4__x.sql~", "the extension .sql~ must be .sql", "V4__x.sql"},
        {"V4__x", "it has no .sql extension", "V4__x.sql"},
        {"V1.1__x", "it has no .sql extension", "V1.1__x.sql"},
        {"V4-x.sql", "not '-'", "V4__x.sql"},
        {"V4 x.sql", "not ' '", "V4__x.sql"},
        {"V4x.sql", "separated by two underscores", "V4__x.sql"},
        {"V4___x.sql", "exactly two underscores, not 3", "V4__x.sql"},
        {"V4____x.sql", "exactly two underscores, not 4", "V4__x.sql"},
        {"V__x.sql", "it has no version before __", null},
        {"V1.a__x.sql", "the version '1.a' is not numbers", null},
        {"V.1__x.sql", "the version '.1' is not numbers", null},
        {"V1.__x.sql", "the version '1.' is not numbers", null},
        {"V1..2__x.sql", "the version '1..2' is not numbers", null},
        {"V_1__x.sql", "the version '_1' is not numbers", null},
        {"V1-2__x.sql", "the version '1-2' is not numbers", null},
        {"4__x.sql", "it has no prefix", "V4__x.sql"},
        {"R1__views.sql", "a repeatable migration has no version", "R__views.sql"},
        {"R_views.sql", "R and the description are separated by two underscores", "R__views.sql"},
        {"R__.sql", "it has no description after __", null},
        {"R.sql", "it has no description", null},
        {"D4__sample.sql", "sample data", null},
        {"create_tables.sql", "it does not start with V<version>__, U<version>__ or R__", null},
        {"Views.sql", "it does not start with V<version>__", null},
        {"v4_x.SQL", "the prefix v must be a capital V", "V4__x.sql"},
        {".sql", "it has no name", null}
    };

    @Test
    void looksLikeAMigrationButDoesNotFollowTheNaming() {
        for (String[] c : MISNAMED) {
            if (c[0].startsWith(".")) {
                continue; // hidden: see hiddenFilesAndOtherFilesAreNoMigrations
            }
            MigrationNames.Problem problem = MigrationNames.diagnose(c[0]);
            assertNotNull(problem, c[0] + " must be refused");
            assertTrue(problem.text().contains(c[1]), c[0] + ": " + problem.text());
            assertEquals(c[2], problem.suggestion(), c[0] + ": " + problem.text());
            if (c[2] != null) {
                assertNull(MigrationNames.diagnose(c[2]), "the suggestion " + c[2] + " must itself be valid");
            }
        }
    }

    @Test
    void wellNamedMigrationsPass() {
        for (String name : List.of(
                "V1__x.sql",
                "V1.1__x.sql",
                "V1_1__x.sql",
                "V001__x.sql",
                "V1.2.3__add_x.sql",
                "U2__x.sql",
                "U1.1__x.sql",
                "R__x.sql",
                "R__refresh_views.sql",
                "V20261124101500__add_tabs.sql",
                "U20261124101500__add_tabs.sql",
                "V2__add users.sql",
                "V3__with.dots.in.it.sql",
                "V4__x_y_z.sql")) {
            assertNull(
                    MigrationNames.diagnose(name),
                    () -> name + ": " + MigrationNames.diagnose(name).text());
        }
    }

    @Test
    void hiddenFilesCallbacksAndOtherFilesAreNoMigrations() {
        for (String name : List.of(
                ".V4__x.sql",
                ".DS_Store",
                ".gitkeep",
                "README.md",
                "notes.txt",
                "Users.md",
                "beforeMigrate.sql",
                "afterEachMigrate__log.sql",
                "createSchema.sql")) {
            assertNull(MigrationNames.diagnose(name), name);
        }
        assertTrue(MigrationNames.isCallback("beforeMigrate.sql"));
    }

    @Test
    void scanListsLookAlikesInSubfoldersAndKeepsTheMigrations(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("archive/2026"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("V1__first.sql"), "select 1;\n");
        Files.writeString(dir.resolve("archive/2026/V2_second.sql"), "select 2;\n");
        Files.writeString(dir.resolve("archive/V3__third.SQL"), "select 3;\n");
        Files.writeString(dir.resolve(".git/V9_hidden.sql"), "select 9;\n");
        Files.writeString(dir.resolve("README.md"), "# migrations\n");
        Files.writeString(dir.resolve("beforeMigrate.sql"), "select 0;\n");
        MigrationFiles files = MigrationFiles.scan(List.of(dir), false);
        assertEquals(
                List.of("V1__first.sql"),
                files.versioned().stream()
                        .map(MigrationFiles.MigrationFile::script)
                        .toList());
        assertEquals(
                List.of(
                        "archive/2026/V2_second.sql (version and description are separated by two underscores,"
                                + " not '_': rename it to V2__second.sql)",
                        "archive/V3__third.SQL (the extension .SQL must be .sql in lower case: rename it to V3__third.sql)"),
                files.misnamed().stream().map(MigrationFiles.Misnamed::text).toList());
        assertEquals(List.of(dir.resolve("beforeMigrate.sql")), files.callbacks());
    }

    @Test
    void aLocationHoldingOnlyALookAlikeIsNotEmpty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__first.SQL"), "select 1;\n");
        MigrationFiles files = MigrationFiles.scan(List.of(dir), false);
        assertEquals(1, files.misnamed().size());
    }
}
