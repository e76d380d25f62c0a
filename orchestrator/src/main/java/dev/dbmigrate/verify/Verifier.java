package dev.dbmigrate.verify;

import dev.dbmigrate.config.EnvironmentProfile.VerifyQuery;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a profile's {@code verify} checks against a database, READ ONLY, and takes the database's statistics.
 *
 * <p>Every check runs in its own read-only transaction on one connection, with the statement timeout set for that
 * transaction, and the transaction is rolled back afterwards: verification never commits. A check fails when its
 * query fails (PostgreSQL's message is kept), when its result does not meet the expectation (the message shows the
 * first offending rows), or when it takes longer than its {@code budgetMs}. Failed checks are returned, not thrown:
 * the caller decides whether a failure stops a deployment.
 */
public final class Verifier {
    /** How many offending rows a failure message shows. */
    static final int SHOWN_ROWS = 3;

    private static final int SHOWN_VALUE_CHARS = 60;
    private static final int FETCH_SIZE = 1000;

    private Verifier() {}

    /**
     * Runs the checks, then collects the statistics of the managed schemas, reporting one line per check and a
     * summary line to the listener.
     *
     * @param db               the database to verify
     * @param checks           the checks, run in this order; may be empty
     * @param schemas          the managed schemas the statistics cover
     * @param statementTimeout PostgreSQL {@code statement_timeout} for each check's query, or {@code null} (or zero)
     *                         to keep the server's setting
     * @param listener         receives the progress lines
     * @return every check's outcome and the statistics
     * @throws MigrateException with {@link ErrorCode#CONNECTION} when the database cannot be
     *                          reached or the connection is lost; never for a failed check
     */
    public static VerificationResult run(
            Database db,
            List<VerifyQuery> checks,
            List<String> schemas,
            Duration statementTimeout,
            MigrateListener listener) {
        return run(db, checks, schemas, statementTimeout, listener, false);
    }

    /**
     * As {@link #run(Database, List, List, Duration, MigrateListener)}; with {@code afterRollback}, a check that reads
     * a table, column, function or schema the rolled-back version does not have yet counts as not applicable (passed,
     * saying so) instead of failed: checks are written for the new version, the rollback went back to the old one.
     */
    public static VerificationResult run(
            Database db,
            List<VerifyQuery> checks,
            List<String> schemas,
            Duration statementTimeout,
            MigrateListener listener,
            boolean afterRollback) {
        try (Connection connection = db.connect()) {
            // Set before auto-commit is turned off: inside the first check's transaction the rollback would undo it.
            // Should a COMMIT ever get through, the transaction after it starts read-only as well.
            try (Statement st = connection.createStatement()) {
                st.execute("SET SESSION default_transaction_read_only = on");
            }
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            List<CheckResult> results = new ArrayList<>();
            String role = connection.getMetaData().getUserName();
            for (VerifyQuery check : checks) {
                CheckResult result = runCheck(connection, check, statementTimeout, afterRollback, role);
                listener.on(result.event());
                results.add(result);
            }
            DatabaseStats stats;
            try {
                stats = DatabaseStats.collect(connection, schemas);
            } finally {
                connection.rollback();
            }
            VerificationResult result = new VerificationResult(results, stats);
            if (result.passed()) {
                listener.info(result.summary());
            } else {
                listener.warn(result.summary());
            }
            return result;
        } catch (SQLException e) {
            SqlFailure kind = SqlFailure.of(e);
            if (kind.preventsConnecting()) {
                throw ConnectionFailure.of(e, db.url().user());
            }
            // only the session's own set-up and its closing rollback run here; no check's query does
            throw new MigrateException(
                    kind.losesConnection() ? ErrorCode.CONNECTION : ErrorCode.INTERNAL,
                    "verify stopped: could not set up or end its read-only session: " + kind.description() + ": "
                            + Messages.oneLine(e.getMessage()) + "; nothing was changed (verify only reads)"
                            + fixOf(kind, e, db.url().user()),
                    e);
        }
    }

    private static String fixOf(SqlFailure kind, SQLException e, String role) {
        String fix =
                kind == SqlFailure.INSUFFICIENT_PRIVILEGE ? SqlFailure.privilegeFix(e, role, "SELECT") : kind.fix(role);
        return fix.isEmpty() ? "" : " (" + fix + ")";
    }

    /** The check's transaction reads only, within the environment's statement timeout. */
    private static void readOnly(Connection connection, Duration statementTimeout) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
        }
        if (statementTimeout != null && !statementTimeout.isZero()) {
            try (PreparedStatement st =
                    connection.prepareStatement("select set_config('statement_timeout', ?, true)")) {
                st.setString(1, statementTimeout.toMillis() + "ms");
                st.execute();
            }
        }
    }

    private static CheckResult runCheck(
            Connection connection, VerifyQuery check, Duration statementTimeout, boolean afterRollback, String role)
            throws SQLException {
        String expected = check.expectRows() != null ? rows(check.expectRows()) : check.expectEquals();
        long start = System.nanoTime();
        Outcome outcome;
        try {
            readOnly(connection, statementTimeout);
            String query = singleStatement(check.sql());
            try (Statement st = connection.createStatement()) {
                // With auto-commit off the driver reads through a cursor, so counting a large result stays small.
                st.setFetchSize(FETCH_SIZE);
                start = System.nanoTime();
                if (query == null) {
                    outcome = new Outcome(
                            false,
                            null,
                            "the SQL holds " + statementCount(check.sql())
                                    + "; a check must be exactly one query (select ...)");
                } else if (!st.execute(query)) {
                    outcome = new Outcome(
                            false, null, "the SQL returned no result set; a check must be a query" + " (select ...)");
                } else {
                    try (ResultSet rs = st.getResultSet()) {
                        outcome = evaluate(check, rs);
                    }
                }
            }
        } catch (SQLException e) {
            if (isConnectionLoss(e)) {
                throw lost(check, e);
            }
            if (afterRollback && SqlFailure.of(e) == SqlFailure.UNDEFINED_OBJECT) {
                outcome = new Outcome(
                        true, null, "not applicable after the rollback: " + Messages.oneLine(e.getMessage()));
            } else {
                outcome = new Outcome(
                        false,
                        null,
                        "query failed: " + Messages.oneLine(e.getMessage()) + hint(e, statementTimeout, role));
            }
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw lost(check, e);
        }
        Long budget = check.budgetMs();
        if (budget != null && durationMs > budget) {
            String over = "took " + durationMs + " ms, over its budget of " + budget + " ms";
            outcome = new Outcome(
                    false, outcome.actual(), outcome.message() + (outcome.passed() ? ", but " : "; also ") + over);
        }
        return new CheckResult(
                check.name(), outcome.passed(), expected, outcome.actual(), durationMs, budget, outcome.message());
    }

    /**
     * The check's one statement without its semicolon, or {@code null} when it holds none or several: a COMMIT in
     * front of a write would otherwise end the read-only transaction. SQL the splitter cannot read goes to
     * PostgreSQL unchanged, so the user gets PostgreSQL's own syntax error.
     */
    private static String singleStatement(String sql) {
        try {
            List<SqlStatement> statements = SqlScript.parse(sql);
            return statements.size() == 1 ? statements.get(0).sql() : null;
        } catch (IllegalArgumentException e) {
            return sql;
        }
    }

    private static String statementCount(String sql) {
        int n = SqlScript.parse(sql).size();
        return n == 0 ? "no statement" : n + " statements";
    }

    private record Outcome(boolean passed, String actual, String message) {}

    private static Outcome evaluate(VerifyQuery check, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        long rows = 0;
        String firstValue = null;
        List<String> shown = new ArrayList<>();
        while (rs.next()) {
            if (rows == 0) {
                firstValue = rs.getString(1);
            }
            if (shown.size() < SHOWN_ROWS) {
                shown.add(row(rs, meta));
            }
            rows++;
        }
        String rowsText = rows(rows);
        if (check.expectRows() != null) {
            long want = check.expectRows();
            if (rows == want) {
                return new Outcome(true, rowsText, rowsText + ", expected " + want);
            }
            return new Outcome(false, rowsText, "returned " + rowsText + ", expected " + want + firstRows(shown, rows));
        }
        if (check.expectEquals() != null) {
            String want = check.expectEquals();
            if (rows == 0) {
                return new Outcome(
                        false, "no rows", "returned no rows, expected one row with the value '" + want + "'");
            }
            if (rows > 1) {
                return new Outcome(
                        false,
                        rowsText,
                        "returned " + rowsText + ", expected one row with the value '" + want + "'"
                                + firstRows(shown, rows));
            }
            if (columns != 1) {
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnLabel(i));
                }
                return new Outcome(
                        false,
                        columns + " columns",
                        "returned one row with " + columns + " columns (" + String.join(", ", names)
                                + "), expected a single value '" + want + "'");
            }
            String actual = firstValue == null ? "null" : firstValue;
            if (actual.equals(want)) {
                return new Outcome(true, actual, "value '" + actual + "', expected '" + want + "'");
            }
            return new Outcome(false, actual, "returned '" + shorten(actual) + "', expected '" + want + "'");
        }
        return new Outcome(
                false,
                rowsText,
                "the check has no expectation (set expect: { rows: N } or" + " expect: { equals: \"VALUE\" })");
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static String row(ResultSet rs, ResultSetMetaData meta) throws SQLException {
        StringBuilder out = new StringBuilder("{");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (i > 1) {
                out.append(", ");
            }
            String value = rs.getString(i);
            out.append(meta.getColumnLabel(i)).append('=').append(value == null ? "null" : shorten(value));
        }
        return out.append('}').toString();
    }

    private static String firstRows(List<String> shown, long rows) {
        if (shown.isEmpty()) {
            return "";
        }
        String label = shown.size() == 1 ? "first row: " : "first " + shown.size() + " rows: ";
        return " (" + label + String.join("; ", shown) + (rows > shown.size() ? "; ..." : "") + ")";
    }

    private static String shorten(String value) {
        String line = value.replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= SHOWN_VALUE_CHARS ? line : line.substring(0, SHOWN_VALUE_CHARS - 3) + "...";
    }

    private static String hint(SQLException e, Duration statementTimeout, String role) {
        return switch (SqlFailure.of(e)) {
            case READ_ONLY -> " (verify runs its queries READ ONLY; nothing was changed)";
            case CANCELLED ->
                statementTimeout != null && !statementTimeout.isZero()
                        ? " (the statement timeout is " + statementTimeout.toMillis() + " ms)"
                        : "";
            case INSUFFICIENT_PRIVILEGE -> " (" + SqlFailure.privilegeFix(e, role, "SELECT") + ")";
            default -> "";
        };
    }

    /** Connection-level failures: the connection is gone, not the query wrong. */
    static boolean isConnectionLoss(SQLException e) {
        return SqlFailure.of(e).losesConnection();
    }

    private static MigrateException lost(VerifyQuery check, SQLException e) {
        return new MigrateException(
                ErrorCode.CONNECTION,
                "verify stopped: lost the connection"
                        + " to the database during check '" + check.name() + "': " + Messages.oneLine(e.getMessage())
                        + "; nothing was changed (verify only reads); check that the server is running, then run verify"
                        + " again",
                e);
    }
}
