package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import dev.dbmigrate.testing.TestPostgres;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry-run plan against a real database: it changes nothing there, and applied by the real psql to a copy of the
 * database it gives the schema and the history that upgrade gives on another copy.
 */
@Tag("postgres")
@Tag("process")
class DryRunTest {
    /** What the history holds of a run, but when and how long: the columns the plan and upgrade must agree on. */
    private static final String HISTORY = "select installed_rank, version, description, type, script, checksum,"
            + " installed_by, success from flyway_schema_history order by installed_rank";
    /** What the audit holds of a run, but its id, start and duration. */
    private static final String AUDIT = "select command, version, description, script, outcome, db_user, os_user,"
            + " host, message from migrate_audit order by id";

    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void environmentAtVersionOneWithThreePending() throws Exception {
        fx = new EngineFixture(project, "plan");
        fx.write(
                "V1__create_songs.sql",
                "create table songs (id bigint generated always as identity primary key, title text not null);\n");
        fx.write("U1__create_songs.sql", "drop table songs;\n");
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            migrator.upgrade();
        }
        fx.write("V2__index_song_titles.sql", "create index concurrently songs_title_idx on songs (title);\n");
        fx.write(
                "V3__add_artists.sql",
                "create table artists (id int primary key, name text not null);\n"
                        + "alter table songs add column artist_id int references artists (id); -- who sang it\n"
                        + "insert into artists values (1, 'O''Brien');\n"
                        + "create function artist_count() returns bigint language sql as $$ select count(*) from"
                        + " artists; $$;\n");
        fx.write(
                "U3__add_artists.sql",
                "drop function artist_count();\nalter table songs drop column artist_id;\n" + "drop table artists;\n");
        fx.write(
                "V4__tag_songs.sql",
                "set search_path to public;\nalter table songs add column tags text[] not null default '{}'\n"
                        + "-- a last line comment\n");
    }

    @Test
    void planAppliedByPsqlGivesTheSchemaAndHistoryUpgradeGives() throws Exception {
        List<String> history = fx.query(HISTORY);
        List<String> audit = fx.query(AUDIT);
        List<String> tables =
                fx.query("select relname from pg_class where relnamespace = 'public'::regnamespace" + " order by 1");

        Results.Plan plan;
        StringWriter script = new StringWriter();
        try (Migrator migrator = new Migrator(fx.settings("env", "dev"), fx.events::add)) {
            plan = migrator.plan(
                    Map.of("V2__index_song_titles.sql", List.of("locks: songs ShareUpdateExclusiveLock")), script);
        }

        assertEquals("1", plan.fromVersion());
        assertEquals("4", plan.toVersion());
        assertEquals(List.of("V2__index_song_titles.sql", "V3__add_artists.sql", "V4__tag_songs.sql"), plan.pending());
        String text = script.toString();
        assertTrue(text.startsWith("-- migrate plan: the SQL that upgrade would run, in order\n"), text);
        assertContains(
                text,
                "-- environment: dev\n",
                "-- current version: 1\n",
                "-- pending: 3 migrations; after them the version is 4\n",
                "-- nothing was changed",
                "\\set ON_ERROR_STOP on\n",
                "-- V2__index_song_titles.sql\n-- version 2 (index song titles), checksum ",
                "runs outside a transaction",
                "-- locks: songs ShareUpdateExclusiveLock\n",
                "create index concurrently songs_title_idx on songs (title);\n",
                "begin;\ncreate table artists (id int primary key, name text not null);\n",
                "insert into \"public\".\"flyway_schema_history\"",
                "insert into \"public\".migrate_audit",
                "alter table songs add column tags text[] not null default '{}'\n-- a last line comment\n;\n",
                "commit;\n");
        assertFalse(text.contains(TestPostgres.PASSWORD), "the password is in the plan");
        // the index is built outside any transaction, as upgrade builds it
        String concurrently = text.substring(text.indexOf("-- V2__"), text.indexOf("-- V3__"));
        assertFalse(concurrently.contains("begin;"), concurrently);

        assertEquals(history, fx.query(HISTORY), "the plan wrote to the history table");
        assertEquals(audit, fx.query(AUDIT), "the plan wrote to the audit table");
        assertEquals(
                tables,
                fx.query("select relname from pg_class where relnamespace = 'public'::regnamespace order by 1"));
        assertEquals(
                List.of("0"),
                fx.query("select count(*) from pg_locks where locktype = 'advisory'"),
                "the plan left a lock behind");

        String byPsql = copyOf(fx.url, "by_psql");
        String byUpgrade = copyOf(fx.url, "by_upgrade");
        Path file = Files.writeString(project.resolve("plan.sql"), text);
        ProcessResult psql = psql(byPsql, file);
        assertEquals(0, psql.exitCode(), psql.stderr());
        try (Migrator migrator = new Migrator(settingsFor(byUpgrade), fx.events::add)) {
            migrator.upgrade();
        }

        assertEquals(List.of(), SchemaDiff.between(snapshot(byUpgrade), snapshot(byPsql)));
        assertEquals(TestPostgres.rows(byUpgrade, HISTORY), TestPostgres.rows(byPsql, HISTORY));
        assertEquals(4, TestPostgres.rows(byPsql, HISTORY).size());
        assertEquals(TestPostgres.rows(byUpgrade, AUDIT), TestPostgres.rows(byPsql, AUDIT));
        assertEquals(
                List.of("3|1|t"),
                TestPostgres.rows(
                        byPsql,
                        "select count(*), count(distinct run_id), bool_and(duration_ms >= 0) from migrate_audit"
                                + " where run_id <> (select run_id from migrate_audit order by id limit 1)"));
        assertEquals(List.of("1|O'Brien"), TestPostgres.rows(byPsql, "select id, name from artists"));
    }

    @Test
    void planStopsAtTheTarget() throws Exception {
        StringWriter script = new StringWriter();
        Results.Plan plan;
        try (Migrator migrator = new Migrator(fx.settings("target", "2"), fx.events::add)) {
            plan = migrator.plan(Map.of(), script);
        }

        assertEquals(List.of("V2__index_song_titles.sql"), plan.pending());
        assertEquals("2", plan.toVersion());
        assertContains(script.toString(), "-- pending: 1 migration (up to target 2); after them the version is 2\n");
        assertFalse(script.toString().contains("artists"), script.toString());
        String copy = copyOf(fx.url, "to_target");
        ProcessResult psql = psql(copy, Files.writeString(project.resolve("plan.sql"), script.toString()));
        assertEquals(0, psql.exitCode(), psql.stderr());
        assertEquals(
                List.of("1|t", "2|t"),
                TestPostgres.rows(copy, "select version, success from flyway_schema_history order by 1"));
    }

    @Test
    void nothingPendingGivesAScriptThatSaysSoAndChangesNothing() throws Exception {
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            migrator.upgrade();
        }
        List<String> history = fx.query(HISTORY);
        StringWriter script = new StringWriter();
        Results.Plan plan;
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            plan = migrator.plan(Map.of(), script);
        }

        assertEquals(List.of(), plan.pending());
        assertEquals("4", plan.toVersion());
        String text = script.toString();
        assertContains(
                text,
                "-- pending: 0 migrations; after them the version is 4\n",
                "-- nothing is pending: schema public is at version 4; this script changes nothing\n");
        assertFalse(text.contains("insert into"), text);
        ProcessResult psql = psql(fx.url, Files.writeString(project.resolve("plan.sql"), text));
        assertEquals(0, psql.exitCode(), psql.stderr());
        assertEquals(history, fx.query(HISTORY));
    }

    @Test
    void aFreshDatabaseIsLeftWithoutHistoryTableAndThePlanCreatesIt() throws Exception {
        String fresh = TestPostgres.newDatabase("plan_fresh");
        StringWriter script = new StringWriter();
        try (Migrator migrator = new Migrator(settingsFor(fresh), fx.events::add)) {
            migrator.plan(Map.of(), script);
        }

        assertEquals(
                List.of("null|null"),
                TestPostgres.rows(fresh, "select to_regclass('flyway_schema_history'), to_regclass('migrate_audit')"));
        assertContains(script.toString(), "-- current version: <none>\n", "create table if not exists");
        ProcessResult psql = psql(fresh, Files.writeString(project.resolve("plan.sql"), script.toString()));
        assertEquals(0, psql.exitCode(), psql.stderr());
        assertEquals(4, TestPostgres.rows(fresh, HISTORY).size());
    }

    @Test
    void planRefusesARunThatFlywayWouldApply() throws Exception {
        fx.write("V5__greet.sql", "select '${greeting}';\n");
        List<String> history = fx.query(HISTORY);

        MigrateException e;
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            e = assertThrows(MigrateException.class, () -> migrator.plan(Map.of(), new StringWriter()));
        }

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "plan refused: upgrade would leave this run to Flyway's migrate (V5__greet.sql may hold"
                        + " placeholders), whose statements the plan cannot show; nothing was changed (the plan"
                        + " covers runs of the direct executor: plain SQL migrations without placeholders on a"
                        + " history Flyway's validate passes, into schemas that exist)",
                e.getMessage());
        assertEquals(history, fx.query(HISTORY));
    }

    @Test
    void planRefusesATargetBelowTheCurrentVersionAsUpgradeDoes() throws Exception {
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            migrator.upgrade();
        }

        MigrateException e;
        try (Migrator migrator = new Migrator(fx.settings("target", "2"), fx.events::add)) {
            e = assertThrows(MigrateException.class, () -> migrator.plan(Map.of(), new StringWriter()));
        }

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertContains(
                e.getMessage(),
                "plan -Dmigrate.target=2 is below the current version 4; nothing was changed (to go back to 2, run"
                        + " migrate:downgrade -Dmigrate.target=2)");
    }

    @Test
    void aScriptTooLargeToHoldIsReadAgainIntoThePlanWithItsChecksum() throws Exception {
        Path large = fx.migrations.resolve("V5__fill_songs.sql");
        String statement = "insert into songs (title) values ('a title long enough to fill the file quickly');\n";
        try (var w = Files.newBufferedWriter(large)) {
            for (long size = 0; size <= MigrationScript.STREAM_ABOVE_BYTES; size += statement.length()) {
                w.write(statement);
            }
            w.write("insert into songs (title) values ('the last one');\n");
        }
        int checksum = ScriptReader.checksumOf(large);

        StringWriter script = new StringWriter();
        try (Migrator migrator = new Migrator(fx.settings(), fx.events::add)) {
            migrator.plan(Map.of(), script);
        }

        String text = script.toString();
        String last = text.substring(text.indexOf("-- V5__fill_songs.sql"));
        assertContains(
                last,
                "checksum " + checksum + ", installed_rank 5; one transaction\nbegin;\n" + statement,
                "insert into songs (title) values ('the last one');\nwith history as (insert into",
                "E'V5__fill_songs.sql', " + checksum + ", E'postgres'",
                "commit;\n");
    }

    private MigrateSettings settingsFor(String url) {
        return fx.settings("url", url);
    }

    /** A copy of the database at {@code url}, made from it as a template. */
    private static String copyOf(String url, String hint) throws SQLException {
        String source = DatabaseUrl.parse(url, "test").database();
        String name = source + "_" + hint;
        try (Connection c = DriverManager.getConnection(
                        TestPostgres.server().jdbcUrl("postgres"), "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("create database " + name + " template " + source);
        }
        return TestPostgres.server().jdbcUrl(name);
    }

    private static ProcessResult psql(String url, Path file) {
        DatabaseUrl target = DatabaseUrl.parse(url, "test");
        return ProcessRunner.run(
                List.of(
                        PgTools.locate(null).psql().toString(),
                        "-X",
                        "-q",
                        "-h",
                        target.host(),
                        "-p",
                        Integer.toString(target.port()),
                        "-U",
                        "postgres",
                        "-d",
                        target.database(),
                        "-f",
                        file.toString()),
                Map.of("PGPASSWORD", TestPostgres.PASSWORD),
                Duration.ofMinutes(2));
    }

    private static Snapshot snapshot(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            return CatalogReader.read(c, SnapshotScope.of(List.of("public"), "flyway_schema_history"));
        }
    }
}
