package dev.dbmigrate.engine;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * Serialises upgrades, downgrades, repairs and drops of one history table across processes with a PostgreSQL
 * session-level advisory lock held on a connection of its own. The lock dies with that connection, so a run that is
 * killed never leaves a stale lock behind. A run that finds the lock taken waits up to {@code migrate.lockWait} and
 * then fails naming the holder.
 */
public final class MigrationLock implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private final Connection connection;
    private final long key;
    private final boolean ownsConnection;

    private MigrationLock(Connection connection, long key, boolean ownsConnection) {
        this.connection = connection;
        this.key = key;
        this.ownsConnection = ownsConnection;
    }

    /**
     * Takes the lock for {@code schema.table}.
     *
     * @param command what this run does (upgrade, downgrade, ...), shown to a run that has to wait for it
     * @param wait    how long to wait for another run to finish
     * @throws MigrateException (REFUSED) naming the holder when the wait runs out
     */
    public static MigrationLock acquire(Database database, String schema, String table, String command,
                                        Duration wait, MigrateListener listener) {
        return acquire(database.connect(), true, schema, table, command, wait, listener);
    }

    /**
     * Takes the lock on a connection the caller works on and keeps: releasing the lock leaves it open (and a
     * connection that dies releases the lock with it).
     */
    public static MigrationLock acquire(Connection c, String schema, String table, String command, Duration wait,
                                        MigrateListener listener) {
        return acquire(c, false, schema, table, command, wait, listener);
    }

    private static MigrationLock acquire(Connection c, boolean owns, String schema, String table, String command,
                                         Duration wait, MigrateListener listener) {
        long key = keyFor(schema, table);
        try {
            AdvisoryLocks.label(c, AdvisoryLocks.describeThisRun(command));
            if (AdvisoryLocks.tryLock(c, key)) {
                return new MigrationLock(c, key, owns);
            }
            long deadline = System.nanoTime() + wait.toNanos();
            listener.info("Waiting up to " + wait.toSeconds() + " s for another migration run on " + schema + "."
                    + table + " to finish: " + AdvisoryLocks.holder(c, key));
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                if (AdvisoryLocks.tryLock(c, key)) {
                    return new MigrationLock(c, key, owns);
                }
            }
            String holder = AdvisoryLocks.holder(c, key);
            if (owns) {
                closeQuietly(c);
            }
            throw new MigrateException(ErrorCode.REFUSED, command + " gave up after waiting " + wait.toSeconds()
                    + " s for the migration lock on " + schema + "." + table + ", held by " + holder
                    + "; nothing was changed (let that run finish and try again, or wait longer with"
                    + " -Dmigrate.lockWait=30min; a run that was killed releases the lock with its connection)");
        } catch (SQLException e) {
            if (owns) {
                closeQuietly(c);
            }
            throw new MigrateException(ErrorCode.CONNECTION, "could not take the migration lock on " + schema + "."
                    + table + ": " + Messages.oneLine(e.getMessage()), e);
        } catch (InterruptedException e) {
            if (owns) {
                closeQuietly(c);
            }
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorCode.INTERNAL, command + " was interrupted while waiting for the"
                    + " migration lock on " + schema + "." + table + "; nothing was changed", e);
        }
    }

    static long keyFor(String schema, String table) {
        CRC32 crc = new CRC32();
        crc.update(("migrate:" + schema + "." + table).getBytes(StandardCharsets.UTF_8));
        return 0x6d69677200000000L | crc.getValue();
    }

    @Override
    public void close() {
        try (PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            s.setLong(1, key);
            s.execute();
        } catch (SQLException ignored) {
            // closing the connection releases the lock anyway
        }
        if (ownsConnection) {
            closeQuietly(connection);
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
