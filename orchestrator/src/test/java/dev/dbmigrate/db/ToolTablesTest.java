package dev.dbmigrate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tool's own tables carry a schema version and are brought to this build's layout from the layouts before. */
@Tag("postgres")
class ToolTablesTest {
    /** {@code migrate_audit} as every release before versioned tables created it. */
    private static final String AUDIT_TODAY = "create table if not exists \"public\".migrate_audit ("
            + " id bigserial primary key, run_id text not null, command text not null, version text,"
            + " description text, script text, outcome text not null, started_at timestamptz not null,"
            + " duration_ms bigint not null, db_user text not null default current_user, os_user text, host text,"
            + " message text)";
    /** {@code migrate_promotion} before {@code history_mark}. */
    private static final String PROMOTION_BEFORE_MARK = "create table if not exists \"public\".migrate_promotion ("
            + " run_id text primary key, from_env text not null, to_env text not null, step text not null,"
            + " status text not null, started_at timestamptz not null, updated_at timestamptz not null,"
            + " started_by text not null, source_before text, target_before text, source_backup text,"
            + " target_backup text)";
    /** {@code migrate_promotion} as the release before versioned tables created it. */
    private static final String PROMOTION_TODAY = PROMOTION_BEFORE_MARK.replace(
            "target_backup text)",
            "target_backup text, history_mark text); alter table \"public\".migrate_promotion add column if not"
                    + " exists history_mark text");

    private static final String PROMOTION_ROW = "insert into migrate_promotion (run_id, from_env, to_env, step,"
            + " status, started_at, updated_at, started_by) values ('old-run', 'staging', 'prod', 'verify prod',"
            + " 'finished', now(), now(), 'ci')";

    private String url;

    @BeforeEach
    void database() {
        url = TestPostgres.newDatabase("tooltables");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    private void execute(String... sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String each : sql) {
                s.execute(each);
            }
        }
    }

    private int version(ToolTable table) throws SQLException {
        try (Connection c = connect()) {
            return table.recordedVersion(c, "public");
        }
    }

    private List<String> columns(String table) throws SQLException {
        return TestPostgres.rows(
                url,
                "select column_name || ' ' || data_type from information_schema.columns"
                        + " where table_schema = 'public' and table_name = '" + table + "' order by ordinal_position");
    }

    @Test
    void auditTableOfTheUnversionedLayoutKeepsItsColumnsAndRowsAndRecordsVersionOne() throws Exception {
        execute(
                AUDIT_TODAY,
                "insert into migrate_audit (run_id, command, outcome, started_at, duration_ms)"
                        + " values ('r1', 'upgrade', 'success', now(), 5), ('r1', 'upgrade', 'success', now(), 7)");
        List<String> before = columns("migrate_audit");

        try (Connection c = connect()) {
            new AuditLog("public")
                    .append(
                            c,
                            List.of(new AuditEntry(
                                    "r2",
                                    "downgrade",
                                    "3",
                                    "d",
                                    "U3__d.sql",
                                    "success",
                                    Instant.now(),
                                    9,
                                    null,
                                    "ci",
                                    "runner",
                                    null)));
        }

        assertEquals(1, version(AuditLog.LAYOUT));
        assertEquals(
                "migrate_audit schema 1",
                TestPostgres.rows(url, "select obj_description('public.migrate_audit'::regclass, 'pg_class')")
                        .get(0));
        assertEquals(before, columns("migrate_audit"));
        assertEquals(
                List.of("r1|5", "r1|7", "r2|9"),
                TestPostgres.rows(url, "select run_id, duration_ms from migrate_audit order by id"));
    }

    @Test
    void promotionTableWithoutHistoryMarkGetsTheColumnLastAndVersionTwoAndKeepsItsRows() throws Exception {
        execute(PROMOTION_BEFORE_MARK, PROMOTION_ROW);

        try (Connection c = connect()) {
            PromotionTable.ensure(c, "public");
        }

        assertEquals(2, version(PromotionTable.LAYOUT));
        List<String> columns = columns("migrate_promotion");
        assertEquals(13, columns.size(), columns.toString());
        assertEquals("history_mark text", columns.get(12));
        assertEquals(
                List.of("old-run|finished|null"),
                TestPostgres.rows(url, "select run_id, status, history_mark from migrate_promotion"));
    }

    @Test
    void promotionTableOfTheUnversionedLayoutKeepsItsColumnsAndRowsAndRecordsVersionTwo() throws Exception {
        execute(PROMOTION_TODAY, PROMOTION_ROW);
        List<String> before = columns("migrate_promotion");

        try (Connection c = connect()) {
            PromotionTable.ensure(c, "public");
        }

        assertEquals(2, version(PromotionTable.LAYOUT));
        assertEquals(before, columns("migrate_promotion"));
        assertEquals(
                List.of("old-run|verify prod"), TestPostgres.rows(url, "select run_id, step from migrate_promotion"));
    }

    @Test
    void aMissingTableIsCreatedAtTheCurrentVersionAndTheSecondRunChangesNothing() throws Exception {
        try (Connection c = connect()) {
            PromotionTable.ensure(c, "public");
            new AuditLog("public").ensureTable(c);
        }
        assertEquals(2, version(PromotionTable.LAYOUT));
        assertEquals(1, version(AuditLog.LAYOUT));
        String catalog = "select c.xmin::text || '/' || d.xmin::text from pg_class c join pg_description d"
                + " on d.objoid = c.oid and d.objsubid = 0 where c.relname in ('migrate_promotion', 'migrate_audit')"
                + " order by c.relname";
        List<String> rows = TestPostgres.rows(url, catalog);

        try (Connection c = connect()) {
            PromotionTable.ensure(c, "public");
            new AuditLog("public").ensureTable(c);
        }

        assertEquals(rows, TestPostgres.rows(url, catalog), "no catalog row was rewritten");
    }

    @Test
    void theStatementsARestoreReplaysBringTheOlderLayoutToTheCurrentVersion() throws Exception {
        execute(PROMOTION_BEFORE_MARK, PROMOTION_ROW, AUDIT_TODAY);

        execute(PromotionTable.createTableSql("public"), new AuditLog("public").createTableSql());

        assertEquals(2, version(PromotionTable.LAYOUT));
        assertEquals(1, version(AuditLog.LAYOUT));
        assertEquals("history_mark text", columns("migrate_promotion").get(12));
    }

    @Test
    void aTableOfANewerVersionThanThisBuildKnowsIsRefusedAndLeftAsItIs() throws Exception {
        execute(
                PROMOTION_TODAY,
                "alter table migrate_promotion add column reviewer text",
                "comment on table migrate_promotion is 'migrate_promotion schema 3'");

        MigrateException e;
        try (Connection c = connect()) {
            e = assertThrows(MigrateException.class, () -> PromotionTable.ensure(c, "public"));
        }

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "the table public.migrate_promotion is at schema version 3 (recorded in its comment), newer"
                        + " than version 2 that this build of migrate knows; it was written by a newer release of migrate,"
                        + " and this one does not write to it; nothing was changed (run the release of migrate that"
                        + " upgraded it, or a newer one)",
                e.getMessage());
        assertEquals(3, version(PromotionTable.LAYOUT));
        assertEquals("reviewer text", columns("migrate_promotion").get(13));
    }

    @Test
    void twoRunsAtOnceOneCreatesTheOtherWaitsAndFindsItCurrent() throws Exception {
        try (Connection first = connect();
                Connection second = connect()) {
            first.setAutoCommit(false);
            PromotionTable.ensure(first, "public");
            CompletableFuture<Void> other = Background.run(() -> {
                try {
                    PromotionTable.ensure(second, "public");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the second run waits for the first's transaction-scoped lock, not for a failed create
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestPostgres.rows(url, "select 1 from pg_locks where locktype = 'advisory' and not granted")
                    .isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the second run never waited for the lock");
                Thread.sleep(20);
            }
            assertTrue(!other.isDone());
            first.commit();
            other.get(20, TimeUnit.SECONDS);
        }
        assertEquals(2, version(PromotionTable.LAYOUT));
        assertEquals(13, columns("migrate_promotion").size());
    }

    @Test
    void aRoleThatDoesNotOwnAnUnversionedTableWritesToItAsItIsAndItsOwnerUpgradesItLater() throws Exception {
        String role = "deployer_" + Math.abs(url.hashCode());
        execute(
                AUDIT_TODAY,
                "create role " + role + " login password 'Deploy-pw-1'",
                "grant usage, create on schema public to " + role,
                "grant select, insert on migrate_audit to " + role,
                "grant usage on sequence migrate_audit_id_seq to " + role);

        try (Connection c = DriverManager.getConnection(url, role, "Deploy-pw-1")) {
            new AuditLog("public")
                    .append(
                            c,
                            List.of(new AuditEntry(
                                    "r1",
                                    "upgrade",
                                    "1",
                                    "d",
                                    "V1__d.sql",
                                    "success",
                                    Instant.now(),
                                    3,
                                    null,
                                    "ci",
                                    "runner",
                                    null)));
        }

        assertEquals(0, version(AuditLog.LAYOUT), "only the owner may record the version");
        assertEquals(List.of("r1|" + role), TestPostgres.rows(url, "select run_id, db_user from migrate_audit"));
        try (Connection c = connect()) {
            new AuditLog("public").ensureTable(c);
        }
        assertEquals(1, version(AuditLog.LAYOUT));
    }

    @Test
    void aToolTableIsNamedMigrateSomethingAndItsStepsAreNumberedInOrder() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ToolTable("audit", List.of(new ToolTable.Step(1, "create table %s (id int)"))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ToolTable("migrate_x", List.of(new ToolTable.Step(2, "create table %s (id int)"))));
        assertEquals(2, PromotionTable.LAYOUT.version());
    }
}
