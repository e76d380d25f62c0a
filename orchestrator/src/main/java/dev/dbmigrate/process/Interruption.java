package dev.dbmigrate.process;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * What a run does when the JVM is asked to stop while it works: SIGINT (Ctrl-C), SIGTERM ({@code kill}, a CI runner
 * cancelling a job), or {@code System.exit} from elsewhere.
 *
 * <p>The JVM runs its shutdown hooks on such a signal and then halts, whatever the other threads are doing. A run
 * therefore registers itself with {@link #begin} for as long as it works (both front ends do, around one command);
 * while one is registered, a shutdown hook:
 * <ol>
 *   <li>marks the run interrupted ({@link #requested()}), so the worker starts nothing new;</li>
 *   <li>cancels the statement running on every connection the run opened ({@link #track}: the server's
 *   {@code pg_cancel_backend}, sent by the driver on a second socket; the server ignores it on an idle session)
 *   and stops the external tools it started ({@link #onInterrupt}), again every 200 ms, so a statement sent in
 *   between is cancelled too (connections opened after the interruption, which record the outcome, are left
 *   alone);</li>
 *   <li>waits, at most {@link #GRACE}, for the worker to see the failure, roll its transaction back, record what was
 *   and was not applied, close its connections (which frees its advisory lock) and stop the embedded server it
 *   started, all on its own usual failure path;</li>
 *   <li>only when the worker did not end in time, runs the {@link #ifLeftRunning} actions itself (stop the embedded
 *   server this run started).</li>
 * </ol>
 * The JVM then exits with its own code for the signal: 130 after SIGINT, 143 after SIGTERM.
 */
public final class Interruption {
    /** How long the shutdown hook waits for an interrupted run to roll back and clean up. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private static final long RETRY_MILLIS = 200;
    /** How long a failed tool's caller waits for the shutdown hook to mark the run interrupted (see {@link #explains}). */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private static final Object LOCK = new Object();
    private static final Set<Run> RUNS = new LinkedHashSet<>();
    private static final Map<Connection, Boolean> CONNECTIONS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Object, Runnable> CANCELLERS = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final Map<Object, Runnable> LEFT_RUNNING = Collections.synchronizedMap(new IdentityHashMap<>());
    private static volatile boolean requested;
    private static volatile boolean noticed;
    private static Thread hook;

    private Interruption() {}

    /** A run that the shutdown hook waits for; {@link #close} when it ends (normally or not). */
    public static final class Run implements AutoCloseable {
        private final Consumer<String> log;

        private Run(Consumer<String> log) {
            this.log = log;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                RUNS.remove(this);
                LOCK.notifyAll();
                if (RUNS.isEmpty() && hook != null && !requested) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running or about to: it finds no run left and returns
                    }
                    hook = null;
                }
            }
        }
    }

    /** Something registered with {@link #onInterrupt} or {@link #ifLeftRunning}; {@link #close} unregisters it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a run; until it is closed, a SIGINT or SIGTERM cancels its work as described above.
     *
     * @param log told, on an interruption, what is being done (the front end's warning printer)
     */
    public static Run begin(Consumer<String> log) {
        Run run = new Run(log);
        synchronized (LOCK) {
            RUNS.add(run);
            if (hook == null) {
                Thread thread = new Thread(Interruption::onShutdown, "migrate-interruption");
                try {
                    Runtime.getRuntime().addShutdownHook(thread);
                    hook = thread;
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: nothing left to cancel for
                }
            }
        }
        return run;
    }

    /** True once the JVM was asked to stop while a run was registered: start nothing new. */
    public static boolean requested() {
        return requested;
    }

    /**
     * Whether the failure of tools that ended with {@code exitCodes} is the interruption's doing: true when one
     * failed and the run was interrupted. A tool started by this run shares its terminal, so Ctrl-C reaches the tool
     * too, which may end (killed by the signal: exit 130 or 143) a moment before the JVM's shutdown hook marks the run
     * interrupted; for such an exit this waits a little for that mark before it answers, so an interrupted tool is
     * never reported as a broken one (a corrupt backup, a failed initdb).
     */
    public static boolean explains(int... exitCodes) {
        if (java.util.Arrays.stream(exitCodes).allMatch(code -> code == 0)) {
            return false;
        }
        return settle(java.util.Arrays.stream(exitCodes).anyMatch(code -> code > 128));
    }

    /**
     * Whether a failure is the interruption's doing, as {@link #explains(int...)}, for tools that may end by
     * themselves on Ctrl-C (psql cancels its statement and stops): when {@code failed}, waits a little for the
     * shutdown hook's mark whatever the exit code.
     */
    public static boolean explainsFailure(boolean failed) {
        return failed && settle(true);
    }

    private static boolean settle(boolean wait) {
        if (requested || !wait) {
            return requested;
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        synchronized (LOCK) {
            while (!requested && System.nanoTime() < deadline) {
                try {
                    LOCK.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return requested;
    }

    /**
     * The worker saw the interruption (its statement failed, or it found {@link #requested()} before starting one):
     * its connections are no longer cancelled, so what it does to record the outcome is not cancelled in turn.
     */
    public static void noticed() {
        if (requested) {
            noticed = true;
        }
    }

    /**
     * The failure a worker reports when it finds the run interrupted before it starts a statement: SQLSTATE 57014
     * ({@code query_canceled}), as the server reports a cancelled statement, so both take the same path.
     */
    public static SQLException asSqlException() {
        return new SQLException("the run was interrupted (SIGINT or SIGTERM) before this statement started", "57014");
    }

    /**
     * Cancels the statement running on {@code connection} when the run is interrupted (the connection is held
     * weakly: a closed or forgotten one is skipped).
     */
    public static Connection track(Connection connection) {
        CONNECTIONS.put(connection, Boolean.TRUE);
        return connection;
    }

    /** Runs {@code cancel} when the run is interrupted (and again while the hook waits): stops a child process. */
    public static Registration onInterrupt(Runnable cancel) {
        return register(CANCELLERS, cancel);
    }

    /**
     * Runs {@code stop} when an interrupted run did not end within {@link #GRACE} (its worker is stuck): stops an
     * embedded server that the run started, which the worker would otherwise have stopped itself.
     */
    public static Registration ifLeftRunning(Runnable stop) {
        return register(LEFT_RUNNING, stop);
    }

    private static Registration register(Map<Object, Runnable> into, Runnable action) {
        Object key = new Object();
        into.put(key, action);
        return () -> into.remove(key);
    }

    private static void onShutdown() {
        List<Run> waitingFor;
        synchronized (LOCK) {
            if (RUNS.isEmpty()) {
                return;
            }
            requested = true;
            LOCK.notifyAll();
            waitingFor = new ArrayList<>(RUNS);
        }
        List<Connection> working;
        synchronized (CONNECTIONS) {
            // the connections opened after this moment record the outcome: they are not cancelled
            working = new ArrayList<>(CONNECTIONS.keySet());
        }
        List<Runnable> stopping;
        synchronized (CANCELLERS) {
            // likewise the tools started after it (pg_ctl stopping the embedded server) are left to finish
            stopping = new ArrayList<>(CANCELLERS.values());
        }
        tell(
                waitingFor,
                "Interrupted (SIGINT or SIGTERM): stopping this run (a running statement is cancelled and"
                        + " rolled back, a running tool is stopped) and waiting for it to say what was and was not done (at"
                        + " most " + GRACE.toSeconds() + " s; a second Ctrl-C does not make it faster)");
        long deadline = System.nanoTime() + GRACE.toNanos();
        synchronized (LOCK) {
            while (!RUNS.isEmpty() && System.nanoTime() < deadline) {
                cancelAll(noticed ? List.of() : working, stopping);
                try {
                    LOCK.wait(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (RUNS.isEmpty()) {
                return;
            }
            waitingFor = new ArrayList<>(RUNS);
        }
        tell(
                waitingFor,
                "The interrupted run did not end within " + GRACE.toSeconds() + " s; stopping the embedded"
                        + " server it started and exiting (the server rolls back what was not committed)");
        List<Runnable> stops;
        synchronized (LEFT_RUNNING) {
            stops = new ArrayList<>(LEFT_RUNNING.values());
        }
        stops.forEach(Interruption::quietly);
    }

    private static void tell(List<Run> runs, String message) {
        runs.stream().map(r -> r.log).distinct().forEach(log -> quietly(() -> log.accept(message)));
    }

    private static void cancelAll(List<Connection> connections, List<Runnable> stopping) {
        for (Connection c : connections) {
            quietly(() -> {
                try {
                    if (!c.isClosed()) {
                        c.unwrap(PGConnection.class).cancelQuery();
                    }
                } catch (SQLException e) {
                    // closed meanwhile, or not a PostgreSQL connection: nothing runs there to cancel
                }
            });
        }
        stopping.forEach(Interruption::quietly);
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // the hook must go on to the next cancellation whatever one of them does
        }
    }
}
