package dev.dbmigrate.trace;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches another backend's relation locks from a second session while a statement that runs outside a transaction
 * ({@code CREATE INDEX CONCURRENTLY}) holds them: {@code pg_locks} is polled every fraction of a millisecond until
 * {@link #stop}. So that a short build cannot escape the polls on a busy machine, the watching session holds a
 * snapshot taken before the statement starts: {@code CREATE INDEX CONCURRENTLY} (and {@code REINDEX CONCURRENTLY})
 * waits for older snapshots before it ends, still holding its lock, and the snapshot is let go as soon as a lock was
 * seen (or after {@link #HOLD_AT_MOST_NANOS}, for a statement that takes none). A lock of another statement held for less
 * than one poll can still escape.
 */
final class LockWatcher {
    /** A pause between polls, short beside any lock a statement holds, that leaves the machine's cores to it. */
    private static final long POLL_PAUSE_NANOS = 200_000;

    /** How long the snapshot is held when no lock shows: a statement that waits for none is not held up longer. */
    static final long HOLD_AT_MOST_NANOS = 2_000_000_000L;

    private final Connection watching;
    private final Relations relations;
    private final int pid;
    private final Set<LockTaken> seen = new LinkedHashSet<>();
    private volatile boolean running = true;
    private SQLException failed;
    private final Thread thread;

    private LockWatcher(Connection watching, Relations relations, int pid) {
        this.watching = watching;
        this.relations = relations;
        this.pid = pid;
        this.thread = new Thread(this::poll, "migrate-trace-lock-watcher");
        thread.setDaemon(true);
    }

    /**
     * Starts watching backend {@code pid} on {@code watching}, a session of its own: takes the snapshot first, so that
     * the statement started after this returns waits for it.
     */
    static LockWatcher start(Connection watching, Relations relations, int pid) throws SQLException {
        watching.setAutoCommit(false);
        watching.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = watching.createStatement()) {
            s.execute("select 1"); // the snapshot is taken by the transaction's first statement
        }
        LockWatcher watcher = new LockWatcher(watching, relations, pid);
        watcher.thread.start();
        return watcher;
    }

    private void poll() {
        long holdUntil = System.nanoTime() + HOLD_AT_MOST_NANOS;
        boolean holding = true;
        try {
            while (running) {
                Set<LockTaken> now = relations.locks(watching, pid);
                synchronized (seen) {
                    seen.addAll(now);
                }
                if (holding && (!now.isEmpty() || System.nanoTime() > holdUntil)) {
                    release();
                    holding = false;
                }
                LockSupport.parkNanos(POLL_PAUSE_NANOS);
            }
        } catch (SQLException e) {
            failed = e;
        } finally {
            if (holding) {
                try {
                    release();
                } catch (SQLException e) {
                    failed = failed == null ? e : failed;
                }
            }
        }
    }

    /** Lets the snapshot go: the watched statement may end. */
    private void release() throws SQLException {
        watching.commit();
        watching.setAutoCommit(true);
        watching.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    /** Stops watching; the locks seen, ordered by relation and mode. */
    List<LockTaken> stop() throws SQLException {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failed != null) {
            throw failed;
        }
        List<LockTaken> locks;
        synchronized (seen) {
            locks = new ArrayList<>(seen);
        }
        locks.sort(Comparator.comparing(LockTaken::relation).thenComparing(LockTaken::mode));
        return locks;
    }
}
