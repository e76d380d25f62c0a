package dev.dbmigrate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsalProject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which migrations the trace runs, and on what state. */
@Tag("postgres")
@Tag("process")
class TraceWalkTest {
    private static TraceReport trace(RehearsalProject project, Set<String> versions, MigrateListener listener) {
        MigrateSettings settings = project.settings();
        MigrationFiles files = MigrationFiles.scan(settings.locations(), false);
        List<MigrationFiles.MigrationFile> toTrace = new ArrayList<>(files.versioned().stream()
                .filter(f -> versions.contains(f.version()))
                .toList());
        toTrace.addAll(files.undo());
        return Trace.run(settings, files, toTrace, listener);
    }

    @Test
    void aMigrationBetweenTwoTracedOnesIsAppliedUntracedAndSampleDataIsLoadedAfterEach() {
        RehearsalProject project = new RehearsalProject("walk")
                .file("V1__create_users.sql", "create table users (id int primary key);\n")
                .file("V2__create_orders.sql", "create table orders (id int primary key, user_id int);\n")
                .file("D2__orders.sql", "insert into orders values (1, 1);\n")
                .file("V3__add_total.sql", "alter table orders add column total numeric;\n")
                .file("U3__add_total.sql", "alter table orders drop column total;\n")
                .file("V4__fill_total.sql", "update orders set total = 1 where total is null;\n")
                .file("V5__unused.sql", "create table unused (id int);\n")
                .file("V6__only_user_two.sql", "alter table orders add constraint user_two check (user_id = 2);\n");
        List<String> log = new ArrayList<>();
        TraceReport report = trace(project, Set.of("2", "4", "6"), new MigrateListener() {
            @Override
            public void on(dev.dbmigrate.events.MigrateEvent event) {}

            @Override
            public void info(String message) {
                log.add(message);
            }
        });
        assertEquals(
                List.of("2", "4", "6"),
                report.migrations().stream().map(MigrationTrace::version).toList());
        StatementTrace fill = report.migrations().get(1).statements().get(0);
        assertEquals(
                List.of(
                        new LockTaken("public.orders", LockMode.ROW_EXCLUSIVE),
                        new LockTaken("public.orders_pkey", LockMode.ROW_EXCLUSIVE)),
                fill.locks());
        assertEquals(List.of("public.orders"), report.migrations().get(1).readTables());
        assertEquals(List.of(), report.migrations().get(0).statements().get(0).locks(), "orders is new in V2");
        assertTrue(
                log.contains("trace: V4__fill_total.sql: 1 statement, none waited behind an open transaction"),
                log.toString());
        assertEquals(
                "line 1: ERROR: check constraint \"user_two\" of relation \"orders\" is violated by some row",
                report.migrations().get(2).failure(),
                "D2's row, loaded after the traced V2, is there");
        assertTrue(log.get(log.size() - 1).startsWith("trace: scratch PostgreSQL ready in "), log.toString());
    }

    @Test
    void nothingToTraceStartsNoServer() {
        RehearsalProject project =
                new RehearsalProject("walk").file("V1__create_users.sql", "create table users (id int);\n");
        TraceReport report = trace(project, Set.of(), MigrateListener.NONE);
        assertEquals(List.of(), report.migrations());
        assertEquals(0, report.serverStart().toMillis());
    }

    @Test
    void aMigrationBeforeTheTracedOnesThatFailsStopsTheTraceNamingIt() {
        RehearsalProject project = new RehearsalProject("walk")
                .file("V1__create_users.sql", "create table users (id int);\n")
                .file("V2__broken.sql", "alter table nowhere add column a int;\n")
                .file("V3__add_name.sql", "alter table users add column name text;\n");
        MigrateException e =
                assertThrows(MigrateException.class, () -> trace(project, Set.of("3"), MigrateListener.NONE));
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("the trace could not build the state up to V2__broken.sql from the migration"
                                + " files in its throwaway database ("),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("); nothing was changed on any real database (fix the file, or the sample"
                                + " data after it, so that the migrations before the traced ones build)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("V2__broken.sql"), e.getMessage());
    }

    @Test
    void aRelationThatCannotBeReadGetsNoReaderAndTheRehearsalGoesOn() {
        RehearsalProject project = new RehearsalProject("walk")
                .file(
                        "V1__create_totals.sql",
                        "create table t (id int);\ncreate materialized view totals as select count(*) from t"
                                + " with no data;\n")
                .file("V2__comment_totals.sql", "alter materialized view totals rename to totals_by_day;\n");
        MigrationTrace m =
                trace(project, Set.of("2"), MigrateListener.NONE).migrations().get(0);
        assertEquals(null, m.failure());
        assertEquals(
                List.of(new LockTaken("public.totals", LockMode.ACCESS_EXCLUSIVE)),
                m.statements().get(0).locks());
        assertEquals(List.of(), m.readTables(), "a materialized view never populated cannot be read");
        assertEquals(null, m.statements().get(0).blocked());
    }
}
