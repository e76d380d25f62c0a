package dev.dbmigrate.engine;

import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * The {@link ScriptRunner} of a script too large to hold in memory: its statements are read from the file as they are
 * sent, a batch at a time, in the script's one transaction.
 */
final class LargeScriptRunner {
    private final Connection connection;
    private final ScriptRunner runner;

    LargeScriptRunner(Connection connection, ScriptRunner runner) {
        this.connection = connection;
        this.runner = runner;
    }

    /** The most statements of a streamed script sent in one round trip. */
    static final int STREAM_BATCH = 1000;
    /** The most characters of SQL of a streamed script sent in one round trip (2 MiB as Java holds them). */
    static final int STREAM_BATCH_CHARS = 1 << 20;

    /**
     * Runs a script too large to hold, its statements read as they are sent: in one transaction with its bookkeeping
     * (the statements in batches of at most {@link #STREAM_BATCH} statements or {@link #STREAM_BATCH_CHARS}
     * characters, one round trip each; the bookkeeping and COMMIT in the last), or, when it cannot run in a
     * transaction, statement by statement with its bookkeeping after it. Only one batch is held at a time.
     *
     * <p>A failure rolls the transaction back: a statement's failure as {@link ScriptRunner.StatementFailure}; a failure of
     * reading the script or of the bookkeeping (which may check that the file did not change) as it was thrown.
     */
    void run(
            SqlScript.Statements statements,
            boolean noTransaction,
            Function<String, List<String>> bookkeeping,
            long startNanos)
            throws ScriptRunner.StatementFailure {
        List<SqlStatement> batch = new ArrayList<>();
        SqlStatement current = null;
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(noTransaction);
            long chars = 0;
            for (SqlStatement statement = statements.next(); statement != null; statement = statements.next()) {
                if (noTransaction) {
                    current = statement;
                    s.execute(statement.sql());
                    runner.logWarnings(s.getWarnings());
                    s.clearWarnings();
                    continue;
                }
                batch.add(statement);
                s.addBatch(statement.sql());
                chars += statement.sql().length();
                if (batch.size() >= STREAM_BATCH || chars >= STREAM_BATCH_CHARS) {
                    s.executeBatch();
                    runner.logWarnings(s.getWarnings());
                    s.clearWarnings();
                    batch.clear();
                    chars = 0;
                }
            }
            current = null;
            String took = noTransaction
                    ? Long.toString((System.nanoTime() - startNanos) / 1_000_000)
                    : ScriptRunner.SERVER_MS;
            for (String sql : bookkeeping.apply(took)) {
                s.addBatch(sql);
            }
            if (!noTransaction) {
                s.addBatch("commit");
            }
            s.executeBatch();
            runner.logWarnings(s.getWarnings());
        } catch (SQLException e) {
            if (!noTransaction) {
                runner.rollbackQuietly();
            }
            Matcher entry = ScriptRunner.BATCH_ENTRY.matcher(e.getMessage() == null ? "" : e.getMessage());
            if (!noTransaction && e instanceof BatchUpdateException && entry.find()) {
                int index = Integer.parseInt(entry.group(1));
                current = index < batch.size() ? batch.get(index) : null;
            }
            throw new ScriptRunner.StatementFailure(current, e.getNextException() != null ? e.getNextException() : e);
        } catch (RuntimeException e) {
            if (!noTransaction) {
                runner.rollbackQuietly();
            }
            throw e;
        }
    }
}
