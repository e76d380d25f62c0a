package dev.dbmigrate.trace;

import dev.dbmigrate.lint.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The trace as comment lines for the plan ({@code migrate:plan}), by the script of each migration: each
     * statement's measured locks and rewrites, then what the blocker rehearsal found.
     */
    public Map<String, List<String>> annotations() {
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (MigrationTrace m : migrations) {
            List<String> lines = new ArrayList<>();
            lines.add("measured in a throwaway database, with " + lockTimeoutText() + ":");
            m.statements().forEach(s -> lines.add("  line " + s.line() + ": " + s.summary()));
            if (m.failure() != null) {
                lines.add("  failed there: " + m.failure());
            }
            m.blockers().forEach(b -> lines.add("  behind an open transaction: " + b));
            m.notes().forEach(n -> lines.add("  note: " + n));
            notes.put(m.script(), List.copyOf(lines));
        }
        return notes;
    }

    /** The lock timeout the blocker rehearsal ran with, for a report: the profile's, or the probe's. */
    public String lockTimeoutText() {
        return lockTimeout == null
                ? "no lockTimeout in the profile (the blocker rehearsal probed with " + Trace.PROBE_TIMEOUT.toMillis()
                        + " ms)"
                : "the profile's lockTimeout " + lockTimeout;
    }
}
