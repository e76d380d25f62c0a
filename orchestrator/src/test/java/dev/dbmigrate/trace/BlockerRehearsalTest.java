package dev.dbmigrate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsalProject;
import dev.dbmigrate.trace.StatementTrace.Blocked;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The blocker rehearsal with the environment's lock timeout, and with one the script sets itself. */
@Tag("postgres")
@Tag("process")
class BlockerRehearsalTest {
    private static TraceReport trace(RehearsalProject project, String profile) throws Exception {
        Files.createDirectories(project.dir.resolve("environments"));
        Files.writeString(project.dir.resolve("environments/ci.yml"), profile);
        MigrateSettings settings = project.settings(Map.of("env", "ci"));
        MigrationFiles files = MigrationFiles.scan(settings.locations(), false);
        List<MigrationFiles.MigrationFile> toTrace =
                files.versioned().stream().filter(f -> !f.version().equals("1")).toList();
        return Trace.run(settings, files, toTrace, MigrateListener.NONE);
    }

    private static RehearsalProject project() {
        return new RehearsalProject("blocker")
                .file("V1__create_users.sql", "create table users (id int primary key);\n")
                .file("D1__users.sql", "insert into users values (1), (2);\n")
                .file("V2__add_email.sql", "alter table users add column email text;\nupdate users set email = 'x';\n");
    }

    @Test
    void theProfilesLockTimeoutFiresBehindTheReaderAndTheStatementIsReported() throws Exception {
        TraceReport report = trace(project(), "lockTimeout: 1s\n");
        assertEquals("1s", report.lockTimeout());
        MigrationTrace m = report.migrations().get(0);
        assertEquals(List.of("public.users"), m.readTables());
        Blocked blocked = m.statements().get(0).blocked();
        assertEquals("55P03", blocked.sqlState());
        assertEquals(Blocked.Source.PROFILE, blocked.source());
        assertEquals("1s", blocked.lockTimeout());
        assertEquals(List.of("public.users"), blocked.behind());
        assertTrue(blocked.waitedMs() >= 950, blocked.waitedMs() + " ms");
        assertTrue(!blocked.wouldQueue());
        assertEquals(
                List.of("line 1 (alter table users add column email text): waited " + blocked.waitedMs() + " ms"
                        + " behind an open transaction that had read public.users, then lock_timeout 1s (the"
                        + " profile's lockTimeout) fired (SQLSTATE 55P03): the migration would fail instead of"
                        + " queueing"),
                m.blockers());
        assertNull(m.statements().get(1).blocked());
        assertEquals("1s", m.statements().get(0).lockTimeout());
        assertEquals(
                List.of(),
                report.disagreements(List.of()).stream()
                        .filter(d -> d.ruleId().equals("lock-timeout-missing"))
                        .toList());
    }

    @Test
    void withoutALockTimeoutTheStatementWouldQueueAndTheDisagreementNamesTheMissingRule() throws Exception {
        TraceReport report = trace(project(), "statementTimeout: 1min\n");
        assertNull(report.lockTimeout());
        MigrationTrace m = report.migrations().get(0);
        Blocked blocked = m.statements().get(0).blocked();
        assertTrue(blocked.wouldQueue());
        assertEquals("55P03", blocked.sqlState());
        assertEquals("0", m.statements().get(0).lockTimeout());
        assertEquals(
                List.of("V2__add_email.sql:1: a rule missed a lock without a timeout: the statement took ACCESS"
                        + " EXCLUSIVE on public.users with no lock_timeout in force, and lock-timeout-missing did not"
                        + " flag it"),
                report.disagreements(List.of()).stream().map(Disagreement::text).toList());
    }

    @Test
    void aLockTimeoutTheScriptSetsIsTheOneThatFires() throws Exception {
        RehearsalProject project = project()
                .file("V3__add_name.sql", "set lock_timeout = '300ms';\nalter table users add column name text;\n");
        TraceReport report = trace(project, "statementTimeout: 1min\n");
        StatementTrace add = report.migrations().get(1).statements().get(1);
        assertEquals(Blocked.Source.SCRIPT, add.blocked().source());
        assertEquals("300ms", add.blocked().lockTimeout());
        assertEquals("300ms", add.lockTimeout());
    }

    @Test
    void aFailingMigrationIsReportedWithItsLineAndTheOnesAfterItAreNotTraced() throws Exception {
        RehearsalProject project = project()
                .file("V3__bad.sql", "alter table users add column a int;\nalter table nowhere add column b int;\n")
                .file("V4__after.sql", "alter table users add column c int;\n");
        TraceReport report = trace(project, "lockTimeout: 1s\n");
        MigrationTrace bad = report.migrations().get(1);
        assertEquals("line 2: ERROR: relation \"nowhere\" does not exist", bad.failure());
        assertEquals(1, bad.statements().size());
        assertEquals(
                "not traced: V3__bad.sql failed before it",
                report.migrations().get(2).failure());
    }
}
