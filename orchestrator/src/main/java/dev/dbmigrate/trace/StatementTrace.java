package dev.dbmigrate.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * What one statement of a traced migration did, measured in a throwaway database.
 *
 * @param line                 the 1-based line where the statement starts in its file
 * @param sql                  the statement's first line, shortened: enough to recognise it
 * @param durationMs           how long it ran in the trace (without a blocking session)
 * @param locks                the locks it took on relations that existed before the migration, in the order of
 *                             {@code pg_locks}; a lock the transaction already held in that mode is not repeated
 * @param rewrote              the tables (and materialized views) that existed before and whose file node it changed:
 *                             it wrote them anew, with every row
 * @param rebuiltIndexes       the indexes that existed before and whose file node it changed
 * @param afterAccessExclusive whether it ran after an earlier statement of the same transaction took ACCESS EXCLUSIVE
 *                             on an existing relation: everything it takes is added to the time that lock is held
 * @param lockTimeout          the {@code lock_timeout} in force when it ran, as the server shows it ({@code 5s}), or
 *                             {@code 0} when none was
 * @param strongLockHeldMs     how long the strongest lock it took that stops writes ({@link LockMode#strong()}) was
 *                             held: from the statement's start to the end of its transaction; 0 when it took none
 * @param blocked              what it did in the blocker rehearsal behind a session that had read every table the
 *                             migration touches; {@code null} when it did not wait (or the rehearsal did not run)
 */
public record StatementTrace(
        int line,
        String sql,
        long durationMs,
        List<LockTaken> locks,
        List<String> rewrote,
        List<String> rebuiltIndexes,
        boolean afterAccessExclusive,
        String lockTimeout,
        long strongLockHeldMs,
        Blocked blocked) {

    public StatementTrace {
        locks = List.copyOf(locks);
        rewrote = List.copyOf(rewrote);
        rebuiltIndexes = List.copyOf(rebuiltIndexes);
    }

    /**
     * What it did, in one line: its time, its locks, how long its strongest lock was held, what it rewrote, and
     * whether it ran under an earlier ACCESS EXCLUSIVE lock.
     */
    public String summary() {
        StatementTrace s = this;
        List<String> parts = new ArrayList<>();
        parts.add(s.durationMs() + " ms");
        parts.add(
                s.locks().isEmpty()
                        ? "no lock on an existing relation"
                        : String.join(
                                ", ",
                                s.locks().stream().map(LockTaken::toString).toList()));
        if (s.strongLockHeldMs() > 0) {
            parts.add("its strongest lock held " + s.strongLockHeldMs() + " ms to the end of the transaction");
        }
        if (!s.rewrote().isEmpty()) {
            parts.add("rewrote " + String.join(", ", s.rewrote()));
        }
        if (!s.rebuiltIndexes().isEmpty()) {
            parts.add("rebuilt the indexes " + String.join(", ", s.rebuiltIndexes()));
        }
        if (s.afterAccessExclusive()) {
            parts.add("ran while an ACCESS EXCLUSIVE lock of an earlier statement was held");
        }
        return String.join("; ", parts);
    }

    /** Whether it took ACCESS EXCLUSIVE on an existing relation. */
    public boolean tookAccessExclusive() {
        return locks.stream().anyMatch(l -> l.mode() == LockMode.ACCESS_EXCLUSIVE);
    }

    /** Whether no lock timeout was in force when it ran. */
    public boolean withoutLockTimeout() {
        return lockTimeout == null || lockTimeout.equals("0");
    }

    /** The same statement with its blocker rehearsal's outcome. */
    StatementTrace withBlocked(Blocked outcome) {
        return new StatementTrace(
                line,
                sql,
                durationMs,
                locks,
                rewrote,
                rebuiltIndexes,
                afterAccessExclusive,
                lockTimeout,
                strongLockHeldMs,
                outcome);
    }

    /**
     * A statement that queued behind the reading session of the blocker rehearsal.
     *
     * @param behind      the tables whose reader it waited for (released, one by one, so that the migration went on)
     * @param waitedMs    how long it waited before the lock timeout ended the wait
     * @param sqlState    the SQLSTATE that ended it: {@code 55P03} (lock_not_available) when the timeout fired
     * @param lockTimeout the {@code lock_timeout} in force, as the server shows it ({@code 1s}); with
     *                    {@link Source#NONE}, the rehearsal's own probe ({@code 0} when the script turned it off)
     * @param source      where that timeout came from
     * @param strongest   the strongest lock the statement took in the trace, which decides what waits behind it while
     *                    it queues; null when it took none on an existing relation
     */
    public record Blocked(
            List<String> behind,
            long waitedMs,
            String sqlState,
            String lockTimeout,
            Source source,
            LockMode strongest) {
        public Blocked {
            behind = List.copyOf(behind);
        }

        /** Where the lock timeout in force came from. */
        public enum Source {
            /** The environment profile's {@code lockTimeout}. */
            PROFILE,
            /** A {@code SET lock_timeout} earlier in the migration. */
            SCRIPT,
            /** Neither: the rehearsal's own short probe; the environment would wait without end. */
            NONE
        }

        /** Whether an application would be stalled: nothing but the probe ended the wait. */
        public boolean wouldQueue() {
            return source == Source.NONE;
        }

        /** One line for a report, starting with what the statement did. */
        public String verdict() {
            String tables = String.join(", ", behind);
            if (wouldQueue()) {
                return "queued behind an open transaction that had read " + tables + " (no lock_timeout in force;"
                        + " the rehearsal ended the wait after " + waitedMs + " ms): it would queue behind an"
                        + " application's transaction and " + consequence();
            }
            return "waited " + waitedMs + " ms behind an open transaction that had read " + tables + ", then"
                    + " lock_timeout " + lockTimeout + " ("
                    + (source == Source.PROFILE ? "the profile's lockTimeout" : "set in the script")
                    + ") fired (SQLSTATE " + sqlState + "): the migration would fail instead of queueing";
        }

        /** What waits behind the queued statement: what its lock request conflicts with. */
        private String consequence() {
            if (strongest == null || strongest.blocksReads()) {
                return "block every query behind it";
            }
            if (strongest.strong()) {
                return "block every write behind it (" + strongest.words() + " lets reads through)";
            }
            return "hold up only other schema changes and VACUUM behind it (" + strongest.words() + " lets reads and"
                    + " writes through)";
        }
    }
}
