package dev.dbmigrate.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsedMigration.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sample data in a rehearsal: loaded after its version, it makes visible what an empty table hides. */
@Tag("postgres")
@Tag("process")
class RehearsalSampleDataTest {
    /** An undo that drops and re-adds a column: the same schema, but the column's values are gone. */
    private static RehearsalProject dropAndReAdd() {
        return new RehearsalProject("sample")
                .file("V1__create_users.sql", "create table users (id bigint primary key, note text);\n")
                .file("U1__create_users.sql", "drop table users;\n")
                .file("V2__note_varchar.sql", "alter table users alter column note type varchar(500);\n")
                .file(
                        "U2__note_varchar.sql",
                        "alter table users drop column note;\nalter table users add column note" + " text;\n");
    }

    @Test
    void sampleDataMakesAnUndoThatLosesAColumnsValuesVisible() {
        RehearsalProject project =
                dropAndReAdd().file("D1__users.sql", "insert into users values (1, 'kept'), (2, null);\n");
        RehearsalReport report = Rehearsal.all(project.settings(), MigrateListener.NONE);
        RehearsedMigration v2 = report.migrations().get(1);
        assertEquals(List.of(Problem.DATA_CHANGED), v2.problems());
        assertEquals(
                List.of("data of table public.users: 2 rows (before) vs 2 rows with other values (after undo)"),
                v2.details());
        assertEquals("ok", report.migrations().get(0).verdict());
    }

    @Test
    void withoutSampleDataTheSameUndoPassesSinceItsSchemaIsExact() {
        RehearsalReport report = Rehearsal.all(dropAndReAdd().settings(), MigrateListener.NONE);
        assertEquals(
                List.of("ok", "ok"),
                report.migrations().stream().map(RehearsedMigration::verdict).toList());
        assertTrue(report.passed());
        assertTrue(report.failure("migrate:test-rollback").isEmpty());
    }

    @Test
    void sampleDataComesFromTheFolderMigrateSampleDataNames() throws Exception {
        RehearsalProject project = dropAndReAdd();
        java.nio.file.Path other = java.nio.file.Files.createDirectories(project.dir.resolve("fixtures"));
        java.nio.file.Files.writeString(other.resolve("D1__users.sql"), "insert into users values (1, 'kept');\n");
        RehearsalReport report =
                Rehearsal.all(project.settings(Map.of("sampleData", "fixtures")), MigrateListener.NONE);
        assertEquals(List.of(Problem.DATA_CHANGED), report.migrations().get(1).problems());
    }

    @Test
    void aSampleDataFileForAVersionNoMigrationHasIsAnErrorNamingTheFile() {
        RehearsalProject project = dropAndReAdd().file("D7__orphan.sql", "select 1;\n");
        MigrateException e =
                assertThrows(MigrateException.class, () -> Rehearsal.all(project.settings(), MigrateListener.NONE));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "sample data file D7__orphan.sql in " + project.sampleData + " is for version 7, which no migration"
                        + " has; nothing was rehearsed (rename it after the version it is to be loaded after, or"
                        + " delete it)",
                e.getMessage());
    }

    @Test
    void sampleDataThatFailsIsReportedRolledBackAndTheRunGoesOn() {
        RehearsalProject project = dropAndReAdd()
                .file(
                        "D1__users.sql",
                        "insert into users values (1, 'a');\n" + "insert into no_such_table values (1);\n");
        RehearsalReport report = Rehearsal.all(project.settings(), MigrateListener.NONE);
        RehearsedMigration v1 = report.migrations().get(0);
        assertEquals(List.of(Problem.SAMPLE_DATA_FAILED), v1.problems());
        assertTrue(
                v1.sampleData().startsWith("D1__users.sql: ERROR: relation \"no_such_table\" does not exist"),
                v1.sampleData());
        // rolled back: the first row is not there either, so V2's undo has no values to lose
        assertEquals("ok", report.migrations().get(1).verdict());
    }

    @Test
    void aMigrationThatFailsToApplyStopsTheChainAndTheLaterOnesAreNamedAsNotRehearsed() {
        RehearsalProject project = dropAndReAdd()
                .file("V3__broken.sql", "alter table nowhere add column x int;\n")
                .file("U3__broken.sql", "select 1;\n")
                .file("V4__later.sql", "create table later (id int);\n")
                .file("U4__later.sql", "drop table later;\n");
        RehearsalReport report = Rehearsal.all(project.settings(), MigrateListener.NONE);
        assertEquals(
                List.of("ok", "ok", "apply failed", "not rehearsed"),
                report.migrations().stream().map(RehearsedMigration::verdict).toList());
        assertTrue(
                report.migrations().get(2).failure().contains("nowhere"),
                report.migrations().get(2).failure());
        assertEquals(
                List.of("not rehearsed: not reached: V3__broken.sql failed to apply before it"),
                report.migrations().get(3).details());
    }
}
