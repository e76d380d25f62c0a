package dev.dbmigrate.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollback decisions, from the profile's {@code rollback} section alone: no database. */
class RollbackPolicyTest {
    @Test
    void undoFallsBackToTheBackupWhenTheFallbackIsRestore() {
        RollbackPolicy policy = new RollbackPolicy("undo", "restore");
        assertEquals(List.of("undo", "restore"), policy.methods());
        assertFalse(policy.requiresUndoScripts());
    }

    @Test
    void undoWithoutFallbackIsTheOnlyWayBackAndNeedsAnUndoScriptForEveryMigration() {
        RollbackPolicy policy = new RollbackPolicy("undo", "none");
        assertEquals(List.of("undo"), policy.methods());
        assertTrue(policy.requiresUndoScripts());
    }

    @Test
    void restoreIsTriedOnceEvenWhenItIsAlsoTheFallback() {
        assertEquals(List.of("restore"), new RollbackPolicy("restore", "restore").methods());
        assertEquals(List.of("restore"), new RollbackPolicy("restore", "none").methods());
        assertFalse(new RollbackPolicy("restore", "none").requiresUndoScripts());
    }

    @Test
    void aFallbackThatWorkedSaysTheStrategyFailedFirst() {
        RollbackPolicy policy = new RollbackPolicy("undo", "restore");
        assertEquals(
                "undo scripts: 1 migration undone",
                policy.rolledBackBy(List.of(), "undo scripts: 1 migration" + " undone"));
        assertEquals(
                "undo failed (no U3 script), then restored from b.dump",
                policy.rolledBackBy(List.of("no U3 script"), "restored from b.dump"));
    }

    @Test
    void aFailedRollbackNamesEachMethodsFailureAndTheRestoreByHand() {
        assertEquals(
                "ROLLBACK FAILED (undo): boom; restore it by hand: mvn migrate:restore",
                new RollbackPolicy("undo", "none").failedState(List.of("boom"), "mvn migrate:restore"));
        assertEquals(
                "ROLLBACK FAILED: undo failed (boom) and restore failed (gone); restore it by hand: mvn x",
                new RollbackPolicy("undo", "restore").failedState(List.of("boom", "gone"), "mvn x"));
    }

    @Test
    void theStateOfARolledBackEnvironmentSaysWhetherItsChecksPassedAgain() {
        assertEquals(
                "rolled back to version 2 (restored from b) and verified",
                RollbackPolicy.rolledBackState("2", "restored from b", true));
        assertEquals(
                "rolled back to version <none> (undo), but its verification FAILED",
                RollbackPolicy.rolledBackState(null, "undo", false));
    }

    @Test
    void aBackupBelowTheVersionThePromotionStartedAtIsBelowTheFloor() {
        assertTrue(RollbackPolicy.atFloor("3", "3"));
        assertTrue(RollbackPolicy.atFloor("3.1", "3"));
        assertTrue(RollbackPolicy.atFloor(null, null));
        assertTrue(RollbackPolicy.atFloor("1", null));
        assertFalse(RollbackPolicy.atFloor("2", "10"));
        assertFalse(RollbackPolicy.atFloor(null, "1"));
    }
}
