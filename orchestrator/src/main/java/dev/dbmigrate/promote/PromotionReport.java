package dev.dbmigrate.promote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one promotion did: the console summary, the JSON, Markdown and JUnit XML reports, the audit entry and the
 * GitHub outputs all come from this record.
 *
 * @param runId        this run's id
 * @param from         the source environment (staging)
 * @param to           the target environment (prod)
 * @param started      when the run started
 * @param duration     how long it took
 * @param outcome      what happened, as one word
 * @param fromVersion  the target's version before the run
 * @param toVersion    the target's version after the run
 * @param applied      how many migrations the target received (and kept)
 * @param steps        every planned step, in order, including the ones not reached
 * @param environments what happened to each environment, one line each
 * @param stats        what the deployment changed in each environment it finished on (before, after, the change)
 * @param message      the summary line
 */
public record PromotionReport(
        String runId,
        String from,
        String to,
        Instant started,
        Duration duration,
        Outcome outcome,
        String fromVersion,
        String toVersion,
        int applied,
        List<StepResult> steps,
        Map<String, String> environments,
        List<DeploymentStats> stats,
        String message) {
    /** How a promotion ended. */
    public enum Outcome {
        /** Every step passed; the target runs the new version. */
        PROMOTED,
        /** Nothing was pending on either environment; nothing ran. */
        NOTHING_TO_DO,
        /** A step failed; the environment it failed on was rolled back (and verified). */
        ROLLED_BACK,
        /** A step failed before anything changed (preflight, or the first backup). */
        STOPPED,
        /** A step failed and the rollback failed too: an environment needs attention. */
        ROLLBACK_FAILED;

        /** The word used in reports and GitHub outputs. */
        public String word() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public PromotionReport {
        steps = List.copyOf(steps);
        stats = List.copyOf(stats);
    }

    /** Whether the target runs the new version, or nothing was to do. */
    public boolean succeeded() {
        return outcome == Outcome.PROMOTED || outcome == Outcome.NOTHING_TO_DO;
    }
}
