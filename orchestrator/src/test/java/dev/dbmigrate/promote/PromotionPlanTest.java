package dev.dbmigrate.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.promote.StepResult.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planned steps, how far a run had come, and the steps a report lists as not run: no database. */
class PromotionPlanTest {
    @Test
    void aRunThatStoppedListsEveryStepNotReachedWithWhereItStopped() {
        List<StepResult> ran = List.of(
                new StepResult("drift check", null, Status.PASSED, Duration.ofMillis(1), "no drift"),
                new StepResult("preflight", null, Status.PASSED, Duration.ofMillis(1), "ok"),
                new StepResult("doctor", null, Status.PASSED, Duration.ofMillis(1), "ok"),
                new StepResult("lint", null, Status.PASSED, Duration.ofMillis(1), "ok"),
                new StepResult("rehearse", null, Status.PASSED, Duration.ofMillis(1), "ok"),
                new StepResult("backup staging", "staging", Status.FAILED, Duration.ofMillis(1), "disk full"));

        List<StepResult> all = PromotionPlan.withSkipped(ran, "staging", "prod");

        assertEquals(
                List.of(
                        "drift check",
                        "preflight",
                        "doctor",
                        "lint",
                        "rehearse",
                        "backup staging",
                        "upgrade staging",
                        "verify staging",
                        "backup prod",
                        "upgrade prod",
                        "verify prod"),
                all.stream().map(StepResult::name).toList());
        assertEquals(
                "not reached: promote stopped at backup staging", all.get(6).detail());
        assertEquals(Status.SKIPPED, all.get(10).status());
        assertEquals("prod", all.get(10).environment());
    }

    @Test
    void aRunWithNothingToPromoteSaysSo() {
        List<StepResult> all = PromotionPlan.withSkipped(
                List.of(
                        new StepResult("drift check", null, Status.PASSED, Duration.ZERO, "no drift"),
                        new StepResult("preflight", null, Status.PASSED, Duration.ZERO, "ok")),
                "staging",
                "prod");
        assertEquals("doctor", all.get(2).name());
        assertEquals("nothing to promote", all.get(2).detail());
        assertEquals("lint", all.get(3).name());
        assertEquals("nothing to promote", all.get(3).detail());
        assertEquals("rehearse", all.get(4).name());
    }

    @Test
    void aRollbackCountsAsTheUpgradeItUndoesAndAnEndedRunAsPastTheEnd() {
        assertEquals(0, PromotionPlan.stage("drift check", "staging", "prod"));
        assertEquals(1, PromotionPlan.stage("preflight", "staging", "prod"));
        assertEquals(PromotionPlan.SOURCE_CHANGES, PromotionPlan.stage("upgrade staging", "staging", "prod"));
        assertEquals(PromotionPlan.SOURCE_CHANGES, PromotionPlan.stage("rollback staging", "staging", "prod"));
        assertEquals(PromotionPlan.TARGET_CHANGES, PromotionPlan.stage("rollback prod", "staging", "prod"));
        assertEquals(2, PromotionPlan.stage("doctor", "staging", "prod"));
        assertEquals(3, PromotionPlan.stage("lint", "staging", "prod"));
        assertEquals(8, PromotionPlan.stage("backup prod", "staging", "prod"));
        assertEquals(11, PromotionPlan.stage("verify prod: promoted", "staging", "prod"));
    }
}
