package dev.dbmigrate.engine;

import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one script (a migration or an undo script) together with its bookkeeping (the history row, the audit entry)
 * on a connection the caller keeps.
 *
 * <p>A script that can run in a transaction goes to the server in one round trip: its statements, the bookkeeping
 * statements and COMMIT, as one JDBC batch, so it commits or rolls back as a whole. The server times the statements
 * ({@code clock_timestamp() - now()}) for the bookkeeping. When the batch fails, the transaction is rolled back and
 * the failing statement is named from the driver's report; if the report does not say which one it was, the script
 * is run again statement by statement, which either names it or applies the script after all (a transient
 * failure).
 *
 * <p>A script whose statements cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, ...) runs statement
 * by statement, its bookkeeping after it.
 */
final class ScriptRunner {
    /** pgjdbc's report of a failed batch entry (its message in the default, English locale). */
    private static final Pattern BATCH_ENTRY = Pattern.compile("^Batch entry (\\d+) ");
    /** The server's time for the transaction's statements so far, in milliseconds. */
    private static final String SERVER_MS = "(extract(epoch from clock_timestamp() - now()) * 1000)::int";
    private final Connection connection;
    private final MigrateListener listener;

    ScriptRunner(Connection connection, MigrateListener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    /**
     * A script failed: at {@code statement}, or (null) in its bookkeeping or at COMMIT. A transaction was rolled
     * back; statements that ran outside one stay done.
     */
    static final class StatementFailure extends Exception {
        private final transient SqlStatement statement;

        StatementFailure(SqlStatement statement, SQLException cause) {
            super(cause.getMessage(), cause);
            this.statement = statement;
        }

        /** The failing statement, or null when the bookkeeping or the commit failed. */
        SqlStatement statement() {
            return statement;
        }

        /** The line of the failing statement, or 0. */
        int line() {
            return statement == null ? 0 : statement.line();
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    /**
     * Runs a script and its bookkeeping.
     *
     * @param bookkeeping the statements that record the script, given the SQL expression of its duration in ms
     * @param startNanos  when the script started (for the duration of a script run outside a transaction)
     */
    void run(List<SqlStatement> statements, boolean noTransaction, Function<String, List<String>> bookkeeping,
             long startNanos) throws StatementFailure {
        if (noTransaction || !inOneRoundTrip(statements, bookkeeping)) {
            stepByStep(statements, noTransaction, bookkeeping, startNanos);
        }
    }

    /** @return true when applied; false when it failed and the driver did not say where (it was rolled back) */
    private boolean inOneRoundTrip(List<SqlStatement> statements, Function<String, List<String>> bookkeeping)
            throws StatementFailure {
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (SqlStatement statement : statements) {
                s.addBatch(statement.sql());
            }
            for (String sql : bookkeeping.apply(SERVER_MS)) {
                s.addBatch(sql);
            }
            s.addBatch("commit");
            try {
                s.executeBatch();
                logWarnings(s.getWarnings());
                return true;
            } catch (SQLException e) {
                rollbackQuietly();
                Matcher entry = BATCH_ENTRY.matcher(e.getMessage() == null ? "" : e.getMessage());
                if (e instanceof BatchUpdateException && entry.find()) {
                    int index = Integer.parseInt(entry.group(1));
                    SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                    throw new StatementFailure(index < statements.size() ? statements.get(index) : null, cause);
                }
                if (ConnectionFailure.isConnectionProblem(e)) {
                    throw new StatementFailure(null, e);
                }
                return false;
            }
        } catch (SQLException e) {
            throw new StatementFailure(null, e);
        }
    }

    private void stepByStep(List<SqlStatement> statements, boolean noTransaction,
                            Function<String, List<String>> bookkeeping, long startNanos) throws StatementFailure {
        SqlStatement current = null;
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(noTransaction);
            for (SqlStatement statement : statements) {
                current = statement;
                s.execute(statement.sql());
                logWarnings(s.getWarnings());
                s.clearWarnings();
            }
            current = null;
            String took = noTransaction ? Long.toString((System.nanoTime() - startNanos) / 1_000_000) : SERVER_MS;
            for (String sql : bookkeeping.apply(took)) {
                s.execute(sql);
            }
            if (!noTransaction) {
                connection.commit();
            }
        } catch (SQLException e) {
            if (!noTransaction) {
                rollbackQuietly();
            }
            throw new StatementFailure(current, e);
        }
    }

    /** Back to autocommit (for the caller's own statements between scripts). */
    void reset() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is gone; the caller reports the failure
        }
    }

    private void logWarnings(SQLWarning w) {
        for (; w != null; w = w.getNextWarning()) {
            listener.debug("DB: " + w.getMessage());
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the server rolls the transaction back by itself
        }
    }
}
