package dev.dbmigrate.promote;

import static dev.dbmigrate.promote.EnvironmentStates.display;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepRunner.Attempt;
import dev.dbmigrate.promote.StepRunner.Done;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.verify.VerificationResult;
import dev.dbmigrate.verify.Verifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One environment's part of a promotion: back it up, upgrade it, verify it; when the upgrade or the verification
 * fails, roll it back by its profile's {@link RollbackPolicy} and verify it again.
 */
final class StageDeployment {
    private static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(1);
    private final PromotionContext run;
    private final StepRunner steps;
    private final EnvironmentStates states;
    private final PromotionJournal journal;
    /** The interrupted run this one resumes, or null. */
    private final PromotionState.Run resumed;
    /** The target's version after its rollback (null also when it could not be read), once it was rolled back. */
    private String rolledBackTarget;

    StageDeployment(
            PromotionContext run,
            StepRunner steps,
            EnvironmentStates states,
            PromotionJournal journal,
            PromotionState.Run resumed) {
        this.run = run;
        this.steps = steps;
        this.states = states;
        this.journal = journal;
        this.resumed = resumed;
    }

    /** The target's version after its rollback, or null when it was not rolled back or could not be read. */
    String rolledBackTarget() {
        return rolledBackTarget;
    }

    /**
     * What one environment's deployment left.
     *
     * @param versionAfter its version after the upgrade
     * @param applied      how many migrations the upgrade applied
     * @param verification the checks' results and the database's statistics after the upgrade
     */
    record Deployed(String versionAfter, int applied, VerificationResult verification) {}

    /**
     * Backs up, upgrades and verifies one environment.
     *
     * @param knownVersion  the environment's version if it was read just before (saves Flyway's scan of the
     *                      migrations), or {@code null} to read it now
     * @param otherIfFailed the other environment's state when this one fails, or null to leave it as it is
     */
    Deployed deploy(MigrateSettings env, PgTools tools, String knownVersion, String otherIfFailed) {
        String name = env.env();
        boolean source = env == run.from();
        String before = resumed != null
                ? (source ? resumed.sourceBefore() : resumed.targetBefore())
                : knownVersion != null
                        ? knownVersion
                        : run.migrator(env).current().version();
        // the databases already recording this run learn the step first, then this one starts recording it
        journal.progress("backup " + name, null, null);
        journal.start(env);
        BackupFile backup = steps.run(
                "backup " + name,
                name,
                () -> backup(env, tools, before),
                () -> failedBeforeChange(name, otherIfFailed));
        String taken = backup.path().toString();
        journal.progress("upgrade " + name, source ? taken : null, source ? null : taken);
        Results.Upgrade upgrade = steps.run(
                "upgrade " + name,
                name,
                () -> {
                    Results.Upgrade done = run.migrator(env).upgrade();
                    return Done.passed(
                            done,
                            "version " + display(done.fromVersion()) + " -> " + display(done.toVersion()) + ", "
                                    + Messages.count(done.applied().size(), "migration") + " applied");
                },
                () -> rollback(env, backup, before, otherIfFailed));
        journal.progress("verify " + name, null, null);
        VerificationResult verification = steps.run(
                "verify " + name,
                name,
                () -> {
                    VerificationResult result = verify(env, false);
                    return result.passed()
                            ? Done.passed(result, result.summary())
                            : Done.failed(result, new MigrateException(ErrorCode.CHECK_FAILED, result.summary()));
                },
                () -> rollback(env, backup, before, otherIfFailed));
        states.set(
                name,
                "promoted from version " + display(before) + " to " + display(upgrade.toVersion()) + " and verified");
        return new Deployed(upgrade.toVersion(), upgrade.applied().size(), verification);
    }

    private Done<BackupFile> backup(MigrateSettings env, PgTools tools, String before) {
        String name = env.env();
        String earlierBackup =
                resumed == null ? null : env == run.from() ? resumed.sourceBackup() : resumed.targetBackup();
        if (earlierBackup != null) {
            // the interrupted run's backup shows the environment as it was before that run changed it
            BackupFile found = run.backups(env, tools).find(earlierBackup);
            requireAtFloor(env, found, before, "reuse");
            return Done.passed(
                    found,
                    "reusing " + found.path().getFileName() + ", taken by the interrupted" + " promotion "
                            + resumed.runId() + " before it changed " + name);
        }
        BackupFile created = run.backups(env, tools).create(run.db(env), run.listener());
        return Done.passed(
                created,
                created.path().getFileName() + " (" + created.sizeBytes() + " bytes, sha256 "
                        + created.sha256().substring(0, 12) + "…)");
    }

    /** After a failure before anything changed on {@code name}: say so. */
    private Outcome failedBeforeChange(String name, String otherIfFailed) {
        states.set(name, "not changed");
        if (otherIfFailed != null) {
            states.set(run.to().env(), otherIfFailed);
        }
        return Outcome.STOPPED;
    }

    /** Rolls {@code env} back after a failed upgrade or verification, then verifies it again. */
    private Outcome rollback(MigrateSettings env, BackupFile backup, String before, String otherIfFailed) {
        String name = env.env();
        journal.progress("rollback " + name, null, null);
        if (otherIfFailed != null) {
            states.set(run.to().env(), otherIfFailed);
        }
        RollbackPolicy policy = RollbackPolicy.of(env.profile().rollback());
        List<String> failures = new ArrayList<>();
        for (String method : policy.methods()) {
            Attempt<String> attempt = steps.attempt("rollback " + name + " (" + method + ")", name, () -> {
                String how = rollbackBy(method, env, backup, before);
                return Done.passed(how, how);
            });
            if (attempt.passed()) {
                return verifyAfterRollback(env, policy.rolledBackBy(failures, attempt.value()));
            }
            failures.add(attempt.failure().getMessage());
        }
        states.set(
                name,
                policy.failedState(
                        failures,
                        run.restoreByHand(env, backup.path().getFileName().toString())));
        return Outcome.ROLLBACK_FAILED;
    }

    private String rollbackBy(String method, MigrateSettings env, BackupFile backup, String before) {
        Database db = run.db(env);
        if (RollbackPolicy.RESTORE.equals(method)) {
            requireAtFloor(env, backup, before, "restore");
            run.backups(env, PgTools.locate(env.options().pgBinDir()))
                    .restore(db, backup, env.schemas(), run.listener());
            return "restored from " + backup.path();
        }
        MigrateSettings back = env.withOptions(env.options().withTarget(before == null ? "0" : before));
        Results.Downgrade down = run.migrator(back, db).downgrade();
        return "undo scripts: " + Messages.count(down.undone().size(), "migration") + " undone";
    }

    /** Verifies {@code env} again after its rollback and records its state; returns how the run ends. */
    private Outcome verifyAfterRollback(MigrateSettings env, String how) {
        String name = env.env();
        Attempt<String> verified = steps.attempt("verify " + name + " after rollback", name, () -> {
            VerificationResult result = verify(env, true);
            String after = run.migrator(env).current().version();
            return result.passed()
                    ? Done.passed(after, "version " + display(after) + "; " + result.summary())
                    : Done.failed(after, new MigrateException(ErrorCode.CHECK_FAILED, result.summary()));
        });
        states.set(name, RollbackPolicy.rolledBackState(verified.value(), how, verified.passed()));
        if (name.equals(run.to().env())) {
            rolledBackTarget = verified.value();
        }
        return verified.passed() ? Outcome.ROLLED_BACK : Outcome.ROLLBACK_FAILED;
    }

    /**
     * The rollback floor: a backup this promotion restores (or reuses) must be of the version {@code env} had when
     * the promotion began, never of an older one, which would lose what was applied between the two.
     */
    private void requireAtFloor(MigrateSettings env, BackupFile backup, String floor, String what) {
        String version = backup.schemaVersion();
        if (RollbackPolicy.atFloor(version, floor)) {
            return;
        }
        String name = env.env();
        throw new MigrateException(
                ErrorCode.REFUSED,
                "will not " + what + " " + backup.name() + ": it holds "
                        + name + " at version " + display(version) + ", below version " + floor + " that " + name
                        + " had when this promotion began, so restoring it would lose what was applied in between; "
                        + name + " was not restored (restore a backup of version " + floor + " by hand with "
                        + run.restoreByHand(env, "<name>") + " if it needs one)");
    }

    private VerificationResult verify(MigrateSettings env, boolean afterRollback) {
        Duration timeout = PgDuration.parse(env.profile().statementTimeout(), DEFAULT_CHECK_TIMEOUT);
        return Verifier.run(run.db(env), env.profile().verify(), env.schemas(), timeout, run.listener(), afterRollback);
    }
}
