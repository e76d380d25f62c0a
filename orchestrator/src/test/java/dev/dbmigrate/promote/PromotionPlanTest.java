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
                new StepResult("preflight", null, Status.PASSED, Duration.ofMillis(1), "ok"),
                new StepResult("backup staging", "staging", Status.FAILED, Duration.ofMillis(1), "disk full"));

        List<StepResult> all = PromotionPlan.withSkipped(ran, "staging", "prod");

        assertEquals(
                List.of(
                        "preflight",
                        "backup staging",
                        "upgrade staging",
                        "verify staging",
                        "backup prod",
                        "upgrade prod",
                        "verify prod"),
                all.stream().map(StepResult::name).toList());
        assertEquals(
                "not reached: promote stopped at backup staging", all.get(2).detail());
        assertEquals(Status.SKIPPED, all.get(6).status());
        assertEquals("prod", all.get(6).environment());
    }

    @Test
    void aRunWithNothingToPromoteSaysSo() {
        List<StepResult> all = PromotionPlan.withSkipped(
                List.of(new StepResult("preflight", null, Status.PASSED, Duration.ZERO, "ok")), "staging", "prod");
        assertEquals("nothing to promote", all.get(1).detail());
    }

    @Test
    void aRollbackCountsAsTheUpgradeItUndoesAndAnEndedRunAsPastTheEnd() {
        assertEquals(0, PromotionPlan.stage("preflight", "staging", "prod"));
        assertEquals(PromotionPlan.SOURCE_CHANGES, PromotionPlan.stage("upgrade staging", "staging", "prod"));
        assertEquals(PromotionPlan.SOURCE_CHANGES, PromotionPlan.stage("rollback staging", "staging", "prod"));
        assertEquals(PromotionPlan.TARGET_CHANGES, PromotionPlan.stage("rollback prod", "staging", "prod"));
        assertEquals(4, PromotionPlan.stage("backup prod", "staging", "prod"));
        assertEquals(7, PromotionPlan.stage("verify prod: promoted", "staging", "prod"));
    }
}
