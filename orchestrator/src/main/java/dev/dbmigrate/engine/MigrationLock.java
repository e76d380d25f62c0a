package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlText;
import dev.dbmigrate.support.Messages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Serialises upgrades, downgrades, repairs, drops and baselines of one history table across processes with
 * PostgreSQL session-level advisory locks held on a connection of its own. The locks die with that connection, so a
 * run that is killed never leaves a stale lock behind. A run that finds a lock taken waits up to
 * {@code migrate.lockWait} and then fails naming the holder.
 *
 * <p>Two locks, always in this order: this project's own (one {@code migrate} run against another), then
 * {@linkplain HistoryTable#flywayLockKey Flyway's} on the same history table, so that an application that runs Flyway at start-up
 * (Spring Boot, say) cannot interleave its migrations with ours. Flyway takes that lock, with
 * {@code pg_try_advisory_xact_lock} in a transaction by default (or {@code pg_try_advisory_lock} with
 * {@code flyway.postgresql.transactional.lock=false}), around each migration it applies, and re-reads the history once
 * it holds it; both kinds conflict with the session lock held here. Only Flyway takes that lock besides us, and it
 * takes no other, so the fixed order cannot deadlock; and the wait polls with {@code pg_try_advisory_lock} on a
 * connection outside any transaction, so it holds nothing a waiting or running Flyway migration needs. Commands that
 * Flyway runs itself (its migrate, its baseline) take only {@linkplain #acquireBesideFlyway our own lock}: Flyway
 * takes its lock there itself, from a connection of its own, and would wait for ours until its retries ran out; they
 * first wait, without taking it, until no one holds Flyway's lock, since Flyway's own wait cannot be interrupted.
 *
 * <p>Every wait checks {@link Interruption#requested()} at each poll: a run interrupted (SIGINT, SIGTERM) while it
 * waits ends at once, says so, names the holder, and has changed nothing.
 */
public final class MigrationLock implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Connection connection;
    private final List<Long> keys;
    private final boolean ownsConnection;

    private MigrationLock(Connection connection, List<Long> keys, boolean ownsConnection) {
        this.connection = connection;
        this.keys = keys;
        this.ownsConnection = ownsConnection;
    }

    /**
     * Takes both locks for {@code schema.table}, on a connection of the lock's own.
     *
     * @param command what this run does (upgrade, downgrade, ...), shown to a run that has to wait for it
     * @param wait    how long to wait for another run to finish
     * @throws MigrateException (REFUSED) naming the holder when the wait runs out
     */
    public static MigrationLock acquire(
            Database database, String schema, String table, String command, Duration wait, MigrateListener listener) {
        return acquire(database.connect(), true, true, schema, table, command, wait, listener);
    }

    /**
     * Takes both locks on a connection the caller works on and keeps: releasing the locks leaves it open (and a
     * connection that dies releases the locks with it).
     */
    public static MigrationLock acquire(
            Connection c, String schema, String table, String command, Duration wait, MigrateListener listener) {
        return acquire(c, false, true, schema, table, command, wait, listener);
    }

    /**
     * Takes only this project's own lock, for a command that Flyway runs (its migrate, its baseline): Flyway takes its
     * own lock there itself, for each migration, and keeps other Flyway clients out with it.
     */
    public static MigrationLock acquireBesideFlyway(
            Database database, String schema, String table, String command, Duration wait, MigrateListener listener) {
        return acquire(database.connect(), true, false, schema, table, command, wait, listener);
    }

    private static MigrationLock acquire(
            Connection c,
            boolean owns,
            boolean flywayToo,
            String schema,
            String table,
            String command,
            Duration wait,
            MigrateListener listener) {
        String name = schema + "." + table;
        // beside Flyway, Flyway's lock is only waited for (Flyway takes it itself): Flyway's own wait for it cannot
        // be interrupted, this one can
        List<Long> keys = List.of(keyFor(schema, table), new HistoryTable(schema, table).flywayLockKey());
        List<Long> taken = new ArrayList<>();
        try {
            AdvisoryLocks.label(c, AdvisoryLocks.describeThisRun(command));
            long deadline = System.nanoTime() + wait.toNanos();
            for (long key : keys) {
                boolean flyways = key != keys.get(0);
                if (!take(
                        c,
                        key,
                        flywayToo || !flyways,
                        deadline,
                        wait,
                        listener,
                        flyways
                                ? "an application or client running Flyway on " + name + " to finish its migration"
                                : "another migration run on " + name + " to finish")) {
                    throw gaveUp(c, owns, taken, key, flyways, command, name, wait);
                }
                if (flywayToo || !flyways) {
                    taken.add(key);
                }
            }
            return new MigrationLock(c, List.copyOf(taken), owns);
        } catch (SQLException e) {
            throw failedWhileWaiting(c, owns, keys, taken, command, name, e);
        } catch (InterruptedException e) {
            release(c, taken);
            if (owns) {
                closeQuietly(c);
            }
            Thread.currentThread().interrupt();
            throw new MigrateException(
                    ErrorCode.INTERNAL,
                    command + " was interrupted while waiting for the" + " migration lock on " + name
                            + "; nothing was changed",
                    e);
        }
    }

    /** The wait for {@code key} timed out or was interrupted: the locks taken are released, the holder named. */
    private static MigrateException gaveUp(
            Connection c,
            boolean owns,
            List<Long> taken,
            long key,
            boolean flyways,
            String command,
            String name,
            Duration wait) {
        // an interrupted run's statements are no longer cancelled once it noticed: ask for the holder
        Interruption.noticed();
        String holder = AdvisoryLocks.holder(c, key);
        release(c, taken);
        if (owns) {
            closeQuietly(c);
        }
        if (Interruption.requested()) {
            return interrupted(command, flyways, holder, name, null);
        }
        return new MigrateException(
                ErrorCode.REFUSED,
                command + " gave up after waiting "
                        + wait.toSeconds() + " s for " + (flyways ? "Flyway's lock" : "the migration lock")
                        + " on " + name + ", held by " + holder + "; nothing was changed (let that "
                        + (flyways ? "Flyway migration" : "run") + " finish and try again, or wait longer with"
                        + " -Dmigrate.lockWait=30min; a run that was killed releases the lock with its"
                        + " connection)");
    }

    /** The connection failed while waiting, or the poll was cancelled by an interruption. */
    private static MigrateException failedWhileWaiting(
            Connection c,
            boolean owns,
            List<Long> keys,
            List<Long> taken,
            String command,
            String name,
            SQLException e) {
        Interruption.noticed();
        String holder = Interruption.requested() ? AdvisoryLocks.holder(c, keys.get(taken.size())) : null;
        release(c, taken);
        if (owns) {
            closeQuietly(c);
        }
        if (holder != null) {
            // the poll itself was cancelled by the interruption: not a connection problem
            return interrupted(command, taken.size() == 1, holder, name, e);
        }
        return new MigrateException(
                ErrorCode.CONNECTION,
                "could not take the migration lock on " + name + ": " + Messages.oneLine(e.getMessage()),
                e);
    }

    /**
     * A run interrupted (SIGINT, SIGTERM) while it waited for a lock: it held none of the locks it needs, so nothing
     * was changed.
     */
    private static MigrateException interrupted(
            String command, boolean flyways, String holder, String name, Throwable cause) {
        MigrateException e = new MigrateException(
                ErrorCode.INTERRUPTED,
                command + " interrupted (SIGINT or"
                        + " SIGTERM) while waiting for " + (flyways ? "Flyway's migration lock" : "the migration lock")
                        + " held by " + holder + " on " + name + "; nothing was changed (run " + FixHint.goal(command)
                        + " again once that "
                        + (flyways ? "Flyway migration" : "run") + " has finished)");
        if (cause != null) {
            // kept out of the message: Maven would append the cancelled poll's text, which reads as a fault
            e.addSuppressed(cause);
        }
        return e;
    }

    /**
     * Takes one lock (or, unless {@code takeIt}, waits until no one holds it), polling until the deadline; false when
     * it ran out, or at once when the run is interrupted (SIGINT, SIGTERM: the caller then reports the interruption,
     * not the timeout).
     */
    private static boolean take(
            Connection c,
            long key,
            boolean takeIt,
            long deadline,
            Duration wait,
            MigrateListener listener,
            String waitingFor)
            throws SQLException, InterruptedException {
        if (takeIt ? AdvisoryLocks.tryLock(c, key) : !AdvisoryLocks.isHeld(c, key)) {
            return true;
        }
        listener.info(
                "Waiting up to " + wait.toSeconds() + " s for " + waitingFor + ": " + AdvisoryLocks.holder(c, key));
        while (System.nanoTime() < deadline && !Interruption.requested()) {
            Thread.sleep(POLL.toMillis());
            if (Interruption.requested()) {
                return false;
            }
            if (takeIt ? AdvisoryLocks.tryLock(c, key) : !AdvisoryLocks.isHeld(c, key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statements that take both locks in a script (the dry-run plan, applied by psql) as {@link #acquire} takes
     * them on a connection the caller works on: this project's, then Flyway's, without waiting; a lock that is taken
     * stops the script (with {@code ON_ERROR_STOP}) before anything else runs, naming it. Released by
     * {@link #scriptUnlock}, or when the session ends.
     */
    static String scriptLock(String schema, String table) {
        String name = schema + "." + table;
        return "do $migrate$ begin"
                + " if not pg_try_advisory_lock(" + keyFor(schema, table) + ") then raise exception '%', "
                + SqlText.literal("another migration run holds the migration lock on " + name
                        + "; nothing was changed (run this script again once it has finished)")
                + "; end if;"
                + " if not pg_try_advisory_lock(" + new HistoryTable(schema, table).flywayLockKey()
                + ") then raise exception '%', "
                + SqlText.literal("an application or client running Flyway holds Flyway's lock on " + name
                        + "; nothing was changed (run this script again once its migration has finished)")
                + "; end if; end $migrate$";
    }

    /** The statement that releases the locks {@link #scriptLock} took, the last one first. */
    static String scriptUnlock(String schema, String table) {
        return "select pg_advisory_unlock(" + new HistoryTable(schema, table).flywayLockKey() + "), pg_advisory_unlock("
                + keyFor(schema, table) + ")";
    }

    static long keyFor(String schema, String table) {
        CRC32 crc = new CRC32();
        crc.update(("migrate:" + schema + "." + table).getBytes(StandardCharsets.UTF_8));
        return 0x6d69677200000000L | crc.getValue();
    }

    @Override
    public void close() {
        release(connection, keys);
        if (ownsConnection) {
            closeQuietly(connection);
        }
    }

    /** Releases the locks taken, the last one first. */
    private static void release(Connection c, List<Long> keys) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, keys.get(i));
                s.execute();
            } catch (SQLException ignored) {
                // closing the connection releases the lock anyway
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
