package dev.dbmigrate.promote;

import dev.dbmigrate.promote.StepResult.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a promotion in order: the drift check of both environments, the preflight, the doctor's checks of both,
 * lint (with the trace, and the target's plan) of the pending migrations, the rehearsal of the pending migrations, then backup, upgrade and verify of the source, then of the target.
 * The report lists every one of them (those not reached as skipped), and a resume reads from the step an interrupted
 * run was in how far it had come.
 */
final class PromotionPlan {
    /** The first step: both environments against what their applied migrations build. */
    static final String DRIFT = "drift check";
    /** The step after the preflight: the doctor's checks on both environments. */
    static final String DOCTOR = "doctor";
    /** The step after the doctor: the safety rules and the trace of the pending migrations, and the target's plan. */
    static final String LINT = "lint";
    /** The step after lint: the pending migrations rehearsed in a throwaway database. */
    static final String REHEARSE = "rehearse";
    /** The index of the source's upgrade: from there on, the source may have changed. */
    static final int SOURCE_CHANGES = 6;
    /** The index of the target's upgrade: from there on, the target may have changed. */
    static final int TARGET_CHANGES = 9;

    private PromotionPlan() {}

    /**
     * One planned step.
     *
     * @param name        the step's name, as it is recorded
     * @param environment the environment it works on, or null for the preflight
     */
    record PlannedStep(String name, String environment) {}

    /** Every step of a promotion from {@code source} to {@code target}, in order. */
    static List<PlannedStep> steps(String source, String target) {
        return List.of(
                new PlannedStep(DRIFT, null),
                new PlannedStep("preflight", null),
                new PlannedStep(DOCTOR, null),
                new PlannedStep(LINT, null),
                new PlannedStep(REHEARSE, null),
                new PlannedStep("backup " + source, source),
                new PlannedStep("upgrade " + source, source),
                new PlannedStep("verify " + source, source),
                new PlannedStep("backup " + target, target),
                new PlannedStep("upgrade " + target, target),
                new PlannedStep("verify " + target, target));
    }

    /**
     * How far a run in {@code step} had come: its index in {@link #steps}; a rollback counts as the upgrade it undoes;
     * past the end for a step the plan does not know (a run that ended).
     */
    static int stage(String step, String source, String target) {
        List<String> order =
                steps(source, target).stream().map(PlannedStep::name).toList();
        int i = order.indexOf(step);
        if (i >= 0) {
            return i;
        }
        return step.equals("rollback " + source)
                ? SOURCE_CHANGES
                : step.equals("rollback " + target) ? TARGET_CHANGES : order.size();
    }

    /** The steps that ran, followed by every planned step that was never reached, saying why. */
    static List<StepResult> withSkipped(List<StepResult> ran, String source, String target) {
        List<StepResult> all = new ArrayList<>(ran);
        // nothing to do: the checks before the preflight's answer passed, and nothing ran after them
        boolean nothingToDo = !ran.isEmpty()
                && ran.get(ran.size() - 1).name().equals("preflight")
                && ran.stream().allMatch(s -> s.status() == Status.PASSED);
        String stoppedAt = ran.stream()
                .filter(s -> s.status() == Status.FAILED)
                .map(StepResult::name)
                .findFirst()
                .orElse(null);
        String why = nothingToDo
                ? "nothing to promote"
                : stoppedAt == null ? "not reached" : "not reached: promote stopped at " + stoppedAt;
        for (PlannedStep p : steps(source, target)) {
            if (ran.stream().noneMatch(s -> s.name().equals(p.name()))) {
                all.add(new StepResult(p.name(), p.environment(), Status.SKIPPED, Duration.ZERO, why));
            }
        }
        return all;
    }
}
