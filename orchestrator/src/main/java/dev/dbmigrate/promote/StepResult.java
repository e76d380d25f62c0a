package dev.dbmigrate.promote;

import dev.dbmigrate.events.MigrateEvent;
import java.time.Duration;

/**
 * One step of a promotion as it ended.
 *
 * @param name        what the step does, e.g. {@code upgrade prod}
 * @param environment the environment it worked on, or null for the preflight
 * @param status      passed, failed, or skipped (not reached)
 * @param duration    its wall time
 * @param detail      one line saying what it did or why it failed
 */
public record StepResult(String name, String environment, Status status, Duration duration, String detail) {
    /** How a step ended. */
    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }

    /** The step a finished step's event reports: the report and the console read the same record. */
    public static StepResult of(MigrateEvent.StepFinished finished) {
        return new StepResult(
                finished.name(),
                finished.environment(),
                finished.passed() ? Status.PASSED : Status.FAILED,
                finished.duration(),
                finished.detail());
    }

    public static StepResult skipped(String name, String environment) {
        return new StepResult(name, environment, Status.SKIPPED, Duration.ZERO, "not run");
    }
}
