package dev.dbmigrate.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsedMigration.Problem;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One rehearsal of a chain of migrations over sample data, each with a real defect in its undo (or none): every defect
 * is found, named, and reported in the same run, the chain going on past each.
 */
@Tag("postgres")
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearsalDefectsTest {
    private RehearsalReport report;

    @BeforeAll
    void rehearse() {
        RehearsalProject project = new RehearsalProject("defects")
                .file("V1__create_users.sql", "create table users (id bigint primary key, name text, note text);\n")
                .file("U1__create_users.sql", "drop table users;\n")
                .file("D1__users.sql", "insert into users (id, name) values (1, 'ann'), (2, 'bob'), (3, 'cy');\n")
                .file("V2__name_not_null.sql", "alter table users alter column name set not null;\n")
                .file("U2__name_not_null.sql", "select 1; -- forgets drop not null\n")
                .file("V3__name_default.sql", "alter table users alter column name set default 'anonymous';\n")
                .file("U3__name_default.sql", "select 1; -- forgets drop default\n")
                .file("V4__name_index.sql", "create index users_name_idx on users (name);\n")
                .file("U4__name_index.sql", "select 1; -- forgets drop index\n")
                .file("V5__name_varchar.sql", "alter table users alter column name type varchar(100);\n")
                .file("U5__name_varchar.sql", "alter table users alter column name type varchar(200);\n")
                .file("V6__audit.sql", "create table audit (id bigint);\n")
                .file("U6__audit.sql", "drop table audit_log;\n")
                .file(
                        "V7__tag_count.sql",
                        "create table tags (id int);\ncreate function tag_count() returns bigint"
                                + " language sql as 'select count(*) from tags';\n")
                .file("U7__tag_count.sql", "drop table tags cascade;\n")
                .file("V8__nick.sql", "alter table users add column nick text;\n")
                .file("V9__email.sql", "alter table users add column email text;\n")
                .file("U9__email.sql", "alter table users drop column email;\ndelete from users where id > 1;\n")
                .file("V10__ok.sql", "create table songs (id bigint primary key, title text not null);\n")
                .file("U10__ok.sql", "drop table songs;\n")
                .file("V11__email_if_missing.sql", "alter table songs add column if not exists email varchar(100);\n")
                .file("U11__email_if_missing.sql", "alter table songs alter column email type varchar(200);\n");
        report = Rehearsal.all(project.settings(), MigrateListener.NONE);
    }

    private RehearsedMigration migration(String version) {
        return report.migrations().stream()
                .filter(m -> m.version().equals(version))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anExactRoundTripIsOk() {
        assertEquals("ok", migration("1").verdict());
        assertEquals("ok", migration("10").verdict());
        assertEquals(List.of(), migration("10").details());
    }

    @Test
    void anUndoThatForgetsANotNullLeavesADifferenceNamingColumnAndProperty() {
        RehearsedMigration m = migration("2");
        assertEquals(List.of(Problem.UNDO_DIFFERENCES), m.problems());
        assertEquals(List.of("column public.users.name: notNull (not set) (before) vs true (after undo)"), m.details());
    }

    @Test
    void anUndoThatForgetsADefaultLeavesADifference() {
        RehearsedMigration m = migration("3");
        assertEquals(List.of(Problem.UNDO_DIFFERENCES), m.problems());
        assertEquals(
                List.of("column public.users.name: default (not set) (before) vs 'anonymous'::text (after undo)"),
                m.details());
    }

    @Test
    void anUndoThatForgetsAnIndexLeavesADifference() {
        // needs the full catalog reader (indexes): the first reader reads no index, so only the re-apply's
        // "relation users_name_idx already exists" shows the defect there
        RehearsedMigration m = migration("4");
        assertEquals(List.of(Problem.UNDO_DIFFERENCES, Problem.REAPPLY_FAILED), m.problems());
        assertTrue(
                m.details().contains("only in after undo: index public.users_name_idx"),
                m.details().toString());
        assertTrue(m.failure().contains("users_name_idx"), m.failure());
    }

    @Test
    void anUndoThatRestoresAnotherColumnTypeLeavesADifference() {
        RehearsedMigration m = migration("5");
        assertEquals(List.of(Problem.UNDO_DIFFERENCES), m.problems());
        assertEquals(
                List.of("column public.users.name: type text (before) vs character varying(200) (after undo)"),
                m.details());
    }

    @Test
    void anUndoThatFailsIsReportedWithTheDatabaseError() {
        RehearsedMigration m = migration("6");
        assertEquals(List.of(Problem.UNDO_FAILED), m.problems());
        assertEquals(
                "undo script U6__audit.sql failed at line 1: ERROR: table \"audit_log\" does not exist", m.failure());
        assertEquals("undo failed", m.verdict());
    }

    @Test
    void aMigrationThatCannotBeAppliedAgainAfterItsUndoIsReported() {
        RehearsedMigration m = migration("7");
        assertTrue(m.problems().contains(Problem.REAPPLY_FAILED), m.problems().toString());
        // the undo drops the table, not the function (a SQL function's body is no dependency)
        assertEquals(
                "migration V7__tag_count.sql failed at line 2: ERROR: function \"tag_count\" already exists with"
                        + " same argument types",
                m.failure());
    }

    @Test
    void aMissingUndoIsReportedWithTheNameItShouldHave() {
        RehearsedMigration m = migration("8");
        assertEquals(List.of(Problem.MISSING_UNDO), m.problems());
        assertNull(m.undoFile());
        assertEquals(List.of("no undo script: write U8__nick.sql next to V8__nick.sql"), m.details());
    }

    @Test
    void anUndoThatDeletesRowsOfATableThatExistedBeforeChangesData() {
        RehearsedMigration m = migration("9");
        assertEquals(List.of(Problem.DATA_CHANGED), m.problems());
        assertEquals(List.of("data of table public.users: 3 rows (before) vs 1 rows (after undo)"), m.details());
    }

    @Test
    void aMigrationThatBuildsAnotherSchemaWhenAppliedAgainAfterItsUndoIsReported() {
        RehearsedMigration m = migration("11");
        assertEquals(List.of(Problem.UNDO_DIFFERENCES, Problem.REAPPLY_DIFFERENCES), m.problems());
        assertEquals(
                List.of(
                        "only in after undo: column public.songs.email",
                        "column public.songs.email: type character varying(100) (after) vs character varying(200)"
                                + " (re-applied)"),
                m.details());
    }

    @Test
    void everyDefectOfTheRunIsReportedAndTheRunFailsNamingHowManyAndWhich() {
        assertEquals(11, report.migrations().size());
        assertEquals(
                List.of(
                        "V2__name_not_null.sql",
                        "V3__name_default.sql",
                        "V4__name_index.sql",
                        "V5__name_varchar.sql",
                        "V6__audit.sql",
                        "V7__tag_count.sql",
                        "V8__nick.sql",
                        "V9__email.sql",
                        "V11__email_if_missing.sql"),
                report.failed().stream().map(RehearsedMigration::file).toList());
        String message = report.failure("migrate:test-rollback").orElseThrow().getMessage();
        assertTrue(
                message.startsWith("test-rollback: 9 of 11 migrations failed the round trip (apply, undo, apply"
                        + " again): V2__name_not_null.sql (undo leaves differences), V3__name_default.sql (undo"
                        + " leaves differences)"),
                message);
        assertTrue(message.contains("V8__nick.sql (missing undo), V9__email.sql (undo changes data)"), message);
        assertTrue(message.contains("nothing was changed on any real database"), message);
        assertTrue(message.endsWith("then run migrate:test-rollback"), message);
    }
}
