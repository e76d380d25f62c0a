package dev.dbmigrate.process;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one timeout-and-kill logic of every child process this tool starts ({@link ProcessRunner},
 * {@link ProcessPipeline}): how long it is waited for, and how it is stopped when it runs past its time, when the run
 * is interrupted (SIGINT, SIGTERM) or when its partner in a pipeline failed.
 *
 * <p>Stopping asks first: the process gets SIGTERM ({@link Process#destroy}), so a tool may clean up after itself
 * (pg_dump cancels its queries, initdb removes what it wrote). Whatever of it and of the processes it had started is
 * still alive {@link #KILL_AFTER} later is killed (SIGKILL).
 */
final class ChildProcess {
    /** How long a stopped process may take to end before it and its descendants are killed. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);

    private ChildProcess() {}

    /**
     * Waits until {@code deadline} ({@link System#nanoTime}) for {@code process} to end.
     *
     * @param alsoStop stopped with it when it runs past the deadline (the other end of a pipeline)
     * @return whether it ended in time; when not, it (and {@code alsoStop}) was stopped and has ended
     */
    static boolean awaitUntil(Process process, long deadline, Process... alsoStop) throws InterruptedException {
        if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return true;
        }
        stop(process);
        for (Process other : alsoStop) {
            stop(other);
        }
        process.waitFor();
        return false;
    }

    /** The deadline ({@link System#nanoTime}) of a process started now that may run for {@code timeout}. */
    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** The failure of a command that ran past its timeout and was stopped, followed by {@code detail}. */
    static MigrateException timedOut(List<String> command, Duration timeout, String detail) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s and was stopped"
                        + detail);
    }

    /**
     * Stops {@code process}: SIGTERM now, and SIGKILL {@link #KILL_AFTER} later to it and to every process it had
     * started (as they are now) that is still alive. Returns at once.
     */
    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        process.destroy();
        CompletableFuture.delayedExecutor(KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly));
    }

    /** Stops {@code processes} ({@link #stop}) when the run is interrupted (SIGINT, SIGTERM). */
    static Interruption.Registration stopOnInterrupt(Process... processes) {
        return Interruption.onInterrupt(() -> {
            for (Process p : processes) {
                stop(p);
            }
        });
    }
}
