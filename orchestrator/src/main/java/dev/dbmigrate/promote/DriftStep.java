package dev.dbmigrate.promote;

import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.promote.StepRunner.Done;
import dev.dbmigrate.rehearse.Drift;
import dev.dbmigrate.rehearse.DriftCheck;
import dev.dbmigrate.rehearse.SnapshotReader;
import dev.dbmigrate.support.Messages;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step of a promotion: each environment against what its applied migrations build ({@link DriftCheck}),
 * as its profile's {@code drift} says: {@code fail} stops the promotion before anything is changed, {@code warn} prints
 * each difference and goes on, {@code off} skips the environment. With {@code warn}, a check that cannot run is a
 * warning too; with {@code fail} it stops the promotion.
 */
final class DriftStep {
    private final PromotionContext run;

    DriftStep(PromotionContext run) {
        this.run = run;
    }

    /** Checks both environments; fails naming every difference of each environment whose profile says fail. */
    Done<Void> check() {
        List<MigrateSettings> checked = new ArrayList<>();
        for (MigrateSettings env : List.of(run.from(), run.to())) {
            if (env.profile().driftMode() != EnvironmentProfile.Drift.OFF) {
                checked.add(env);
            }
        }
        if (checked.isEmpty()) {
            return Done.passed(
                    null, "off on " + run.from().env() + " and " + run.to().env() + " (drift: off)");
        }
        List<String> said = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        try (SnapshotReader reader = new SnapshotReader(run.from(), run.listener())) {
            for (MigrateSettings env : List.of(run.from(), run.to())) {
                said.add(checked.contains(env) ? check(env, reader, failures, notRun) : env.env() + ": off");
            }
        }
        if (failures.isEmpty() && notRun.isEmpty()) {
            return Done.passed(null, String.join("; ", said));
        }
        List<String> all = new ArrayList<>(failures);
        all.addAll(notRun);
        List<String> fixes = new ArrayList<>();
        if (!failures.isEmpty()) {
            fixes.add("for each change that should stay, write a migration that makes it, and revert any other by"
                    + " hand");
        }
        if (!notRun.isEmpty()) {
            fixes.add("fix what stopped the check");
        }
        return Done.failed(
                null,
                new MigrateException(
                        ErrorCode.CHECK_FAILED,
                        String.join("; ", all) + "; nothing was changed (" + String.join("; ", fixes)
                                + "; or set drift: warn in the environment's profile to promote anyway)"));
    }

    /** One environment's check: its line in the step's detail; a failure of a {@code fail} environment is recorded. */
    private String check(MigrateSettings env, SnapshotReader reader, List<String> failures, List<String> notRun) {
        boolean fail = env.profile().driftMode() == EnvironmentProfile.Drift.FAIL;
        Drift drift;
        try {
            drift = DriftCheck.run(run.db(env), env, reader, run.listener());
        } catch (MigrateException e) {
            if (fail) {
                notRun.add("the drift check of " + env.env() + " could not run: " + Messages.oneLine(e.getMessage()));
                return env.env() + ": not checked";
            }
            run.listener()
                    .warn("drift check of " + env.env() + " could not run (drift: warn, so the promotion goes on): "
                            + Messages.oneLine(e.getMessage()));
            return env.env() + ": not checked (drift: warn)";
        }
        drift.comparison().notCompared().forEach(run.listener()::warn);
        if (!drift.drifted()) {
            return env.env() + ": no drift";
        }
        String count = Messages.count(drift.count(), "difference");
        if (fail) {
            failures.add(env.env() + " has drifted from what its applied migrations (up to version "
                    + EnvironmentStates.display(drift.appliedVersion()) + ") build, " + count + ": "
                    + String.join("; ", drift.lines()));
            return env.env() + ": " + count;
        }
        drift.lines().forEach(line -> run.listener().warn("drift on " + env.env() + " (drift: warn): " + line));
        return env.env() + ": " + count + " (drift: warn)";
    }
}
