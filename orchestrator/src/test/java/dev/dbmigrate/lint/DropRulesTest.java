package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, group G: the rules against lost data: drop-table, drop-column, drop-column-still-written, truncate,
 * drop-cascade, and how a drop is silenced.
 */
class DropRulesTest {
    @TempDir
    Path dir;

    private LintFixture migrations;

    @BeforeEach
    void createUsers() throws Exception {
        migrations = new LintFixture(dir)
                .write(
                        "V1__create_users.sql",
                        "CREATE TABLE users (",
                        "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,",
                        "  legacy text NOT NULL,",
                        "  nick text",
                        ");");
    }

    @Test
    void dropTableFindsAnExistingTableButNotAWorkTableOfTheSameMigration() throws Exception {
        migrations.write(
                "V2__drop_users.sql",
                "CREATE TEMP TABLE work (id int);",
                "DROP TABLE work;",
                "DROP TABLE IF EXISTS work, public.users RESTRICT;");
        List<Finding> findings = migrations.findings("drop-table");
        assertEquals(
                List.of(new Finding(
                        "drop-table",
                        Severity.ERROR,
                        dir.resolve("V2__drop_users.sql"),
                        3,
                        "V2__drop_users.sql line 3: drops the existing table public.users: every row is lost, and a"
                                + " released version that still reads or writes it fails")),
                findings);
        assertEquals(List.of(), migrations.findings("drop-cascade"));
    }

    @Test
    void aTableDroppedAndMadeAgainWasStillDropped() throws Exception {
        migrations.write(
                "V2__replace_users.sql",
                "DROP TABLE users;",
                "CREATE TABLE users (id bigint);",
                "UPDATE users SET id = 1;",
                "DROP TABLE users;");
        assertEquals(
                List.of(1),
                migrations.findings("drop-table").stream().map(Finding::line).toList());
        assertEquals(List.of(), migrations.findings("unbatched-dml"));
    }

    @Test
    void dropCascadeFindsEveryDropWithCascadeButNotRestrictOrOnDeleteCascade() throws Exception {
        migrations.write(
                "V2__drop_views.sql",
                "CREATE VIEW names AS SELECT nick FROM users;",
                "DROP VIEW names RESTRICT;",
                "ALTER TABLE users ADD COLUMN boss bigint REFERENCES users ON DELETE CASCADE ON UPDATE CASCADE;",
                "DROP VIEW IF EXISTS names CASCADE;",
                "ALTER TABLE users DROP COLUMN boss CASCADE;");
        assertEquals(
                List.of(
                        "V2__drop_views.sql line 4: 'DROP VIEW IF EXISTS names CASCADE' drops with CASCADE: every"
                                + " object that depends on it (views, foreign keys, defaults ...) is dropped too,"
                                + " though the migration never names them",
                        "V2__drop_views.sql line 5: 'ALTER TABLE users DROP COLUMN boss CASCADE' drops with CASCADE:"
                                + " every object that depends on it (views, foreign keys, defaults ...) is dropped"
                                + " too, though the migration never names them"),
                migrations.messages("drop-cascade"));
        assertEquals(Severity.ERROR, migrations.findings("drop-cascade").get(0).severity());
    }

    @Test
    void truncateFindsAnExistingTableButNotOneCreatedInTheSameMigration() throws Exception {
        migrations.write(
                "V2__delete_staging.sql",
                "CREATE TABLE staging (id int);",
                "TRUNCATE staging;",
                "TRUNCATE TABLE ONLY users, staging CASCADE;");
        assertEquals(
                List.of(new Finding(
                        "truncate",
                        Severity.ERROR,
                        dir.resolve("V2__delete_staging.sql"),
                        3,
                        "V2__delete_staging.sql line 3: empties the existing table users and every table that"
                                + " references it (CASCADE): every row is lost at once, and every query on it waits"
                                + " for the ACCESS EXCLUSIVE lock")),
                migrations.findings("truncate"));
    }

    @Test
    void aColumnReleasedNullableBeforeItIsDroppedIsOnlyADropColumnWarning() throws Exception {
        migrations
                .write("V2__modify_legacy_nullable.sql", "ALTER TABLE users ALTER COLUMN legacy DROP NOT NULL;")
                .write(
                        "V3__remove_legacy.sql",
                        "-- the app stopped writing legacy in 2.4",
                        "ALTER TABLE users DROP COLUMN legacy;");
        assertEquals(
                List.of(new Finding(
                        "drop-column",
                        Severity.WARNING,
                        dir.resolve("V3__remove_legacy.sql"),
                        2,
                        "V3__remove_legacy.sql line 2: drops the column users.legacy: its data is lost, and a released"
                                + " version that still reads or writes it fails")),
                migrations.findings("drop-column"));
        assertEquals(List.of(), migrations.findings("drop-column-still-written"));
    }

    @Test
    void aColumnDroppedWhileStillNotNullWithoutDefaultIsAlsoAnError() throws Exception {
        migrations.write("V3__remove_legacy.sql", "ALTER TABLE users DROP COLUMN IF EXISTS legacy, DROP nick;");
        assertEquals(
                List.of("V3__remove_legacy.sql line 1: drops the columns users.legacy, users.nick: its data is lost,"
                        + " and a released version that still reads or writes it fails"),
                migrations.messages("drop-column"));
        assertEquals(
                List.of(new Finding(
                        "drop-column-still-written",
                        Severity.ERROR,
                        dir.resolve("V3__remove_legacy.sql"),
                        1,
                        "V3__remove_legacy.sql line 1: drops users.legacy (NOT NULL without a default since"
                                + " V1__create_users.sql), which no earlier migration made nullable or gave a default:"
                                + " every released version still writes it, so their inserts fail once it is gone, and"
                                + " nothing shows its data was moved first")),
                migrations.findings("drop-column-still-written"));
    }

    @Test
    void stillWrittenFollowsTheColumnsHistoryAndOnlyEarlierMigrations() throws Exception {
        migrations
                .write(
                        "V2__add_columns.sql",
                        "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free',",
                        "  ADD COLUMN code text NOT NULL, ADD COLUMN kind text NOT NULL;",
                        "ALTER TABLE users ALTER COLUMN plan DROP DEFAULT, ALTER kind SET DEFAULT 'a';")
                .write(
                        "V3__remove_columns.sql",
                        "ALTER TABLE users ALTER COLUMN code DROP NOT NULL;",
                        "ALTER TABLE users DROP COLUMN plan, DROP COLUMN code, DROP COLUMN kind, DROP COLUMN unknown;");
        assertEquals(
                List.of("V3__remove_columns.sql line 2: drops users.plan (NOT NULL without a default since"
                        + " V2__add_columns.sql), users.code (NOT NULL without a default since V2__add_columns.sql),"
                        + " which no earlier migration made nullable or gave a default: every released version still"
                        + " writes it, so their inserts fail once it is gone, and nothing shows its data was moved"
                        + " first"),
                migrations.messages("drop-column-still-written"));
    }

    @Test
    void stillWrittenForgetsRenamedColumnsAndSeesNotNullSetAgain() throws Exception {
        migrations
                .write(
                        "V2__modify_users.sql",
                        "ALTER TABLE users ALTER COLUMN legacy DROP NOT NULL;",
                        "ALTER TABLE users ALTER COLUMN legacy SET NOT NULL;",
                        "ALTER TABLE users ADD COLUMN old_name text NOT NULL;",
                        "ALTER TABLE users RENAME COLUMN old_name TO renamed;")
                .write("V3__remove_columns.sql", "ALTER TABLE users DROP COLUMN renamed;")
                .write("R__cleanup.sql", "ALTER TABLE users DROP COLUMN IF EXISTS legacy;");
        assertEquals(
                List.of("R__cleanup.sql line 1: drops users.legacy (NOT NULL without a default since"
                        + " V2__modify_users.sql), which no earlier migration made nullable or gave a default: every"
                        + " released version still writes it, so their inserts fail once it is gone, and nothing shows"
                        + " its data was moved first"),
                migrations.messages("drop-column-still-written"));
        assertEquals(2, migrations.findings("drop-column").size());
    }

    @Test
    void droppingFromATableOfTheSameMigrationIsNoFinding() throws Exception {
        migrations.write(
                "V2__create_drafts.sql",
                "CREATE TABLE drafts (id int, body text NOT NULL);",
                "ALTER TABLE drafts DROP COLUMN body;");
        assertEquals(List.of(), migrations.findings("drop-column"));
        assertEquals(List.of(), migrations.findings("drop-column-still-written"));
    }

    @Test
    void aDropColumnIsSilencedOnlyByAnAllowWithAReason() throws Exception {
        migrations
                .write("V2__modify_legacy_nullable.sql", "ALTER TABLE users ALTER COLUMN legacy DROP NOT NULL;")
                .write(
                        "V3__remove_legacy.sql",
                        "-- migrate:allow drop-column because the data moved to user_settings in V12",
                        "ALTER TABLE users DROP COLUMN legacy;");
        Lint.Result result = migrations.lint();
        assertEquals(
                List.of("drop-column"),
                result.silenced().stream().map(Finding::ruleId).toList());
        assertEquals(
                List.of("missing-undo"),
                result.findings().stream()
                        .filter(f -> f.file().equals(dir.resolve("V3__remove_legacy.sql")))
                        .map(Finding::ruleId)
                        .toList());

        migrations.write(
                "V3__remove_legacy.sql",
                "-- migrate:allow drop-column",
                "-- migrate:allow truncate because nothing is truncated",
                "ALTER TABLE users DROP COLUMN legacy;");
        assertEquals(
                List.of("V3__remove_legacy.sql line 1: -- migrate:allow drop-column gives no reason, so it silences"
                        + " nothing (write -- migrate:allow drop-column because <reason>)"),
                migrations.messages("invalid-allow"));
        assertEquals(
                List.of("V3__remove_legacy.sql line 2: -- migrate:allow truncate silences nothing: the rule finds"
                        + " nothing in this file (delete the comment)"),
                migrations.messages("unused-allow"));
        assertEquals(1, migrations.findings("drop-column").size());
    }
}
