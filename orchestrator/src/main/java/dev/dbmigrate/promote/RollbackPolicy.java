package dev.dbmigrate.promote;

import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.history.Versions;
import java.util.List;

/**
 * How an environment is rolled back when its upgrade or verification fails, decided from its profile's
 * {@code rollback} section alone: which methods run, in which order, and what the environment's state line says
 * after them. It runs nothing itself.
 */
final class RollbackPolicy {
    /** The method that restores the backup the promotion took. */
    static final String RESTORE = "restore";

    private final String strategy;
    private final String fallback;

    RollbackPolicy(String strategy, String fallback) {
        this.strategy = strategy;
        this.fallback = fallback;
    }

    static RollbackPolicy of(EnvironmentProfile.Rollback rollback) {
        return new RollbackPolicy(rollback.strategy(), rollback.fallback());
    }

    /** The methods to try, in order, until one succeeds: the strategy, then a restore when that is the fallback. */
    List<String> methods() {
        return RESTORE.equals(fallback) && !RESTORE.equals(strategy) ? List.of(strategy, RESTORE) : List.of(strategy);
    }

    /** Whether every migration must have an undo script: undo is the only way back (no fallback). */
    boolean requiresUndoScripts() {
        return "undo".equals(strategy) && "none".equals(fallback);
    }

    /**
     * How the environment was rolled back.
     *
     * @param failures the messages of the methods that failed before
     * @param how      what the method that succeeded did
     */
    String rolledBackBy(List<String> failures, String how) {
        return failures.isEmpty() ? how : strategy + " failed (" + failures.get(0) + "), then " + how;
    }

    /**
     * The state of an environment every method failed on.
     *
     * @param failures the message of each method, in order
     * @param byHand   the command that restores the backup by hand
     */
    String failedState(List<String> failures, String byHand) {
        if (failures.size() == 1) {
            return "ROLLBACK FAILED (" + strategy + "): " + failures.get(0) + "; restore it by hand: " + byHand;
        }
        return "ROLLBACK FAILED: " + strategy + " failed (" + failures.get(0) + ") and restore failed ("
                + failures.get(1) + "); restore it by hand: " + byHand;
    }

    /** The state of a rolled-back environment: at which version, how, and whether its checks passed again. */
    static String rolledBackState(String version, String how, boolean verified) {
        return "rolled back to version " + EnvironmentStates.display(version) + " (" + how + ")"
                + (verified ? " and verified" : ", but its verification FAILED");
    }

    /**
     * The rollback floor: a backup the promotion restores (or reuses) must hold the version the environment had when
     * the promotion began, or a newer one; an older one would lose what was applied in between.
     *
     * @param backupVersion the backup's schema version, or null when it holds none
     * @param floor         the version the environment had when the promotion began, or null
     */
    static boolean atFloor(String backupVersion, String floor) {
        return floor == null || (backupVersion != null && Versions.compare(backupVersion, floor) >= 0);
    }
}
