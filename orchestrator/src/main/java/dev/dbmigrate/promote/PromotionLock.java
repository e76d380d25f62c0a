package dev.dbmigrate.promote;

import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps two promotions off one database: a session-level advisory lock, taken without waiting, on a connection whose
 * application name describes the run. A second promotion fails at once and names the first; the lock dies with the
 * connection, so a killed promotion never blocks the next one.
 */
public final class PromotionLock implements AutoCloseable {
    /** The advisory lock key of promotions (distinct from the upgrade/downgrade lock). */
    static final long KEY = 0x6d6967727072L; // "migrpr"

    private final Connection connection;

    private PromotionLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the promotion lock on {@code database}.
     *
     * @param description who is promoting what, shown to a second promotion (at most 63 characters are kept)
     * @throws MigrateException (REFUSED) naming the promotion in progress; (CONNECTION) naming the environment that
     *                          cannot be reached
     */
    public static PromotionLock acquire(Database database, String environment, String description) {
        Connection c;
        try {
            c = database.connect();
        } catch (MigrateException e) {
            // a promotion opens two databases: say which one cannot be reached
            throw new MigrateException(
                    e.code(),
                    "cannot reach " + environment + " (" + database.url().display() + "): " + e.getMessage(),
                    e);
        }
        try {
            AdvisoryLocks.label(c, description);
            if (AdvisoryLocks.tryLock(c, KEY)) {
                return new PromotionLock(c);
            }
            String holder = AdvisoryLocks.holder(c, KEY);
            c.close();
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "another promotion is in progress on " + environment
                            + " (" + database.url().display() + "): " + holder + "; nothing was changed (wait for it to"
                            + " finish and run promote again; a promotion that was killed releases its lock with its"
                            + " connection)");
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not take the promotion lock on " + environment + ": " + Messages.oneLine(e.getMessage()),
                    e);
        }
    }

    /** Whether some session holds the promotion lock on {@code database} now. */
    public static boolean isHeld(Database database) {
        try (Connection c = database.connect()) {
            return AdvisoryLocks.isHeld(c, KEY);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not check for a running promotion on "
                            + database.url().display() + ": " + Messages.oneLine(e.getMessage()),
                    e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing the connection releases the lock anyway
        }
    }
}
