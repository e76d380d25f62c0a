package dev.dbmigrate.engine;

import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.function.BiFunction;
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
 *
 * <p>Several scripts can also go together ({@link #runTogether}): one round trip and one COMMIT for all of them, with
 * the same outcome as one transaction each. When one fails, the group is rolled back, the scripts before the
 * failing one are run again and committed, and the failing one is tried on its own (it may have failed only for
 * sharing a transaction), so a failure leaves exactly what running them one at a time would have.
 */
final class ScriptRunner {
    /** pgjdbc's report of a failed batch entry (its message in the default, English locale). */
    static final Pattern BATCH_ENTRY = Pattern.compile("^Batch entry (\\d+) ");
    /** The server's time for the transaction's statements so far, in milliseconds. */
    static final String SERVER_MS = "(extract(epoch from clock_timestamp() - now()) * 1000)::int";
    /** Where a script of a group started: where the one before it in the transaction ended, or the transaction. */
    private static final String GROUP_MARK = "migrate.script_end";

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
    void run(
            List<SqlStatement> statements,
            boolean noTransaction,
            Function<String, List<String>> bookkeeping,
            long startNanos)
            throws StatementFailure {
        stopIfInterrupted(statements.isEmpty() ? null : statements.get(0));
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

    private void stepByStep(
            List<SqlStatement> statements,
            boolean noTransaction,
            Function<String, List<String>> bookkeeping,
            long startNanos)
            throws StatementFailure {
        SqlStatement current = null;
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(noTransaction);
            for (SqlStatement statement : statements) {
                current = statement;
                stopIfInterrupted(statement);
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

    /**
     * A script for {@link #runTogether}: its statements and its bookkeeping, which records its own start and
     * duration with {@link #serverTimed}.
     */
    record Script(List<SqlStatement> statements, List<String> bookkeeping) {}

    /** Script {@code index} of a group failed: the scripts before it are committed, it and the ones after it not. */
    static final class GroupFailure extends Exception {
        private final int index;

        GroupFailure(int index, StatementFailure cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        int index() {
            return index;
        }

        StatementFailure failure() {
            return (StatementFailure) getCause();
        }
    }

    /**
     * A bookkeeping statement for a script of a group, timed by the server: {@code statement} is given the SQL
     * expressions of the script's start and of its duration in milliseconds, and must be an {@code INSERT ... SELECT}
     * without a {@code FROM} (it gets one). The script's start is the end of the script before it in the same
     * transaction (the transaction's start for the first one), and its end the start of the next.
     */
    static String serverTimed(BiFunction<String, String, String> statement) {
        return serverTimed(null, statement);
    }

    /**
     * {@link #serverTimed(BiFunction)} with a second {@code INSERT ... SELECT} (without a {@code FROM}) in the same
     * statement, as a common table expression, given the same start and duration: two records of one script with
     * one clock reading.
     */
    static String serverTimed(
            BiFunction<String, String, String> alongside, BiFunction<String, String, String> statement) {
        String started = "migrate_t.started";
        String ms = "(extract(epoch from migrate_t.ended - migrate_t.started) * 1000)::bigint";
        return "with migrate_t as (select coalesce(nullif(current_setting('" + GROUP_MARK + "', true), '')"
                + "::timestamptz, now()) as started, clock_timestamp() as ended)"
                + (alongside == null
                        ? ""
                        : ", migrate_alongside as (" + alongside.apply(started, ms) + " from migrate_t)")
                + " " + statement.apply(started, ms)
                + " from migrate_t where set_config('" + GROUP_MARK + "', migrate_t.ended::text, true) is not null";
    }

    /**
     * Runs scripts that can each run in a transaction, in one transaction and one round trip, with the outcome of
     * running them one at a time: when script {@code i} fails, the group is rolled back, scripts {@code 0..i-1} are
     * run again and committed, script {@code i} is run on its own, and {@link GroupFailure} names it if it fails
     * again (else the scripts after it go on together). A failure the driver does not place (in the bookkeeping, at
     * COMMIT) runs the scripts one at a time, which places it.
     */
    void runTogether(List<Script> scripts) throws GroupFailure {
        if (scripts.isEmpty()) {
            return;
        }
        try {
            stopIfInterrupted(
                    scripts.get(0).statements().isEmpty()
                            ? null
                            : scripts.get(0).statements().get(0));
        } catch (StatementFailure f) {
            throw new GroupFailure(0, f);
        }
        int[] scriptOf = new int
                [scripts.stream()
                        .mapToInt(x -> x.statements().size() + x.bookkeeping().size())
                        .sum()];
        int[] statementOf = new int[scriptOf.length];
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(false);
            addBatch(s, scripts, scriptOf, statementOf);
            try {
                s.executeBatch();
                logWarnings(s.getWarnings());
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                Matcher m = BATCH_ENTRY.matcher(e.getMessage() == null ? "" : e.getMessage());
                int failed = e instanceof BatchUpdateException && m.find() ? Integer.parseInt(m.group(1)) : -1;
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                if (ConnectionFailure.isConnectionProblem(e) || ConnectionFailure.isConnectionProblem(cause)) {
                    throw new GroupFailure(0, new StatementFailure(null, e));
                }
                if (failed >= 0 && failed < scriptOf.length && statementOf[failed] >= 0) {
                    int i = scriptOf[failed];
                    runTogether(scripts.subList(0, i));
                    if (i == 0) {
                        throw new GroupFailure(
                                0,
                                new StatementFailure(scripts.get(0).statements().get(statementOf[failed]), cause));
                    }
                    // script i may have failed only for sharing a transaction with the ones before it (a new enum
                    // value used before it was committed): alone, it has the outcome it would have had alone
                    runAlone(scripts, i);
                    try {
                        runTogether(scripts.subList(i + 1, scripts.size()));
                    } catch (GroupFailure later) {
                        throw new GroupFailure(i + 1 + later.index(), later.failure());
                    }
                    return;
                }
            }
        } catch (SQLException e) {
            throw new GroupFailure(0, new StatementFailure(null, e));
        }
        for (int i = 0; i < scripts.size(); i++) {
            runAlone(scripts, i);
        }
    }

    /** Batches the scripts' statements and bookkeeping, then COMMIT; notes each entry's script and statement, or -1. */
    private static void addBatch(Statement s, List<Script> scripts, int[] scriptOf, int[] statementOf)
            throws SQLException {
        int entry = 0;
        for (int i = 0; i < scripts.size(); i++) {
            Script script = scripts.get(i);
            for (int k = 0; k < script.statements().size(); k++, entry++) {
                s.addBatch(script.statements().get(k).sql());
                scriptOf[entry] = i;
                statementOf[entry] = k;
            }
            for (String sql : script.bookkeeping()) {
                s.addBatch(sql);
                scriptOf[entry] = i;
                statementOf[entry++] = -1;
            }
        }
        s.addBatch("commit");
    }

    private void runAlone(List<Script> scripts, int i) throws GroupFailure {
        Script script = scripts.get(i);
        try {
            run(script.statements(), false, took -> script.bookkeeping(), System.nanoTime());
        } catch (StatementFailure f) {
            throw new GroupFailure(i, f);
        }
    }

    /** Whether a script can share a transaction with others: it needs one, and leaves no setting behind. */
    static boolean canShareATransaction(List<SqlStatement> statements) {
        return !SqlScript.requiresNoTransaction(statements) && !changesSettings(statements);
    }

    /** A statement that starts with SET or RESET (comments before it allowed). */
    private static final Pattern SETTING = Pattern.compile(
            "^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(?:set|reset)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * Whether a script may change a setting of its session or transaction (a role, a search path, {@code SET LOCAL},
     * {@code set_config}), which would carry over to the scripts after it: in the same session for the next script, in
     * the same transaction for the rest of a group.
     */
    static boolean changesSettings(List<SqlStatement> statements) {
        for (SqlStatement s : statements) {
            String sql = s.sql().toLowerCase(java.util.Locale.ROOT);
            if (sql.contains("role")
                    || sql.contains("search_path")
                    || sql.contains("authorization")
                    || sql.contains("set_config")
                    || SETTING.matcher(sql).find()) {
                return true;
            }
        }
        return false;
    }

    /** Back to autocommit (for the caller's own statements between scripts). */
    void reset() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is gone; the caller reports the failure
        }
    }

    void logWarnings(SQLWarning w) {
        for (; w != null; w = w.getNextWarning()) {
            listener.debug("DB: " + w.getMessage());
        }
    }

    /**
     * A run that was interrupted (SIGINT, SIGTERM) starts no new statement: it fails as a cancelled statement does
     * (SQLSTATE 57014), before {@code next}, and takes the same path.
     */
    private static void stopIfInterrupted(SqlStatement next) throws StatementFailure {
        if (Interruption.requested()) {
            Interruption.noticed();
            throw new StatementFailure(next, Interruption.asSqlException());
        }
    }

    void rollbackQuietly() {
        Interruption.noticed();
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the server rolls the transaction back by itself
        }
    }
}
