package dev.dbmigrate.promote;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs the steps of one promotion: times, prints and records each one, and stops the pipeline when one fails, with a
 * message that says what happened to each environment. After Ctrl-C nothing is rolled back: the promotion stays
 * recorded as running, to be resumed as a whole.
 */
final class StepRunner {
    /** A trailing "(run migrate:upgrade again ...)" of a step's own failure. */
    private static final Pattern INNER_HINT =
            Pattern.compile("\\s*\\((?:run|to resume it, run) migrate:[^()]*\\)\\s*$");

    private final MigrateListener listener;
    private final List<StepResult> steps;
    private final EnvironmentStates states;
    private final String promoteCommand;
    private final Function<String, String> versionNow;

    /**
     * @param steps          where the steps are recorded (the report reads them)
     * @param promoteCommand the command that resumes this promotion
     * @param versionNow     an environment's version now, by name, for the message of an interrupted step
     */
    StepRunner(
            MigrateListener listener,
            List<StepResult> steps,
            EnvironmentStates states,
            String promoteCommand,
            Function<String, String> versionNow) {
        this.listener = listener;
        this.steps = steps;
        this.states = states;
        this.promoteCommand = promoteCommand;
        this.versionNow = versionNow;
    }

    /**
     * What a step did: its value for the steps after it and its line in the report, or, for a step that ran to its
     * end and found a failure (a verification), the failure too.
     */
    record Done<T>(T value, String detail, MigrateException failure) {
        static <T> Done<T> passed(T value, String detail) {
            return new Done<>(value, detail, null);
        }

        static <T> Done<T> failed(T value, MigrateException failure) {
            return new Done<>(value, failure.getMessage(), failure);
        }
    }

    /** A step's action. */
    @FunctionalInterface
    interface Action<T> {
        Done<T> run();
    }

    /**
     * How an attempted step ended.
     *
     * @param value   the step's value (also of a step that failed at its end), or null when it threw
     * @param failure its failure, or null when it passed
     */
    record Attempt<T>(T value, MigrateException failure) {
        boolean passed() {
            return failure == null;
        }
    }

    /** A step failed; the pipeline stops with this outcome. */
    static final class StepFailed extends RuntimeException {
        private final Outcome outcome;
        private final ErrorCode code;

        StepFailed(String message, Outcome outcome, ErrorCode code, Throwable cause) {
            super(message, cause);
            this.outcome = outcome;
            this.code = code;
        }

        Outcome outcome() {
            return outcome;
        }

        ErrorCode code() {
            return code;
        }
    }

    /** Runs a step that nothing has changed before: when it fails, the pipeline stops. */
    <T> T run(String name, String env, Action<T> action) {
        return run(name, env, action, () -> Outcome.STOPPED);
    }

    /**
     * Runs one step and records it. When it fails, {@code onFailure} repairs what it can (rolls back) and says how the
     * run ends; then the pipeline stops ({@link StepFailed}) with a message that says what happened to each
     * environment.
     */
    <T> T run(String name, String env, Action<T> action, Supplier<Outcome> onFailure) {
        Attempt<T> attempt = attempt(name, env, action);
        MigrateException failure = attempt.failure();
        if (failure != null && Interruption.requested()) {
            // no rollback after Ctrl-C: the promotion stays recorded as running, reported by current and resumed by
            // the next promote, as after a kill
            if (env != null) {
                states.set(env, "interrupted in step '" + name + "', now at version " + versionNow.apply(env));
            }
            // the inner command's own hint (run migrate:upgrade again) would act on the default environment: the
            // promotion is resumed as a whole
            String inner = INNER_HINT.matcher(failure.getMessage()).replaceFirst("");
            throw new StepFailed(
                    "promote interrupted (SIGINT or SIGTERM) in step '" + name + "': " + inner
                            + "; nothing was rolled back (" + states.describe() + "); to resume it, run "
                            + promoteCommand,
                    Outcome.STOPPED,
                    ErrorCode.INTERRUPTED,
                    failure);
        }
        if (failure != null) {
            Outcome outcome = onFailure.get();
            throw new StepFailed(
                    "promote stopped: " + name + " failed: " + failure.getMessage() + "; " + states.describe(),
                    outcome,
                    failure.code(),
                    failure);
        }
        return attempt.value();
    }

    /** Runs, times, prints and records one step; the caller decides what its failure means. */
    <T> Attempt<T> attempt(String name, String env, Action<T> action) {
        long t0 = System.nanoTime();
        listener.on(new MigrateEvent.StepStarted(name, env));
        Done<T> done;
        try {
            done = action.run();
        } catch (MigrateException e) {
            done = Done.failed(null, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (done.failure() == null) {
            finished(new MigrateEvent.StepFinished(name, env, true, took, done.detail()));
            return new Attempt<>(done.value(), null);
        }
        // after Ctrl-C the promotion is resumed as a whole: the step's own hint is left out (see run)
        String said =
                Interruption.requested() ? INNER_HINT.matcher(done.detail()).replaceFirst("") : done.detail();
        finished(new MigrateEvent.StepFinished(name, env, false, took, said));
        return new Attempt<>(done.value(), done.failure());
    }

    /** A step ended: it is reported on the console and recorded for the report, from the same record. */
    private void finished(MigrateEvent.StepFinished event) {
        steps.add(StepResult.of(event));
        listener.on(event);
    }
}
