package dev.dbmigrate.promote;

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

    public static StepResult skipped(String name, String environment) {
        return new StepResult(name, environment, Status.SKIPPED, Duration.ZERO, "not run");
    }
}
