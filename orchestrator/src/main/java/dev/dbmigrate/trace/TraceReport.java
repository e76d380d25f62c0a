package dev.dbmigrate.trace;

import dev.dbmigrate.lint.Finding;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Trace#run} measured: each traced migration, statement by statement, and the blocker rehearsal's outcome.
 *
 * @param migrations  each migration asked for, in version order
 * @param lockTimeout the environment profile's {@code lockTimeout} the blocker rehearsal ran with, or null when the
 *                    profile sets none (the rehearsal then probed with {@link Trace#PROBE_TIMEOUT})
 * @param serverStart how long the scratch PostgreSQL took to be ready with the trace's empty throwaway database
 *                    ({@code CREATE DATABASE} alone takes a few hundred milliseconds)
 * @param built       how long building the state before the first traced migration took (its migrations and sample
 *                    data)
 * @param traced      how long tracing and rehearsing the migrations took, the blocker rehearsal's waits included
 */
public record TraceReport(
        List<MigrationTrace> migrations, String lockTimeout, Duration serverStart, Duration built, Duration traced) {

    public TraceReport {
        migrations = List.copyOf(migrations);
    }

    /**
     * Where the measurements and the static findings disagree: a measured rewrite that neither
     * {@code table-rewrite} nor {@code volatile-default} flagged on its line ("a rule missed a rewrite"), such a
     * finding on a statement that rewrote nothing ("flagged a rewrite that did not happen"), and the same both ways for
     * ACCESS EXCLUSIVE without a lock timeout ({@code lock-timeout-missing}) and the SHARE lock of a non-concurrent
     * index ({@code create-index-not-concurrent}). Pass the silenced findings too: a silenced finding still shows
     * that the rule saw the statement.
     */
    public List<Disagreement> disagreements(List<Finding> staticFindings) {
        return Disagreements.of(migrations, staticFindings);
    }

    /** Whether a statement would queue behind an application's transaction with no lock timeout to end the wait. */
    public boolean anyWouldQueue() {
        return migrations.stream()
                .flatMap(m -> m.statements().stream())
                .anyMatch(s -> s.blocked() != null && s.blocked().wouldQueue());
    }
}
