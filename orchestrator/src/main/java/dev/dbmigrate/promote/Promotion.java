package dev.dbmigrate.promote;

import static dev.dbmigrate.promote.EnvironmentStates.display;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The staged deployment: a drift check of both environments ({@link DriftStep}), preflight, the rehearsal of the
 * pending migrations ({@link PendingRehearsal}), back up the source environment (staging), upgrade it, verify it, back
 * up the target (production), upgrade it, verify it. A failure on the source stops the run before the target is touched; a
 * failure on either environment rolls that environment back by its profile's strategy (undo scripts or the backup just
 * taken) and verifies it again. Every run ends with a {@link PromotionReport}, written as JSON, Markdown and JUnit XML.
 *
 * <p>The parts: {@link Preflight} checks, {@link StageDeployment} deploys and rolls back one environment by its
 * {@link RollbackPolicy}, {@link StepRunner} runs and records each step, {@link PromotionJournal} records the run in
 * the databases, {@link Pipeline} puts them in order; this class opens the databases, takes the locks, resumes an
 * interrupted run and assembles the report.
 */
public final class Promotion {
    private final MigrateSettings from;
    private final MigrateSettings to;
    private final MigrateListener listener;
    private final PendingRehearsal rehearsal;
    private final String runId = UUID.randomUUID().toString();

    /**
     * A promotion whose rehearsal runs the pending migrations' round trips in throwaway databases.
     *
     * @param settings both environments' settings
     * @param listener receives the progress lines
     */
    public Promotion(PromotionSettings settings, MigrateListener listener) {
        this(settings, listener, new RehearsePending());
    }

    /**
     * @param settings  both environments' settings
     * @param listener  receives the progress lines
     * @param rehearsal rehearses the pending migrations after the preflight, when a profile says {@code rehearse}
     */
    public Promotion(PromotionSettings settings, MigrateListener listener, PendingRehearsal rehearsal) {
        this.from = settings.from();
        this.to = settings.to();
        this.listener = listener;
        this.rehearsal = rehearsal;
    }

    /** Thrown when the promotion fails; it carries the report (already written). */
    public static final class PromotionFailure extends MigrateException {
        private final transient PromotionReport report;

        PromotionFailure(ErrorCode code, String message, Throwable cause, PromotionReport report) {
            super(code, message, cause);
            this.report = report;
        }

        public PromotionReport report() {
            return report;
        }
    }

    /**
     * How a run ended, for its report.
     *
     * @param code  the failure's error code, or null when the run passed (or failed a check of its own)
     * @param cause the failure, or null
     */
    private record Ending(
            Outcome outcome,
            String message,
            ErrorCode code,
            Throwable cause,
            String targetBefore,
            String targetAfter,
            int applied,
            List<DeploymentStats> stats) {}

    /** Runs the pipeline; returns the report of a successful (or empty) promotion, throws {@link PromotionFailure} otherwise. */
    public PromotionReport run() {
        Instant started = Instant.now();
        String source = from.env();
        String target = to.env();
        EnvironmentStates states = new EnvironmentStates(source, target);
        List<StepResult> steps = new ArrayList<>();
        listener.info("promote " + source + " -> " + target + " (run " + runId + ")");
        Ending end;
        try (Database sourceDb = Database.open(from, listener);
                Database targetDb = Database.open(to, listener)) {
            String who = AdvisoryLocks.describeThisRun("promote " + source + "->" + target);
            try (PromotionLock targetLock = PromotionLock.acquire(targetDb, target, who);
                    PromotionLock sourceLock = PromotionLock.acquire(sourceDb, source, who)) {
                end = runLocked(
                        new PromotionContext(runId, from, to, sourceDb, targetDb, listener), steps, states, started);
            }
        } catch (MigrateException e) {
            // could not open an environment or take a lock: nothing was changed
            if (steps.isEmpty()) {
                steps.add(new StepResult(
                        "preflight", null, Status.FAILED, Duration.between(started, Instant.now()), e.getMessage()));
            }
            end = new Ending(
                    Outcome.STOPPED,
                    "promote stopped before changing anything: " + e.getMessage(),
                    e.code(),
                    e,
                    null,
                    null,
                    0,
                    List.of());
        }
        PromotionReport report = new PromotionReport(
                runId,
                source,
                target,
                started,
                Duration.between(started, Instant.now()),
                end.outcome(),
                end.targetBefore(),
                end.targetAfter(),
                end.applied(),
                List.copyOf(PromotionPlan.withSkipped(steps, source, target)),
                states.snapshot(),
                end.stats(),
                end.message());
        if (!report.succeeded()) {
            throw new PromotionFailure(
                    end.code() == null ? ErrorCode.CHECK_FAILED : end.code(), end.message(), end.cause(), report);
        }
        return report;
    }

    /** The promotion, both locks held: resumes an interrupted one, runs the pipeline, records how it ended. */
    private Ending runLocked(PromotionContext run, List<StepResult> steps, EnvironmentStates states, Instant started) {
        PromotionState.Run resumed = interruptedRun(run);
        StepRunner runner = new StepRunner(listener, steps, states, run.promoteCommand(), run::versionNow);
        Pipeline pipeline = new Pipeline(run, runner, states, resumed, rehearsal);
        Outcome outcome;
        String message;
        ErrorCode code = null;
        Throwable cause = null;
        try {
            outcome = pipeline.execute();
            message = pipeline.summary();
        } catch (StepRunner.StepFailed failed) {
            outcome = failed.outcome();
            message = failed.getMessage();
            code = failed.code();
            cause = failed.getCause();
        }
        if (!Interruption.requested()) {
            pipeline.recordEnd(outcome);
        }
        // a target the run never changed is still at the version it had
        String targetAfter = pipeline.targetAfter() != null || !states.untouched(to.env())
                ? pipeline.targetAfter()
                : pipeline.targetBefore();
        recordAudit(run.targetDb(), started, outcome, targetAfter, message);
        return new Ending(
                outcome,
                message,
                code,
                cause,
                pipeline.targetBefore(),
                targetAfter,
                pipeline.targetApplied(),
                pipeline.stats());
    }

    /**
     * The promotion a previous run left marked as running (it died: this run holds the lock now). This run resumes
     * it; a promotion between other environments must be finished first.
     */
    private PromotionState.Run interruptedRun(PromotionContext run) {
        Optional<PromotionState.Run> previous = new PromotionState(to)
                .interrupted(run.targetDb())
                .or(() -> new PromotionState(from).interrupted(run.sourceDb()));
        if (previous.isEmpty()) {
            return null;
        }
        PromotionState.Run p = previous.get();
        if (!p.from().equals(from.env()) || !p.to().equals(to.env())) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "the last " + p.describe() + "; nothing was changed"
                            + " (finish it first with migrate:promote -Dmigrate.from=" + p.from() + " -Dmigrate.to="
                            + p.to()
                            + ")");
        }
        new ResumeCheck(p).require(from, run.sourceDb(), to, run.targetDb());
        listener.warn("The last " + p.describe() + ". Resuming it: a step that fails rolls " + from.env()
                + " back to version " + display(p.sourceBefore()) + " and " + to.env() + " back to version "
                + display(p.targetBefore()) + ", the versions before that promotion");
        return p;
    }

    private void recordAudit(Database db, Instant started, Outcome outcome, String version, String message) {
        try (Connection c = db.connect()) {
            new AuditLog(to.defaultSchema())
                    .append(
                            c,
                            List.of(new AuditEntry(
                                    runId,
                                    "promote",
                                    version,
                                    from.env() + " -> " + to.env(),
                                    null,
                                    outcome.word(),
                                    started,
                                    Duration.between(started, Instant.now()).toMillis(),
                                    null,
                                    AuditLog.osUser(),
                                    AuditLog.host(),
                                    message)));
        } catch (SQLException | MigrateException e) {
            listener.warn("could not record the promotion in " + to.env() + "'s audit table: "
                    + Messages.oneLine(e.getMessage()));
        }
    }
}
