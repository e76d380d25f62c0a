package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One promotion's record of itself ({@link PromotionState}) in the databases it has reached: the source's when the run
 * starts, the target's when the pipeline gets there (so a failure on the source leaves the target untouched). Each
 * step is recorded before it runs, with the backups taken so far.
 */
final class PromotionJournal {
    private final PromotionContext run;
    /** The interrupted run this one resumes, or null. */
    private final PromotionState.Run resumed;

    private final Instant started = Instant.now();
    private final List<MigrateSettings> recording = new ArrayList<>();
    private String lastStep = "preflight";
    private String sourceBefore;
    private String targetBefore;
    private String sourceBackup;
    private String targetBackup;

    PromotionJournal(PromotionContext run, PromotionState.Run resumed) {
        this.run = run;
        this.resumed = resumed;
        if (resumed != null) {
            sourceBackup = resumed.sourceBackup();
            targetBackup = resumed.targetBackup();
        }
    }

    /** The versions the environments had before the promotion, which a failure rolls back to. */
    void versionsBefore(String source, String target) {
        sourceBefore = source;
        targetBefore = target;
    }

    /**
     * Starts recording this run in {@code env}'s database, taking over the interrupted run it resumes in every
     * database that run reached.
     */
    void start(MigrateSettings env) {
        if (recording.contains(env)) {
            return;
        }
        String who = AdvisoryLocks.describeThisRun(
                "promote " + run.from().env() + "->" + run.to().env());
        PromotionState.Run row = new PromotionState.Run(
                run.runId(),
                run.from().env(),
                run.to().env(),
                lastStep,
                "running",
                started,
                Instant.now(),
                who,
                sourceBefore,
                targetBefore,
                sourceBackup,
                targetBackup);
        if (resumed != null && recording.isEmpty()) {
            // the interrupted run is taken over in every database it reached, now, so a failure of this run
            // before it gets to production leaves no stale 'running' row there
            for (MigrateSettings each : List.of(run.from(), run.to())) {
                PromotionState state = new PromotionState(each);
                if (state.interrupted(run.db(each)).isPresent()) {
                    state.end(run.db(each), resumed.runId(), "resumed", resumed.step());
                }
            }
        }
        new PromotionState(env).begin(run.db(env), row);
        recording.add(env);
    }

    /** Records the step about to run (and a backup just taken) wherever this run is recorded. */
    void progress(String step, String newSourceBackup, String newTargetBackup) {
        lastStep = step;
        sourceBackup = newSourceBackup != null ? newSourceBackup : sourceBackup;
        targetBackup = newTargetBackup != null ? newTargetBackup : targetBackup;
        for (MigrateSettings env : recording) {
            new PromotionState(env).progress(run.db(env), run.runId(), step, newSourceBackup, newTargetBackup);
        }
    }

    /** Records how the run ended; a database that cannot be written to is warned about. */
    void end(Outcome outcome, MigrateListener listener) {
        for (MigrateSettings env : recording) {
            try {
                new PromotionState(env).end(run.db(env), run.runId(), "finished", lastStep + ": " + outcome.word());
            } catch (MigrateException e) {
                listener.warn("could not record the end of the promotion in " + env.env() + ": " + e.getMessage());
            }
        }
    }
}
