package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.history.HistoryTable.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpgradePlan#of}, the lean executor's decision, on files in a folder and history rows made in memory: which
 * migrations an upgrade applies and in what order, where the current version stands, and each reason that hands the
 * run to Flyway instead. No database: what the history table holds is the {@code rows} argument.
 */
class UpgradePlanTest {
    private static final String UPGRADE = "upgrade";
    private static final String AGAIN = "mvn migrate:upgrade";

    @TempDir
    Path location;

    private void write(String name, String sql) throws IOException {
        Files.writeString(location.resolve(name), sql);
    }

    private MigrationFiles files() {
        return MigrationFiles.scan(List.of(location), false);
    }

    private UpgradePlan plan(List<Row> rows, String target, boolean outOfOrder, List<String> missingSchemas) {
        MigrationFiles files = files();
        return UpgradePlan.of(
                files,
                MigrationScript.readAll(files.versioned()),
                rows,
                missingSchemas,
                target,
                outOfOrder,
                UPGRADE,
                AGAIN);
    }

    private UpgradePlan plan(List<Row> rows) {
        return plan(rows, null, false, List.of());
    }

    /** The history row Flyway writes for {@code file}, applied successfully at {@code rank}. */
    private static Row applied(MigrationFile file, int rank) throws IOException {
        return row(
                rank,
                file.versionText(),
                file.description(),
                "SQL",
                file.script(),
                Checksum.of(Files.readString(file.path())),
                true);
    }

    private static Row row(
            int rank,
            String version,
            String description,
            String type,
            String script,
            Integer checksum,
            boolean success) {
        return new Row(
                rank,
                version,
                description,
                type,
                script,
                checksum,
                "postgres",
                Instant.parse("2026-11-24T10:15:00Z"),
                12,
                success);
    }

    private MigrationFile file(String version) {
        return files().versionedFor(version).orElseThrow();
    }

    private static List<String> versions(List<UpgradePlan.Pending> pending) {
        return pending.stream().map(p -> p.file().version()).toList();
    }

    private static List<String> names(List<MigrationFile> files) {
        return files.stream().map(MigrationFile::fileName).toList();
    }

    @Test
    void onAnEmptyHistoryEveryVersionedMigrationIsPendingInVersionOrderNotNameOrder() throws IOException {
        write("V10__ten.sql", "create table ten (id int);");
        write("V2__two.sql", "create table two (id int);");
        write("V1_1__one_one.sql", "create table one_one (id int);");
        write("V1__one.sql", "create table one (id int);");
        UpgradePlan plan = plan(List.of());
        assertNull(plan.fallback());
        assertEquals(List.of("1", "1.1", "2", "10"), versions(plan.pending()));
        assertNull(plan.current());
        assertEquals(1, plan.nextRank());
        assertEquals(List.of(), plan.outOfOrder());
        UpgradePlan.Pending first = plan.pending().get(0);
        assertEquals(Checksum.of("create table one (id int);"), first.checksum());
        assertEquals(1, first.statements().size());
        assertFalse(first.noTransaction());
        assertFalse(first.empty());
    }

    @Test
    void appliedMigrationsAreLeftOutAndTheNextRankFollowsTheHighestRankInTheHistory() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__two.sql", "create table two (id int);");
        write("V3__three.sql", "create table three (id int);");
        List<Row> rows = List.of(
                row(1, null, "<< Flyway Schema Creation >>", "SCHEMA", "\"public\"", null, true),
                applied(file("1"), 2),
                applied(file("2"), 3));
        UpgradePlan plan = plan(rows);
        assertNull(plan.fallback());
        assertEquals(List.of("3"), versions(plan.pending()));
        assertEquals("2", plan.current());
        assertEquals(4, plan.nextRank());
    }

    @Test
    void aTargetStopsThePlanAtItsVersionAndLatestMeansAll() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__two.sql", "create table two (id int);");
        write("V3__three.sql", "create table three (id int);");
        assertEquals(
                List.of("1", "2"),
                versions(plan(List.of(), "2", false, List.of()).pending()));
        assertEquals(
                List.of("1", "2", "3"),
                versions(plan(List.of(), "latest", false, List.of()).pending()));
    }

    @Test
    void nothingAtOrBelowTheBaselineIsPendingAndTheBaselineIsTheCurrentVersion() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__two.sql", "create table two (id int);");
        write("V3__three.sql", "create table three (id int);");
        UpgradePlan plan =
                plan(List.of(row(1, "2", "<< Flyway Baseline >>", "BASELINE", "<< Flyway Baseline >>", null, true)));
        assertNull(plan.fallback());
        assertEquals(List.of("3"), versions(plan.pending()));
        assertEquals("2", plan.current());
        assertEquals(List.of(), plan.outOfOrder());
    }

    @Test
    void aMigrationOlderThanTheCurrentVersionIsNamedAndAppliedOnlyWithOutOfOrder() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__two.sql", "create table two (id int);");
        write("V3__three.sql", "create table three (id int);");
        write("V4__four.sql", "create table four (id int);");
        List<Row> rows = List.of(applied(file("1"), 1), applied(file("3"), 2));
        UpgradePlan inOrder = plan(rows, null, false, List.of());
        assertEquals(List.of("4"), versions(inOrder.pending()));
        assertEquals(List.of("V2__two.sql"), names(inOrder.outOfOrder()));
        assertEquals("3", inOrder.current());
        UpgradePlan outOfOrder = plan(rows, null, true, List.of());
        assertEquals(List.of("2", "4"), versions(outOfOrder.pending()));
        assertEquals(List.of("V2__two.sql"), names(outOfOrder.outOfOrder()));
    }

    @Test
    void aScriptOfOnlyStatementsThatCannotRunInATransactionIsPlannedToRunOutsideOne() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__index.sql", "create index concurrently one_id on one (id);");
        write("V3__comments.sql", "-- nothing to do yet\n");
        UpgradePlan plan = plan(List.of());
        assertEquals(
                List.of(false, true, false),
                plan.pending().stream().map(UpgradePlan.Pending::noTransaction).toList());
        assertTrue(plan.pending().get(2).empty());
        assertFalse(plan.pending().get(1).canShareATransaction());
    }

    @Test
    void aMigrationToApplyThatMixesSuchStatementsWithOthersIsRefusedBeforeAnythingIsPlanned() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__mixed.sql", "create table two (id int);\ncreate index concurrently two_id on two (id);");
        MigrateException e = assertThrows(MigrateException.class, () -> plan(List.of()));
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertTrue(e.getMessage().startsWith("upgrade refused: "), e.getMessage());
        assertTrue(e.getMessage().contains("V2__mixed.sql"), e.getMessage());
        assertTrue(e.getMessage().endsWith("then run " + AGAIN + " again)"), e.getMessage());
        // once applied (by an older release, say), the same file is history, not something to refuse
        UpgradePlan plan = plan(List.of(applied(file("1"), 1), applied(file("2"), 2)));
        assertNull(plan.fallback());
        assertEquals(List.of(), plan.pending());
    }

    @Test
    void whatTheLeanExecutorDoesNotHandleGoesToFlywayWithTheReason() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__two.sql", "create table two (id int);");
        List<Row> rows = List.of(applied(file("1"), 1));
        Row changed = row(1, "1", "one", "SQL", "V1__one.sql", 42, true);
        assertEquals(
                "V1__one.sql differs from its history row",
                plan(List.of(changed)).fallback());
        Row renamed = row(1, "1", "first", "SQL", "V1__first.sql", rows.get(0).checksum(), true);
        assertEquals(
                "V1__one.sql differs from its history row",
                plan(List.of(renamed)).fallback());
        assertEquals(
                "applied migration V7__gone.sql has no file",
                plan(List.of(row(1, "7", "gone", "SQL", "V7__gone.sql", 1, true)))
                        .fallback());
        assertEquals(
                "the history table records a failed migration",
                plan(List.of(row(
                                1, "1", "one", "SQL", "V1__one.sql", rows.get(0).checksum(), false)))
                        .fallback());
        assertEquals(
                "the history table holds a JDBC row",
                plan(List.of(row(1, "1", "one", "JDBC", "db.migration.V1__one", null, true)))
                        .fallback());
        assertEquals(
                "no migration has the target version 9",
                plan(rows, "9", false, List.of()).fallback());
        assertEquals(
                "schema app, audit does not exist yet",
                plan(rows, null, false, List.of("app", "audit")).fallback());
    }

    @Test
    void placeholdersRepeatablesAndCallbacksGoToFlyway() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V2__grant.sql", "grant select on one to ${reader};");
        assertEquals("V2__grant.sql may hold placeholders", plan(List.of()).fallback());
        Files.delete(location.resolve("V2__grant.sql"));
        write("R__views.sql", "create or replace view v as select 1;");
        assertEquals(
                "repeatable migration R__views.sql is to be applied",
                plan(List.of()).fallback());
        MigrationFile views = files().repeatable().get(0);
        Row viewsApplied =
                row(2, null, views.description(), "SQL", views.script(), ScriptReader.checksumOf(views.path()), true);
        assertNull(
                plan(List.of(applied(file("1"), 1), viewsApplied)).fallback(),
                "an unchanged repeatable that was applied needs nothing");
        write("beforeMigrate.sql", "select 1;");
        assertEquals("SQL callback beforeMigrate.sql", plan(List.of()).fallback());
    }

    @Test
    void duplicateVersionsGoToFlywayWhichNamesThem() throws IOException {
        write("V1__one.sql", "create table one (id int);");
        write("V1__uno.sql", "create table uno (id int);");
        assertEquals("duplicate versions", plan(List.of()).fallback());
    }
}
