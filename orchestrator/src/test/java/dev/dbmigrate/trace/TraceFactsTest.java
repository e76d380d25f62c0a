package dev.dbmigrate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.lint.Severity;
import dev.dbmigrate.rehearse.RehearsalProject;
import dev.dbmigrate.trace.StatementTrace.Blocked;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The trace against what PostgreSQL guarantees about locks and rewrites, on its scratch server. */
@Tag("postgres")
@Tag("process")
class TraceFactsTest {
    private static TraceReport report;

    @BeforeAll
    static void traceEveryFact() {
        RehearsalProject project = new RehearsalProject("trace")
                .file(
                        "V1__create_users.sql",
                        "create table users (id int primary key, name varchar(10), n int);\n"
                                + "create index users_n on users (n);\n")
                .file(
                        "D1__users.sql",
                        "insert into users select g, 'u' || (g % 1000), g from generate_series(1, 20000) g;\n")
                .file("V2__widen_id.sql", "alter table users alter column id type bigint;\n")
                .file("V3__widen_name.sql", "alter table users alter column name type varchar(20);\n")
                .file("V4__add_created.sql", "alter table users add column created timestamptz default now();\n")
                .file("V5__add_score.sql", "alter table users add column score float8 default random();\n")
                .file("V6__index_name.sql", "create index users_name on users (name);\n")
                .file("V7__index_created.sql", "create index concurrently users_created on users (created);\n")
                .file(
                        "V8__add_note.sql",
                        "alter table users add column note text;\n\ncreate table notes (id int);\n"
                                + "update users set note = 'x' where id = 1;\n");
        MigrateSettings settings = project.settings();
        MigrationFiles files = MigrationFiles.scan(settings.locations(), false);
        List<MigrationFiles.MigrationFile> toTrace =
                files.versioned().stream().filter(f -> !f.version().equals("1")).toList();
        report = Trace.run(settings, files, toTrace, MigrateListener.NONE);
    }

    private static MigrationTrace migration(String version) {
        return report.migrations().stream()
                .filter(m -> m.version().equals(version))
                .findFirst()
                .orElseThrow();
    }

    private static StatementTrace only(String version) {
        MigrationTrace m = migration(version);
        assertEquals(null, m.failure(), m.script());
        assertEquals(1, m.statements().size(), m.script());
        return m.statements().get(0);
    }

    private static LockTaken lock(String relation, LockMode mode) {
        return new LockTaken(relation, mode);
    }

    @Test
    void alterColumnTypeFromIntToBigintRewritesTheTableAndRebuildsItsIndexes() {
        StatementTrace s = only("2");
        assertEquals(List.of("public.users"), s.rewrote());
        assertEquals(List.of("public.users_n", "public.users_pkey"), s.rebuiltIndexes());
        assertEquals(
                List.of(
                        lock("public.users", LockMode.SHARE),
                        lock("public.users", LockMode.ACCESS_EXCLUSIVE),
                        lock("public.users_n", LockMode.ACCESS_EXCLUSIVE),
                        lock("public.users_pkey", LockMode.ACCESS_EXCLUSIVE)),
                s.locks());
        assertEquals(1, s.line());
        assertEquals("alter table users alter column id type bigint", s.sql());
    }

    @Test
    void wideningAVarcharRewritesNothingButTakesAccessExclusive() {
        StatementTrace s = only("3");
        assertEquals(List.of(), s.rewrote());
        assertEquals(List.of(), s.rebuiltIndexes());
        assertEquals(List.of(lock("public.users", LockMode.ACCESS_EXCLUSIVE)), s.locks());
    }

    @Test
    void aColumnWithTheStableDefaultNowIsAddedWithoutARewrite() {
        StatementTrace s = only("4");
        assertEquals(List.of(), s.rewrote());
        assertEquals(List.of(lock("public.users", LockMode.ACCESS_EXCLUSIVE)), s.locks());
    }

    @Test
    void aColumnWithTheVolatileDefaultRandomRewritesTheTable() {
        StatementTrace s = only("5");
        assertEquals(List.of("public.users"), s.rewrote());
        assertEquals(List.of("public.users_n", "public.users_pkey"), s.rebuiltIndexes());
    }

    @Test
    void createIndexTakesShareOnTheTableWhichStopsWritesUntilTheCommitButNotReads() {
        StatementTrace s = only("6");
        assertEquals(List.of(lock("public.users", LockMode.SHARE)), s.locks());
        assertTrue(s.strongLockHeldMs() >= s.durationMs());
        assertNull(s.blocked(), "a reader's ACCESS SHARE does not conflict with SHARE");
        assertEquals(List.of("public.users"), migration("6").readTables());
    }

    @Test
    void createIndexConcurrentlyTakesShareUpdateExclusiveSeenFromASecondSession() {
        MigrationTrace m = migration("7");
        assertFalse(m.inTransaction());
        assertEquals(
                List.of(lock("public.users", LockMode.SHARE_UPDATE_EXCLUSIVE)),
                only("7").locks());
        assertEquals(0, only("7").strongLockHeldMs());
        assertEquals(List.of(), m.notes());
        assertEquals(List.of("public.users"), m.readTables(), "rehearsed on a copy of the state before it");
        StatementTrace s = m.statements().get(0);
        // measured: CONCURRENTLY waits for the open transaction to end, holding only SHARE UPDATE EXCLUSIVE meanwhile
        assertEquals(Blocked.Source.NONE, s.blocked().source());
        assertEquals(LockMode.SHARE_UPDATE_EXCLUSIVE, s.blocked().strongest());
        assertEquals(
                List.of("line 1 (create index concurrently users_created on users (created)): queued behind an open"
                        + " transaction that had read public.users (no lock_timeout in force; the rehearsal ended the"
                        + " wait after " + s.blocked().waitedMs() + " ms): it would queue behind an application's"
                        + " transaction and hold up only other schema changes and VACUUM behind it (SHARE UPDATE"
                        + " EXCLUSIVE lets reads and writes through)"),
                m.blockers());
    }

    @Test
    void addColumnTakesAccessExclusiveAndEveryLaterStatementRunsAfterIt() {
        MigrationTrace m = migration("8");
        assertEquals(
                List.of(1, 3, 4),
                m.statements().stream().map(StatementTrace::line).toList());
        assertEquals(
                List.of(false, true, true),
                m.statements().stream()
                        .map(StatementTrace::afterAccessExclusive)
                        .toList());
        StatementTrace add = m.statements().get(0);
        assertEquals(List.of(lock("public.users", LockMode.ACCESS_EXCLUSIVE)), add.locks());
        assertTrue(add.strongLockHeldMs() >= add.durationMs());
        assertEquals(List.of(), m.statements().get(1).locks(), "a table created in the migration is not named");
        assertEquals(
                List.of(
                        lock("public.users", LockMode.ROW_EXCLUSIVE),
                        lock("public.users_created", LockMode.ROW_EXCLUSIVE),
                        lock("public.users_n", LockMode.ROW_EXCLUSIVE),
                        lock("public.users_name", LockMode.ROW_EXCLUSIVE),
                        lock("public.users_pkey", LockMode.ROW_EXCLUSIVE)),
                m.statements().get(2).locks());
    }

    @Test
    void withoutALockTimeoutEveryAccessExclusiveStatementIsReportedAsQueueingBehindTheReader() {
        MigrationTrace m = migration("8");
        StatementTrace add = m.statements().get(0);
        assertNotNull(add.blocked());
        assertTrue(add.blocked().wouldQueue());
        assertEquals(Blocked.Source.NONE, add.blocked().source());
        assertEquals(List.of("public.users"), add.blocked().behind());
        assertEquals("55P03", add.blocked().sqlState());
        assertEquals("200ms", add.blocked().lockTimeout());
        assertTrue(add.blocked().waitedMs() >= 190, add.blocked().waitedMs() + " ms");
        assertEquals(
                List.of("line 1 (alter table users add column note text): queued behind an open transaction that had"
                        + " read public.users (no lock_timeout in force; the rehearsal ended the wait after "
                        + add.blocked().waitedMs() + " ms): it would queue behind an application's transaction and"
                        + " block every query behind it"),
                m.blockers());
        assertNull(m.statements().get(2).blocked(), "the reader let go, so the update ran at once");
        assertTrue(report.anyWouldQueue());
    }

    @Test
    void eachTracedMigrationIsCommittedSoTheNextRunsOnItsResult() {
        assertEquals(
                List.of("2", "3", "4", "5", "6", "7", "8"),
                report.migrations().stream().map(MigrationTrace::version).toList());
        assertTrue(report.migrations().stream().allMatch(MigrationTrace::traced));
        // V8's update names users_created, which only V7's committed index can be
        assertTrue(migration("8")
                .statements()
                .get(2)
                .locks()
                .contains(lock("public.users_created", LockMode.ROW_EXCLUSIVE)));
    }

    @Test
    void theMeasuredFactsJudgeTheStaticFindings() {
        java.nio.file.Path widenName = migration("3").path();
        java.nio.file.Path addScore = migration("5").path();
        List<Disagreement> d = report
                .disagreements(List.of(
                        new Finding("table-rewrite", Severity.ERROR, widenName, 1, "..."),
                        new Finding("lock-timeout-missing", Severity.WARNING, addScore, 1, "...")))
                .stream()
                .filter(x ->
                        x.script().equals("V3__widen_name.sql") || x.script().equals("V5__add_score.sql"))
                .toList();
        assertEquals(
                List.of(
                        "V3__widen_name.sql:1: a rule missed a lock without a timeout: the statement took ACCESS"
                                + " EXCLUSIVE on public.users with no lock_timeout in force, and lock-timeout-missing"
                                + " did not flag it",
                        "V3__widen_name.sql:1: table-rewrite flagged a rewrite that did not happen: no table's file"
                                + " node changed when the statement ran",
                        "V5__add_score.sql:1: a rule missed a rewrite: the statement wrote public.users anew (its file"
                                + " node changed), and neither table-rewrite nor volatile-default flagged it"),
                d.stream().map(Disagreement::text).sorted().toList());
    }
}
