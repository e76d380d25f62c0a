package dev.dbmigrate.promote;

import static dev.dbmigrate.promote.EnvironmentStates.display;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StageDeployment.Deployed;
import dev.dbmigrate.promote.StepRunner.Done;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.verify.DatabaseStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of one promotion in order: the drift check, the preflight, the doctor and lint, the rehearsal, then the source's
 * deployment, then the target's. What it learns
 * about the target (its version before and after, the migrations it received, the statistics) stays readable after a
 * step stopped it.
 */
final class Pipeline {
    private final PromotionContext run;
    private final StepRunner steps;
    private final EnvironmentStates states;
    private final PromotionJournal journal;
    private final StageDeployment deployment;
    /** The interrupted run this one resumes, or null. */
    private final PromotionState.Run resumed;

    private final PendingRehearsal rehearsal;

    private final List<DeploymentStats> stats = new ArrayList<>();
    private String summary;
    private String targetBefore;
    private String targetAfter;
    private int targetApplied;

    Pipeline(
            PromotionContext run,
            StepRunner steps,
            EnvironmentStates states,
            PromotionState.Run resumed,
            PendingRehearsal rehearsal) {
        this.run = run;
        this.rehearsal = rehearsal;
        this.steps = steps;
        this.states = states;
        this.resumed = resumed;
        this.journal = new PromotionJournal(run, resumed);
        this.deployment = new StageDeployment(run, steps, states, journal, resumed);
    }

    /** Runs the promotion; throws {@link StepRunner.StepFailed} when a step stops it. */
    Outcome execute() {
        String source = run.from().env();
        String target = run.to().env();
        steps.run(PromotionPlan.DRIFT, null, () -> new DriftStep(run).check());
        Preflight preflight = steps.run("preflight", null, () -> {
            Preflight.States versions = Preflight.States.read(run);
            targetBefore =
                    resumed != null ? resumed.targetBefore() : versions.target().version();
            Preflight checked = Preflight.check(run, versions);
            return Done.passed(checked, checked.detail(source, target));
        });
        // a resumed run goes through every step: the interrupted one may have died before verifying
        if (resumed == null && preflight.nothingPending()) {
            targetAfter = targetBefore;
            summary = "nothing to promote: " + source + " and " + target + " are both at version "
                    + display(preflight.target().version()) + " with nothing pending (a promotion that already"
                    + " succeeded changes nothing when run again)";
            states.set(source, "at version " + display(preflight.source().version()) + ", unchanged");
            states.set(target, "at version " + display(preflight.target().version()) + ", unchanged");
            return Outcome.NOTHING_TO_DO;
        }
        steps.run(PromotionPlan.DOCTOR, null, () -> new DoctorStep(run).check());
        steps.run(PromotionPlan.LINT, null, () -> new LintStep(run).check());
        steps.run(PromotionPlan.REHEARSE, null, this::rehearse);
        DatabaseStats targetStatsBefore = collectStats(run.to());
        journal.versionsBefore(
                resumed != null ? resumed.sourceBefore() : preflight.source().version(), targetBefore);
        // the source's version was read by the preflight just now; the target's is read again right before its
        // backup, since the source's deployment (minutes, on a large database) runs in between
        Deployed staging = deployment.deploy(
                run.from(),
                preflight.tools(),
                preflight.source().version(),
                "not touched: " + source + " failed first");
        Deployed production = deployment.deploy(run.to(), preflight.tools(), null, null);
        targetApplied = production.applied();
        targetAfter = production.versionAfter();
        DeploymentStats changes = DeploymentStats.of(
                run.to(), targetStatsBefore, production.verification().stats());
        if (changes != null) {
            stats.add(changes);
        }
        summary = "promoted " + source + " -> " + target + ": " + target + " went from version "
                + display(targetBefore) + " to " + display(targetAfter) + " ("
                + Messages.count(production.applied(), "migration") + " applied and verified); " + source
                + " at version " + display(staging.versionAfter());
        return Outcome.PROMOTED;
    }

    /** The rehearsal of the pending migrations, when either profile says {@code rehearse}. */
    private Done<Void> rehearse() {
        if (!run.from().profile().rehearses() && !run.to().profile().rehearses()) {
            return Done.passed(
                    null,
                    "off (rehearse: false on " + run.from().env() + " and "
                            + run.to().env() + ")");
        }
        return Done.passed(null, rehearsal.rehearse(run.from(), run.to(), run.listener()));
    }

    /** Records how the run ended in every database that records it. */
    void recordEnd(Outcome outcome) {
        journal.end(outcome, run.listener());
    }

    /** The line a promotion that was not stopped ends with. */
    String summary() {
        return summary;
    }

    /** The target's version before the promotion, once the preflight has read it. */
    String targetBefore() {
        return targetBefore;
    }

    /** The target's version after the promotion (or its rollback), once known. */
    String targetAfter() {
        return targetAfter != null ? targetAfter : deployment.rolledBackTarget();
    }

    /** How many migrations the target received and kept. */
    int targetApplied() {
        return targetApplied;
    }

    /** What the deployment changed in each environment it finished on. */
    List<DeploymentStats> stats() {
        return List.copyOf(stats);
    }

    private DatabaseStats collectStats(MigrateSettings env) {
        try (Connection c = run.db(env).connect()) {
            return DatabaseStats.collect(c, env.schemas());
        } catch (SQLException | MigrateException e) {
            run.listener()
                    .warn("could not read database statistics of " + env.env() + ": "
                            + Messages.oneLine(e.getMessage()));
            return null;
        }
    }
}
