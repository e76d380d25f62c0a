package dev.dbmigrate.engine;

import dev.dbmigrate.events.MigrateListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A progress line for work that takes long before its own line can be printed: a migration is listed once it
 * commits, and a group of migrations that commit together ({@link ScriptRunner#runTogether}) only when the whole
 * group has, so a slow one would otherwise leave the console silent. After {@link #AFTER}, and every {@link #EVERY}
 * after that, the listener is told what is still running and for how long (from a timer thread of its own, while the
 * run's thread waits for the server).
 */
final class SlowWork implements AutoCloseable {
    /** How long work runs before its first progress line. */
    static final Duration AFTER = Duration.ofSeconds(5);
    /** How often the line repeats while the work goes on. */
    static final Duration EVERY = Duration.ofSeconds(30);

    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migrate-progress");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledFuture<?> line;

    private SlowWork(ScheduledFuture<?> line) {
        this.line = line;
    }

    /**
     * Starts watching work that started at {@code startNanos}.
     *
     * @param what what runs, as in "Still running {what}: 5 s so far"
     */
    static SlowWork watch(MigrateListener listener, String what, long startNanos) {
        return new SlowWork(CLOCK.scheduleAtFixedRate(
                () -> listener.info("Still running " + what + ": "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos) + " s so far"),
                AFTER.toMillis(),
                EVERY.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        line.cancel(false);
    }
}
