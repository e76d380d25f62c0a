package dev.dbmigrate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.lint.Severity;
import dev.dbmigrate.trace.Disagreement.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of measured facts with static findings, on hand-made traces and findings. */
class DisagreementsTest {
    private static final Path FILE = Path.of("db/migration/V3__change_users.sql");

    private static StatementTrace statement(int line, List<LockTaken> locks, List<String> rewrote, String timeout) {
        return new StatementTrace(line, "alter table users ...", 1, locks, rewrote, List.of(), false, timeout, 1, null);
    }

    private static TraceReport report(StatementTrace... statements) {
        MigrationTrace m = new MigrationTrace(
                "3", "V3__change_users.sql", FILE, true, List.of(statements), List.of(), null, List.of());
        return new TraceReport(List.of(m), null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    private static Finding finding(String rule, Integer line) {
        return new Finding(rule, Severity.WARNING, FILE, line, "...");
    }

    private static final LockTaken EXCLUSIVE = new LockTaken("public.users", LockMode.ACCESS_EXCLUSIVE);
    private static final LockTaken SHARE = new LockTaken("public.users", LockMode.SHARE);

    @Test
    void aMeasuredRewriteThatNoRuleFlaggedIsARuleThatMissedIt() {
        List<Disagreement> d = report(statement(2, List.of(EXCLUSIVE), List.of("public.users"), "5s"))
                .disagreements(List.of());
        assertEquals(1, d.size());
        assertEquals(Kind.MISSED, d.get(0).kind());
        assertEquals("table-rewrite", d.get(0).ruleId());
        assertEquals(
                "V3__change_users.sql:2: a rule missed a rewrite: the statement wrote public.users anew (its file node"
                        + " changed), and neither table-rewrite nor volatile-default flagged it",
                d.get(0).text());
    }

    @Test
    void aRewriteFlaggedByTableRewriteOrVolatileDefaultOrTruncateOnItsLineAgrees() {
        for (String rule : List.of("table-rewrite", "volatile-default", "truncate")) {
            assertEquals(
                    List.of(),
                    report(statement(2, List.of(EXCLUSIVE), List.of("public.users"), "5s"))
                            .disagreements(List.of(finding(rule, 2))),
                    rule);
        }
    }

    @Test
    void aRewriteFlaggedOnAnotherLineIsStillMissedAndTheFlagIsWrong() {
        List<Disagreement> d = report(
                        statement(2, List.of(EXCLUSIVE), List.of("public.users"), "5s"),
                        statement(4, List.of(), List.of(), "5s"))
                .disagreements(List.of(finding("table-rewrite", 4)));
        assertEquals(
                List.of("2 table-rewrite MISSED", "4 table-rewrite FLAGGED_WRONGLY"),
                d.stream()
                        .map(x -> x.line() + " " + x.ruleId() + " " + x.kind())
                        .toList());
        assertEquals(
                "V3__change_users.sql:4: table-rewrite flagged a rewrite that did not happen: no table's file node"
                        + " changed when the statement ran",
                d.get(1).text());
    }

    @Test
    void volatileDefaultWhereNothingWasRewrittenIsAFlagThatDidNotHappen() {
        List<Disagreement> d = report(statement(2, List.of(EXCLUSIVE), List.of(), "5s"))
                .disagreements(List.of(finding("volatile-default", 2)));
        assertEquals(1, d.size());
        assertEquals(
                "V3__change_users.sql:2: volatile-default flagged a rewrite that did not happen: no table's file node"
                        + " changed when the statement ran",
                d.get(0).text());
    }

    @Test
    void accessExclusiveWithoutALockTimeoutMustBeFlaggedByLockTimeoutMissing() {
        List<Disagreement> missed =
                report(statement(2, List.of(EXCLUSIVE), List.of(), "0")).disagreements(List.of());
        assertEquals(
                List.of("V3__change_users.sql:2: a rule missed a lock without a timeout: the statement took ACCESS"
                        + " EXCLUSIVE on public.users with no lock_timeout in force, and lock-timeout-missing did not"
                        + " flag it"),
                missed.stream().map(Disagreement::text).toList());
        assertEquals(
                List.of(),
                report(statement(2, List.of(EXCLUSIVE), List.of(), "0"))
                        .disagreements(List.of(finding("lock-timeout-missing", 2))));
    }

    @Test
    void lockTimeoutMissingWhereATimeoutWasInForceOrNoExclusiveLockWasTakenIsWrong() {
        List<Disagreement> d = report(
                        statement(2, List.of(EXCLUSIVE), List.of(), "1s"),
                        statement(3, List.of(new LockTaken("public.users", LockMode.ROW_EXCLUSIVE)), List.of(), "0"))
                .disagreements(List.of(finding("lock-timeout-missing", 2), finding("lock-timeout-missing", 3)));
        assertEquals(
                List.of(
                        "V3__change_users.sql:2: lock-timeout-missing flagged a lock without a timeout that the trace"
                                + " did not measure: lock_timeout 1s was in force",
                        "V3__change_users.sql:3: lock-timeout-missing flagged a lock without a timeout that the trace"
                                + " did not measure: the statement took no ACCESS EXCLUSIVE lock on an existing"
                                + " relation"),
                d.stream().map(Disagreement::text).toList());
    }

    @Test
    void aShareLockOnAnExistingTableAgreesWithCreateIndexNotConcurrentBothWays() {
        assertEquals(
                List.of(),
                report(statement(2, List.of(SHARE), List.of(), "0"))
                        .disagreements(List.of(finding("create-index-not-concurrent", 2))));
        assertEquals(
                List.of("2 create-index-not-concurrent MISSED"),
                report(statement(2, List.of(SHARE), List.of(), "0")).disagreements(List.of()).stream()
                        .map(x -> x.line() + " " + x.ruleId() + " " + x.kind())
                        .toList());
        assertEquals(
                List.of("2 create-index-not-concurrent FLAGGED_WRONGLY"),
                report(statement(2, List.of(), List.of(), "0"))
                        .disagreements(List.of(finding("create-index-not-concurrent", 2)))
                        .stream()
                        .map(x -> x.line() + " " + x.ruleId() + " " + x.kind())
                        .toList());
    }

    @Test
    void findingsOfOtherFilesAndOtherRulesAreNotCompared() {
        Finding elsewhere = new Finding("table-rewrite", Severity.ERROR, Path.of("V9__other.sql"), 2, "...");
        List<Disagreement> d = report(statement(2, List.of(), List.of(), "5s"))
                .disagreements(List.of(elsewhere, finding("drop-column", 2), finding("missing-undo", null)));
        assertEquals(List.of(), d);
    }

    @Test
    void aFindingWithoutALineCoversEveryStatementOfItsFile() {
        assertEquals(
                List.of(),
                report(statement(2, List.of(EXCLUSIVE), List.of("public.users"), "5s"))
                        .disagreements(List.of(finding("table-rewrite", null))));
    }

    @Test
    void theShareLockARewriteTakesBesideAccessExclusiveIsNoIndexBuild() {
        StatementTrace rewrite = statement(2, List.of(SHARE, EXCLUSIVE), List.of("public.users"), "5s");
        assertEquals(List.of(), report(rewrite).disagreements(List.of(finding("table-rewrite", 2))));
        assertEquals(
                List.of("2 create-index-not-concurrent FLAGGED_WRONGLY"),
                report(rewrite)
                        .disagreements(List.of(finding("table-rewrite", 2), finding("create-index-not-concurrent", 2)))
                        .stream()
                        .map(x -> x.line() + " " + x.ruleId() + " " + x.kind())
                        .toList());
    }
}
