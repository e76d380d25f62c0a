package dev.dbmigrate.engine;

import dev.dbmigrate.config.LockRetries;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.engine.UpgradePlan.Pending;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The profile's {@code lockRetries} at run time, for one migration of the direct executor: a migration that failed on
 * the lock timeout (SQLSTATE 55P03) is tried again after a growing pause ({@link LockRetries#waitBefore}), up to the
 * profile's attempts, each retry reported ({@link MigrateEvent.MigrationRetried}).
 *
 * <p>A migration in a transaction was rolled back whole, so it runs again from its first statement. One that runs
 * outside a transaction resumes at the statement that failed (the ones before it are done); when that statement is a
 * {@code CREATE INDEX CONCURRENTLY}, the INVALID index it left is dropped first ({@link InvalidIndexes}). Without
 * {@code lockRetries}, or for any other failure, the migration fails at once, as it always did.
 */
final class LockRetry {
    /** One try of a migration from {@code statements} on (a script too large to hold reads itself again). */
    @FunctionalInterface
    interface Attempt {
        void run(List<SqlStatement> statements) throws ScriptRunner.StatementFailure;
    }

    /** The migration failed for good. */
    static final class GaveUp extends Exception {
        private final transient ScriptRunner.StatementFailure last;
        private final boolean partlyApplied;
        private final String retried;

        GaveUp(ScriptRunner.StatementFailure last, boolean partlyApplied, String retried) {
            super(last.getMessage(), last);
            this.last = last;
            this.partlyApplied = partlyApplied;
            this.retried = retried;
        }

        /** The last try's failure. */
        ScriptRunner.StatementFailure last() {
            return last;
        }

        /** Whether statements of the migration, run outside a transaction, stay done (it is recorded as failed). */
        boolean partlyApplied() {
            return partlyApplied;
        }

        /** What the lock timeout and the retries did, or {@code null} when the failure was not the lock timeout's. */
        String retried() {
            return retried;
        }
    }

    private final CommandContext ctx;
    private final Connection connection;
    private final LockRetries policy;

    LockRetry(CommandContext ctx, Connection connection) {
        this.ctx = ctx;
        this.connection = connection;
        this.policy = ctx.settings.profile().lockRetries();
    }

    /** Runs {@code m} with {@code attempt}, again after each lock timeout while attempts are left. */
    void run(Pending m, Attempt attempt, Runnable reset) throws GaveUp {
        long started = System.nanoTime();
        List<SqlStatement> all = m.streamed() == null ? m.statements() : List.of();
        InvalidIndexes indexes = indexesBefore(m, all);
        int from = 0;
        for (int retry = 0; ; retry++) {
            try {
                if (retry > 0 && from < all.size() && !Interruption.requested()) {
                    dropLeftIndex(m, indexes, all.get(from));
                }
                attempt.run(all.subList(from, all.size()));
                return;
            } catch (ScriptRunner.StatementFailure f) {
                reset.run();
                from = resumeAt(m, all, f, from);
                String why = whyNotAgain(m, all, f, from, retry);
                if (why != null) {
                    throw gaveUp(m, f, retry, started, indexes, from < all.size() ? all.get(from) : null, why);
                }
                pause(m, retry + 1);
            }
        }
    }

    /** The invalid indexes that exist before the migration runs, which are never dropped; null when none matter. */
    private InvalidIndexes indexesBefore(Pending m, List<SqlStatement> all) throws GaveUp {
        if (!policy.enabled() || !m.noTransaction()) {
            return null;
        }
        try {
            return InvalidIndexes.before(connection, all);
        } catch (SQLException e) {
            throw new GaveUp(new ScriptRunner.StatementFailure(null, e), false, null);
        }
    }

    /** Before a retry: drops the invalid index the statement left (a lock timeout here counts as the retry's). */
    private void dropLeftIndex(Pending m, InvalidIndexes indexes, SqlStatement statement)
            throws ScriptRunner.StatementFailure {
        if (indexes == null) {
            return;
        }
        try {
            String dropped = indexes.drop(connection, statement);
            if (dropped != null) {
                ctx.listener.info("Dropped the invalid index " + dropped + " that "
                        + m.file().script()
                        + " left when its CREATE INDEX CONCURRENTLY hit the lock timeout, before trying it again");
            }
        } catch (SQLException e) {
            throw new ScriptRunner.StatementFailure(statement, e);
        }
    }

    /** Where the next try starts: the first statement in a transaction, else the one that failed. */
    private static int resumeAt(Pending m, List<SqlStatement> all, ScriptRunner.StatementFailure f, int from) {
        if (!m.noTransaction()) {
            return 0;
        }
        if (f.statement() == null) {
            return all.size(); // its statements are done; its bookkeeping failed
        }
        for (int i = from; i < all.size(); i++) {
            if (all.get(i) == f.statement()) {
                return i;
            }
        }
        return from;
    }

    /** Why the migration is not tried again ({@code ""} when its attempts ran out), or {@code null} to retry. */
    private String whyNotAgain(
            Pending m, List<SqlStatement> all, ScriptRunner.StatementFailure f, int from, int retry) {
        if (!lockTimeout(f) || Interruption.requested()) {
            return "not the lock timeout";
        }
        if (m.noTransaction() && m.streamed() != null) {
            return "a script too large to hold that runs outside a transaction is not retried (its statements"
                    + " cannot be resumed where it stopped)";
        }
        String notRepeatable = from < all.size() ? InvalidIndexes.notRepeatable(all.get(from)) : null;
        if (m.noTransaction() && notRepeatable != null) {
            return notRepeatable;
        }
        return retry >= policy.attempts() ? "" : null;
    }

    private boolean lockTimeout(ScriptRunner.StatementFailure f) {
        return policy.enabled() && SqlFailure.of(f.sqlException()) == SqlFailure.LOCK_TIMEOUT;
    }

    private void pause(Pending m, int retry) {
        pause(ctx, m.file().versionText(), m.file().script(), lockTimeoutInForce(), retry);
    }

    /**
     * Reports retry {@code retry} of a migration, then waits its pause (cut short when the run is interrupted).
     *
     * @param lockTimeout the {@code lock_timeout} in force, for the report
     */
    static void pause(CommandContext ctx, String version, String script, String lockTimeout, int retry) {
        LockRetries policy = ctx.settings.profile().lockRetries();
        Duration wait = policy.waitBefore(retry);
        ctx.listener.on(
                new MigrateEvent.MigrationRetried(version, script, lockTimeout, retry, policy.attempts(), wait));
        long end = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toNanos(); left > 0 && !Interruption.requested(); left = end - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session's {@code lock_timeout} as PostgreSQL shows it ({@code 1s}); the profile's when it cannot say. */
    private String lockTimeoutInForce() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('lock_timeout')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            String profile = ctx.settings.profile().lockTimeout();
            return profile == null ? "unknown" : profile;
        }
    }

    /**
     * The migration's end: after a lock timeout, the invalid index its statement left is dropped (or named, when the
     * lock is still held), and the failure says how often it was tried over how long.
     */
    private GaveUp gaveUp(
            Pending m,
            ScriptRunner.StatementFailure f,
            int retries,
            long started,
            InvalidIndexes indexes,
            SqlStatement at,
            String why) {
        boolean ranOutside = m.noTransaction() && f.statement() != null;
        if (!lockTimeout(f)) {
            return new GaveUp(f, ranOutside, null);
        }
        StringBuilder text = new StringBuilder(retried(policy, lockTimeoutInForce(), retries, started));
        if (!why.isEmpty()) {
            text.append(retries > 0 ? " and not further: " : " and was not retried: ")
                    .append(why);
        }
        String left = at == null || indexes == null ? null : dropAtEnd(indexes, at, text);
        boolean firstStatement =
                at == null || m.statements() == null || m.statements().indexOf(at) <= 0;
        return new GaveUp(f, ranOutside && (!firstStatement || left != null), text.toString());
    }

    /**
     * {@code hit the lock timeout (lock_timeout 1s) on all 6 tries: retried 5 times over 62001 ms (lockRetries:
     * attempts 5, backoff 2s)}, or without the tries when there were none.
     */
    static String retried(LockRetries policy, String lockTimeout, int retries, long startedNanos) {
        String text = "hit the lock timeout (lock_timeout " + lockTimeout + ")";
        if (retries == 0) {
            return text;
        }
        return text + " on all " + (retries + 1) + " tries: retried " + Messages.count(retries, "time") + " over "
                + Messages.millis(Duration.ofNanos(System.nanoTime() - startedNanos)) + " (" + policy + ")";
    }

    /** Drops the invalid index {@code at} left; returns it when it could not be dropped. */
    private String dropAtEnd(InvalidIndexes indexes, SqlStatement at, StringBuilder text) {
        try {
            String dropped = indexes.drop(connection, at);
            if (dropped != null) {
                text.append("; the invalid index ").append(dropped).append(" it left was dropped");
            }
            return null;
        } catch (SQLException e) {
            String left;
            try {
                left = indexes.left(connection, at);
            } catch (SQLException again) {
                left = InvalidIndexes.created(at).name();
            }
            if (left == null) {
                return null;
            }
            text.append("; the invalid index ")
                    .append(left)
                    .append(" it left is still there (dropping it waits for"
                            + " the session that holds the lock: run DROP INDEX CONCURRENTLY IF EXISTS ")
                    .append(left)
                    .append(" once that session is gone)");
            return left;
        }
    }
}
