package dev.dbmigrate.promote;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.verify.DatabaseStats;
import dev.dbmigrate.verify.VerificationResult;
import dev.dbmigrate.verify.Verifier;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The staged deployment: preflight, back up the source environment (staging), upgrade it, verify it, back up the
 * target (production), upgrade it, verify it. A failure on the source stops the run before the target is touched; a
 * failure on either environment rolls that environment back by its profile's strategy (undo scripts or the backup just
 * taken) and verifies it again. Every run ends with a {@link PromotionReport}, written as JSON, Markdown and JUnit XML.
 */
public final class Promotion {
    private static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(1);
    private final MigrateSettings from;
    private final MigrateSettings to;
    private final MigrateListener listener;
    private final Map<String, String> environment;
    private final List<StepResult> steps = new ArrayList<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, Object> stats = new LinkedHashMap<>();
    private final StringBuilder statsMarkdown = new StringBuilder();
    private final String runId = UUID.randomUUID().toString();

    public Promotion(PromotionSettings settings, MigrateListener listener, Map<String, String> environment) {
        this.from = settings.from();
        this.to = settings.to();
        this.listener = listener;
        this.environment = environment;
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

    /** Runs the pipeline; returns the report of a successful (or empty) promotion, throws {@link PromotionFailure} otherwise. */
    public PromotionReport run() {
        Instant started = Instant.now();
        String source = from.env();
        String target = to.env();
        states.put(source, "not touched");
        states.put(target, "not touched");
        listener.info("promote " + source + " -> " + target + " (run " + runId + ")");
        Outcome outcome;
        String message;
        ErrorCode code = null;
        Throwable cause = null;
        String targetBefore = null;
        String targetAfter = null;
        int applied = 0;
        try (Database sourceDb = open(from); Database targetDb = open(to)) {
            String who = AdvisoryLocks.describeThisRun("promote " + source + "->" + target);
            try (PromotionLock targetLock = PromotionLock.acquire(targetDb, target, who);
                 PromotionLock sourceLock = PromotionLock.acquire(sourceDb, source, who)) {
                Run run = new Run(sourceDb, targetDb, interruptedRun(sourceDb, targetDb));
                running = run;
                try {
                    outcome = run.execute();
                    message = run.summary;
                } catch (StepFailed failed) {
                    outcome = failed.outcome;
                    message = failed.getMessage();
                    code = failed.code;
                    cause = failed.getCause();
                }
                if (!Interruption.requested()) {
                    run.recordEnd(outcome);
                }
                targetBefore = run.targetBefore;
                // a target the run never changed is still at the version it had
                targetAfter = run.targetAfter != null || !untouched(states.get(target)) ? run.targetAfter
                        : run.targetBefore;
                applied = run.targetApplied;
                recordAudit(targetDb, started, outcome, targetAfter, message);
            }
        } catch (MigrateException e) {
            // could not open an environment or take a lock: nothing was changed
            if (steps.isEmpty()) {
                steps.add(new StepResult("preflight", null, Status.FAILED, Duration.between(started, Instant.now()),
                        e.getMessage()));
            }
            outcome = Outcome.STOPPED;
            message = "promote stopped before changing anything: " + e.getMessage();
            code = e.code();
            cause = e;
        }
        addSkipped(source, target);
        PromotionReport report = new PromotionReport(runId, source, target, started,
                Duration.between(started, Instant.now()), outcome, targetBefore, targetAfter, applied,
                List.copyOf(steps), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states)),
                statsForReport(), message);
        if (!report.succeeded()) {
            throw new PromotionFailure(code == null ? ErrorCode.CHECK_FAILED : code, message, cause, report);
        }
        return report;
    }

    /**
     * The promotion a previous run left marked as running (it died: this run holds the lock now). This run resumes
     * it; a promotion between other environments must be finished first.
     */
    private PromotionState.Run interruptedRun(Database sourceDb, Database targetDb) {
        java.util.Optional<PromotionState.Run> previous = new PromotionState(to).interrupted(targetDb)
                .or(() -> new PromotionState(from).interrupted(sourceDb));
        if (previous.isEmpty()) {
            return null;
        }
        PromotionState.Run p = previous.get();
        if (!p.from().equals(from.env()) || !p.to().equals(to.env())) {
            throw new MigrateException(ErrorCode.REFUSED, "the last " + p.describe() + "; nothing was changed"
                    + " (finish it first with migrate:promote -Dmigrate.from=" + p.from() + " -Dmigrate.to=" + p.to()
                    + ")");
        }
        new ResumeCheck(p).require(from, sourceDb, to, targetDb);
        listener.warn("The last " + p.describe() + ". Resuming it: a step that fails rolls " + from.env()
                + " back to version " + display(p.sourceBefore()) + " and " + to.env() + " back to version "
                + display(p.targetBefore()) + ", the versions before that promotion");
        return p;
    }

    private static boolean untouched(String state) {
        return state != null && (state.startsWith("not touched") || state.equals("not changed"));
    }

    private Database open(MigrateSettings settings) {
        return Database.open(settings, listener);
    }

    /** The run in progress: its databases tell an interrupted step's version. */
    private Run running;

    /** A trailing "(run migrate:upgrade again ...)" of a step's own failure. */
    private static final java.util.regex.Pattern INNER_HINT = java.util.regex.Pattern.compile(
            "\\s*\\((?:run|to resume it, run) migrate:[^()]*\\)\\s*$");

    /** One promotion's moving parts, kept apart from the report bookkeeping above. */
    private final class Run {
        private final Database sourceDb;
        private final Database targetDb;
        private String summary;
        private String targetBefore;
        private String targetAfter;
        private int targetApplied;
        /** The interrupted run this one resumes, or null. */
        private final PromotionState.Run resumed;
        private final List<MigrateSettings> recording = new ArrayList<>();
        private final Instant started = Instant.now();
        private String lastStep = "preflight";
        private String sourceBefore;
        private String sourceBackup;
        private String targetBackup;

        Run(Database sourceDb, Database targetDb, PromotionState.Run resumed) {
            this.sourceDb = sourceDb;
            this.targetDb = targetDb;
            this.resumed = resumed;
            if (resumed != null) {
                sourceBackup = resumed.sourceBackup();
                targetBackup = resumed.targetBackup();
            }
        }

        private Database db(MigrateSettings env) {
            return env == from ? sourceDb : targetDb;
        }

        /**
         * Starts recording this run in {@code env}'s database (the source's when the run starts, the target's when the
         * pipeline reaches it, so a failure on the source leaves the target untouched), taking over the interrupted
         * run it resumes.
         */
        private void recordStart(MigrateSettings env) {
            if (recording.contains(env)) {
                return;
            }
            String who = AdvisoryLocks.describeThisRun("promote " + from.env() + "->" + to.env());
            PromotionState.Run row = new PromotionState.Run(runId, from.env(), to.env(), lastStep, "running",
                    started, Instant.now(), who, sourceBefore, targetBefore, sourceBackup, targetBackup);
            if (resumed != null && recording.isEmpty()) {
                // the interrupted run is taken over in every database it reached, now, so a failure of this run
                // before it gets to production leaves no stale 'running' row there
                for (MigrateSettings each : List.of(from, to)) {
                    PromotionState state = new PromotionState(each);
                    if (state.interrupted(db(each)).isPresent()) {
                        state.end(db(each), resumed.runId(), "resumed", resumed.step());
                    }
                }
            }
            new PromotionState(env).begin(db(env), row);
            recording.add(env);
        }

        /** Records the step about to run (and a backup just taken) wherever this run is recorded. */
        void recordProgress(String step, String newSourceBackup, String newTargetBackup) {
            lastStep = step;
            sourceBackup = newSourceBackup != null ? newSourceBackup : sourceBackup;
            targetBackup = newTargetBackup != null ? newTargetBackup : targetBackup;
            for (MigrateSettings env : recording) {
                new PromotionState(env).progress(db(env), runId, step, newSourceBackup, newTargetBackup);
            }
        }

        void recordEnd(Outcome outcome) {
            for (MigrateSettings env : recording) {
                try {
                    new PromotionState(env).end(db(env), runId, "finished", lastStep + ": " + outcome.word());
                } catch (MigrateException e) {
                    listener.warn("could not record the end of the promotion in " + env.env() + ": "
                            + e.getMessage());
                }
            }
        }

        Outcome execute() {
            String source = from.env();
            String target = to.env();
            Results.Current[] versions = new Results.Current[2];
            PgTools[] tools = new PgTools[1];
            step("preflight", null, () -> {
                Results.Current sourceState = migrator(from, sourceDb).current();
                Results.Current targetState = migrator(to, targetDb).current();
                versions[0] = sourceState;
                versions[1] = targetState;
                targetBefore = resumed != null ? resumed.targetBefore() : targetState.version();
                if (targetState.version() != null && (sourceState.version() == null
                        || Versions.compare(targetState.version(), sourceState.version()) > 0)) {
                    throw new MigrateException(ErrorCode.REFUSED, target + " (version " + targetState.version()
                            + ") is ahead of " + source + " (version " + Messages.oneLine(display(
                            sourceState.version())) + "): promoting would skip what " + target + " has; nothing was"
                            + " changed (bring " + source + " up to " + target + " first with mvn "
                            + FixHint.command(from, "upgrade") + ", then promote again)");
                }
                if (sourceState.failedPresent() || targetState.failedPresent()) {
                    throw new MigrateException(ErrorCode.REFUSED, "a history table records a failed migration;"
                            + " nothing was changed (clean up its partial changes, then run "
                            + FixHint.command(sourceState.failedPresent() ? from : to, "repair") + ")");
                }
                Results.Validation validation = migrator(from, sourceDb).validate(needsUndo(from) || needsUndo(to));
                if (!validation.ok()) {
                    throw new MigrateException(ErrorCode.VALIDATION, "the migrations are not valid: "
                            + String.join("; ", validation.problems()) + "; nothing was changed");
                }
                tools[0] = PgTools.locate(from.options().pgBinDir());
                tools[0].requireUsableFor(sourceDb);
                tools[0].requireUsableFor(targetDb);
                backups(from, tools[0]).requireWritableDirectory();
                backups(to, tools[0]).requireWritableDirectory();
                return source + " at " + display(sourceState.version()) + " with "
                        + Messages.count(sourceState.pendingCount(), "pending migration") + ", " + target + " at "
                        + display(targetState.version()) + " with " + Messages.count(targetState.pendingCount(),
                        "pending migration") + "; pg_dump " + tools[0].major() + " usable";
            });
            // a resumed run goes through every step: the interrupted one may have died before verifying
            if (resumed == null && versions[0].pendingCount() == 0 && versions[1].pendingCount() == 0) {
                targetAfter = targetBefore;
                summary = "nothing to promote: " + source + " and " + target + " are both at version "
                        + display(versions[1].version()) + " with nothing pending (a promotion that already"
                        + " succeeded changes nothing when run again)";
                states.put(source, "at version " + display(versions[0].version()) + ", unchanged");
                states.put(target, "at version " + display(versions[1].version()) + ", unchanged");
                return Outcome.NOTHING_TO_DO;
            }
            DatabaseStats targetStatsBefore = collectStats(targetDb, to);
            sourceBefore = resumed != null ? resumed.sourceBefore() : versions[0].version();

            // the source's version was read by the preflight just now; the target's is read again right before its
            // backup, since the source's deployment (minutes, on a large database) runs in between
            Deployed staging = deploy(from, sourceDb, tools[0], versions[0].version(),
                    "not touched: " + source + " failed first");
            Deployed production = deploy(to, targetDb, tools[0], null, null);
            targetApplied = production.applied;
            targetAfter = production.versionAfter;
            DatabaseStats targetStatsAfter = production.verification.stats();
            addStats(to, targetStatsBefore, targetStatsAfter);
            summary = "promoted " + source + " -> " + target + ": " + target + " went from version "
                    + display(targetBefore) + " to " + display(targetAfter) + " ("
                    + Messages.count(production.applied, "migration") + " applied and verified); " + source
                    + " at version " + display(staging.versionAfter);
            return Outcome.PROMOTED;
        }

        /**
         * Backs up, upgrades and verifies one environment.
         *
         * @param knownVersion the environment's version if it was read just before (saves Flyway's scan of the
         *                     migrations), or {@code null} to read it now
         */
        private Deployed deploy(MigrateSettings env, Database db, PgTools tools, String knownVersion,
                                String otherIfFailed) {
            String name = env.env();
            boolean source = env == from;
            String before = resumed != null ? (source ? resumed.sourceBefore() : resumed.targetBefore())
                    : knownVersion != null ? knownVersion : migrator(env, db).current().version();
            String earlierBackup = resumed == null ? null : source ? resumed.sourceBackup() : resumed.targetBackup();
            BackupFile[] backup = new BackupFile[1];
            // the databases already recording this run learn the step first, then this one starts recording it
            recordProgress("backup " + name, null, null);
            recordStart(env);
            step("backup " + name, name, () -> {
                if (earlierBackup != null) {
                    // the interrupted run's backup shows the environment as it was before that run changed it
                    backup[0] = backups(env, tools).find(earlierBackup);
                    requireAtFloor(name, backup[0], before, "reuse");
                    return "reusing " + backup[0].path().getFileName() + ", taken by the interrupted promotion "
                            + resumed.runId() + " before it changed " + name;
                }
                backup[0] = backups(env, tools).create(db, listener);
                return backup[0].path().getFileName() + " (" + backup[0].sizeBytes() + " bytes, sha256 "
                        + backup[0].sha256().substring(0, 12) + "…)";
            }, () -> failedBeforeChange(name, otherIfFailed));
            String taken = backup[0].path().toString();
            recordProgress("upgrade " + name, source ? taken : null, source ? null : taken);
            Results.Upgrade[] upgrade = new Results.Upgrade[1];
            step("upgrade " + name, name, () -> {
                upgrade[0] = migrator(env, db).upgrade();
                return "version " + display(upgrade[0].fromVersion()) + " -> " + display(upgrade[0].toVersion()) + ", "
                        + Messages.count(upgrade[0].applied().size(), "migration") + " applied";
            }, () -> rollback(env, db, backup[0], before, otherIfFailed));
            VerificationResult[] verification = new VerificationResult[1];
            recordProgress("verify " + name, null, null);
            step("verify " + name, name, () -> {
                verification[0] = verify(env, db, false);
                if (!verification[0].passed()) {
                    throw new MigrateException(ErrorCode.CHECK_FAILED, verification[0].summary());
                }
                return verification[0].summary();
            }, () -> rollback(env, db, backup[0], before, otherIfFailed));
            states.put(name, "promoted from version " + display(before) + " to " + display(upgrade[0].toVersion())
                    + " and verified");
            return new Deployed(upgrade[0].toVersion(), upgrade[0].applied().size(), verification[0]);
        }

        /** After a failure before anything changed on {@code name}: say so. */
        private Outcome failedBeforeChange(String name, String otherIfFailed) {
            states.put(name, "not changed");
            if (otherIfFailed != null) {
                states.put(to.env(), otherIfFailed);
            }
            return Outcome.STOPPED;
        }

        /** Rolls {@code env} back after a failed upgrade or verification, then verifies it again. */
        private Outcome rollback(MigrateSettings env, Database db, BackupFile backup, String before,
                                 String otherIfFailed) {
            String name = env.env();
            recordProgress("rollback " + name, null, null);
            if (otherIfFailed != null) {
                states.put(to.env(), otherIfFailed);
            }
            EnvironmentProfile.Rollback rollback = env.profile().rollback();
            String strategy = rollback.strategy();
            String fallback = rollback.fallback();
            String how;
            try {
                how = rollbackBy(strategy, env, db, backup, before);
            } catch (MigrateException first) {
                if (!"restore".equals(fallback) || "restore".equals(strategy)) {
                    states.put(name, "ROLLBACK FAILED (" + strategy + "): " + first.getMessage() + "; restore it by"
                            + " hand: " + restoreByHand(env, db, backup.path().getFileName().toString()));
                    return Outcome.ROLLBACK_FAILED;
                }
                try {
                    how = strategy + " failed (" + first.getMessage() + "), then "
                            + rollbackBy("restore", env, db, backup, before);
                } catch (MigrateException second) {
                    states.put(name, "ROLLBACK FAILED: " + strategy + " failed (" + first.getMessage()
                            + ") and restore failed (" + second.getMessage() + "); restore it by hand: "
                            + restoreByHand(env, db, backup.path().getFileName().toString()));
                    return Outcome.ROLLBACK_FAILED;
                }
            }
            String[] after = new String[1];
            boolean verified = tryStep("verify " + name + " after rollback", name, () -> {
                VerificationResult result = verify(env, db, true);
                after[0] = migrator(env, db).current().version();
                if (!result.passed()) {
                    throw new MigrateException(ErrorCode.CHECK_FAILED, result.summary());
                }
                return "version " + display(after[0]) + "; " + result.summary();
            });
            states.put(name, "rolled back to version " + display(after[0]) + " (" + how + ")"
                    + (verified ? " and verified" : ", but its verification FAILED"));
            if (name.equals(to.env())) {
                targetAfter = after[0];
                targetApplied = 0;
            }
            return verified ? Outcome.ROLLED_BACK : Outcome.ROLLBACK_FAILED;
        }

        private String rollbackBy(String strategy, MigrateSettings env, Database db, BackupFile backup,
                                  String before) {
            String name = env.env();
            String[] how = new String[1];
            MigrateException failure = attempt("rollback " + name + " (" + strategy + ")", name, () -> {
                if ("restore".equals(strategy)) {
                    requireAtFloor(name, backup, before, "restore");
                    backups(env, PgTools.locate(env.options().pgBinDir())).restore(db, backup, env.schemas(),
                            listener);
                    how[0] = "restored from " + backup.path();
                } else {
                    MigrateSettings back = env.withOptions(env.options().withTarget(before == null ? "0" : before));
                    Results.Downgrade down = migrator(back, db).downgrade();
                    how[0] = "undo scripts: " + Messages.count(down.undone().size(), "migration") + " undone";
                }
                return how[0];
            });
            if (failure != null) {
                throw failure;
            }
            return how[0];
        }

        /**
         * The rollback floor: a backup this promotion restores (or keeps to restore) must be of the version
         * {@code name} had when the promotion began, never of an older one, which would lose what was applied
         * between the two.
         */
        private void requireAtFloor(String name, BackupFile backup, String floor, String what) {
            String version = backup.schemaVersion();
            if (floor == null || (version != null && Versions.compare(version, floor) >= 0)) {
                return;
            }
            throw new MigrateException(ErrorCode.REFUSED, "will not " + what + " " + backup.name() + ": it holds "
                    + name + " at version " + display(version) + ", below version " + floor + " that " + name
                    + " had when this promotion began, so restoring it would lose what was applied in between; "
                    + name + " was not restored (restore a backup of version " + floor + " by hand with "
                    + restoreByHand(name.equals(from.env()) ? from : to, db(name.equals(from.env()) ? from : to),
                    "<name>") + " if it needs one)");
        }

        /** The command that restores {@code backup} into {@code env} by hand (confirmed on a protected one). */
        private String restoreByHand(MigrateSettings env, Database db, String backup) {
            return "mvn " + FixHint.goal("restore") + " " + FixHint.set(MigrateProperty.ENV, env.env()) + " "
                    + FixHint.set(MigrateProperty.BACKUP, backup) + (env.profile().protectedEnv() ? " "
                    + FixHint.set(MigrateProperty.CONFIRM, db.name()) : "");
        }

        private VerificationResult verify(MigrateSettings env, Database db, boolean afterRollback) {
            Duration timeout = PgDuration.parse(env.profile().statementTimeout(), DEFAULT_CHECK_TIMEOUT);
            return Verifier.run(db, env.profile().verify(), env.schemas(), timeout, listener, afterRollback);
        }

        private DatabaseStats collectStats(Database db, MigrateSettings env) {
            try (Connection c = db.connect()) {
                return DatabaseStats.collect(c, env.schemas());
            } catch (SQLException | MigrateException e) {
                listener.warn("could not read database statistics of " + env.env() + ": "
                        + Messages.oneLine(e.getMessage()));
                return null;
            }
        }
    }

    private record Deployed(String versionAfter, int applied, VerificationResult verification) {
    }

    /** A step failed; the pipeline stops with this outcome. */
    private static final class StepFailed extends RuntimeException {
        private final Outcome outcome;
        private final ErrorCode code;

        StepFailed(String message, Outcome outcome, ErrorCode code, Throwable cause) {
            super(message, cause);
            this.outcome = outcome;
            this.code = code;
        }
    }

    private void step(String name, String env, Supplier<String> action) {
        step(name, env, action, () -> Outcome.STOPPED);
    }

    /**
     * Runs one step and records it. When it fails, {@code onFailure} repairs what it can (rolls back) and says how the
     * run ends; then the pipeline stops with a message that says what happened to each environment.
     */
    private void step(String name, String env, Supplier<String> action, Supplier<Outcome> onFailure) {
        MigrateException failure = attempt(name, env, action);
        if (failure != null && Interruption.requested()) {
            // no rollback after Ctrl-C: the promotion stays recorded as running, reported by current and resumed by
            // the next promote, as after a kill
            MigrateSettings settings = env == null ? null : env.equals(from.env()) ? from : to;
            if (settings != null && running != null) {
                states.put(env, "interrupted in step '" + name + "', now at version " + versionNow(settings));
            }
            // the inner command's own hint (run migrate:upgrade again) would act on the default environment: the
            // promotion is resumed as a whole
            String inner = INNER_HINT.matcher(failure.getMessage()).replaceFirst("");
            throw new StepFailed("promote interrupted (SIGINT or SIGTERM) in step '" + name + "': " + inner
                    + "; nothing was rolled back (" + describeStates() + "); to resume it, run " + promoteCommand(),
                    Outcome.STOPPED, ErrorCode.INTERRUPTED, failure);
        }
        if (failure != null) {
            Outcome outcome = onFailure.get();
            throw new StepFailed("promote stopped: " + name + " failed: " + failure.getMessage() + "; "
                    + describeStates(), outcome, failure.code(), failure);
        }
    }

    /** The version {@code settings}' database is at now, for the summary of an interrupted step. */
    private String versionNow(MigrateSettings settings) {
        try {
            return display(migrator(settings, running.db(settings)).current().version());
        } catch (RuntimeException e) {
            return "unknown (it could not be read: " + Messages.oneLine(e.getMessage()) + "; see "
                    + FixHint.goal("current") + " " + FixHint.set(MigrateProperty.ENV, settings.env()) + ")";
        }
    }

    /** Runs a rollback step and records it; returns whether it passed (the caller decides what follows). */
    private boolean tryStep(String name, String env, Supplier<String> action) {
        return attempt(name, env, action) == null;
    }

    /** Runs, times, prints and records one step; returns its failure, or null when it passed. */
    private MigrateException attempt(String name, String env, Supplier<String> action) {
        long t0 = System.nanoTime();
        listener.info("[" + name + "] ...");
        try {
            String detail = action.get();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            steps.add(new StepResult(name, env, Status.PASSED, took, detail));
            listener.info("[" + name + "] passed in " + Messages.millis(took) + ": " + detail);
            return null;
        } catch (MigrateException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // after Ctrl-C the promotion is resumed as a whole: the step's own hint is left out (see step)
            String said = Interruption.requested() ? INNER_HINT.matcher(e.getMessage()).replaceFirst("")
                    : e.getMessage();
            steps.add(new StepResult(name, env, Status.FAILED, took, said));
            listener.warn("[" + name + "] FAILED in " + Messages.millis(took) + ": " + said);
            return e;
        }
    }

    private String describeStates() {
        List<String> parts = new ArrayList<>();
        states.forEach((env, state) -> parts.add(env + " " + state));
        return String.join("; ", parts);
    }

    /** Lists the planned steps that were never reached, so the reports show the whole pipeline. */
    private void addSkipped(String source, String target) {
        List<String[]> planned = List.of(new String[] {"preflight", null}, new String[] {"backup " + source, source},
                new String[] {"upgrade " + source, source}, new String[] {"verify " + source, source},
                new String[] {"backup " + target, target}, new String[] {"upgrade " + target, target},
                new String[] {"verify " + target, target});
        boolean nothingToDo = steps.size() == 1 && steps.get(0).status() == Status.PASSED;
        String stoppedAt = steps.stream().filter(s -> s.status() == Status.FAILED).map(StepResult::name)
                .findFirst().orElse(null);
        String why = nothingToDo ? "nothing to promote"
                : stoppedAt == null ? "not reached" : "not reached: promote stopped at " + stoppedAt;
        for (String[] p : planned) {
            if (steps.stream().noneMatch(s -> s.name().equals(p[0]))) {
                steps.add(new StepResult(p[0], p[1], Status.SKIPPED, Duration.ZERO, why));
            }
        }
    }

    /** The application's changes on {@code env}: its tables without the tool's own (history, {@code migrate_*}). */
    private void addStats(MigrateSettings env, DatabaseStats allBefore, DatabaseStats allAfter) {
        if (allBefore == null || allAfter == null) {
            return;
        }
        java.util.function.Predicate<String> toolTable = name -> name.equals(env.table())
                || name.startsWith("migrate_");
        DatabaseStats before = allBefore.withoutTables(toolTable);
        DatabaseStats after = allAfter.withoutTables(toolTable);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("before", before.toMap());
        m.put("after", after.toMap());
        var delta = DatabaseStats.compare(before, after);
        m.put("change", delta.toMap());
        stats.put(env.env(), m);
        statsMarkdown.append(delta.markdown("#### " + env.env() + ": what the deployment changed")).append('\n');
    }

    private Map<String, Object> statsForReport() {
        Map<String, Object> m = new LinkedHashMap<>(stats);
        if (!statsMarkdown.isEmpty()) {
            m.put("markdown", statsMarkdown.toString());
        }
        return m;
    }

    private void recordAudit(Database db, Instant started, Outcome outcome, String version, String message) {
        try (Connection c = db.connect()) {
            new AuditLog(to.defaultSchema()).append(c, List.of(new AuditEntry(runId, "promote", version,
                    from.env() + " -> " + to.env(), null, outcome.word(), started,
                    Duration.between(started, Instant.now()).toMillis(), null, AuditLog.osUser(), AuditLog.host(),
                    message)));
        } catch (SQLException | MigrateException e) {
            listener.warn("could not record the promotion in " + to.env() + "'s audit table: "
                    + Messages.oneLine(e.getMessage()));
        }
    }

    private Migrator migrator(MigrateSettings settings, Database db) {
        return new Migrator(settings, listener, db);
    }

    private Backups backups(MigrateSettings settings, PgTools tools) {
        return Backups.of(settings, tools).takenFor(promoteCommand());
    }

    /** This promotion's command, to run it again. */
    private String promoteCommand() {
        return FixHint.goal("promote") + " " + FixHint.set(MigrateProperty.FROM, from.env()) + " "
                + FixHint.set(MigrateProperty.TO, to.env());
    }

    private static boolean needsUndo(MigrateSettings settings) {
        EnvironmentProfile.Rollback r = settings.profile().rollback();
        return "undo".equals(r.strategy()) && "none".equals(r.fallback());
    }

    private static String display(String version) {
        return version == null ? "<none>" : version;
    }
}
