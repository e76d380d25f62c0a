package dev.dbmigrate.trace;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches another backend's relation locks from a second session while a statement that runs outside a transaction
 * ({@code CREATE INDEX CONCURRENTLY}) holds them: {@code pg_locks} is polled every fraction of a millisecond until
 * {@link #stop}. A lock held for less than one poll can escape it.
 */
final class LockWatcher {
    /** A pause between polls, short beside any lock a statement holds, that leaves the machine's cores to it. */
    private static final long POLL_PAUSE_NANOS = 200_000;

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

    /** Starts watching backend {@code pid} on {@code watching}, a session of its own. */
    static LockWatcher start(Connection watching, Relations relations, int pid) {
        LockWatcher watcher = new LockWatcher(watching, relations, pid);
        watcher.thread.start();
        return watcher;
    }

    private void poll() {
        try {
            while (running) {
                Set<LockTaken> now = relations.locks(watching, pid);
                synchronized (seen) {
                    seen.addAll(now);
                }
                LockSupport.parkNanos(POLL_PAUSE_NANOS);
            }
        } catch (SQLException e) {
            failed = e;
        }
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
