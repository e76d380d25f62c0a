package dev.dbmigrate.engine;

import dev.dbmigrate.audit.AuditEntry;
import dev.dbmigrate.audit.AuditLog;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.engine.UpgradePlan.Pending;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.flyway.HistoryTable;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.sql.SqlText;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies an {@link UpgradePlan} itself, on one connection, as Flyway would but without its per-migration
 * bookkeeping (Flyway re-reads the whole history table and re-plans before every migration).
 *
 * <p>A migration that can run in a transaction goes to the server in one round trip: its statements, its history row
 * in Flyway's format, its audit entry and the COMMIT, as one JDBC batch, so it commits or rolls back as a whole.
 * The server times the statements ({@code clock_timestamp() - now()}) for the history row. When the batch fails,
 * the transaction is rolled back and the failing statement is named from the driver's report; if the report does not
 * say which one it was, the migration is run again statement by statement, which either names it or applies the
 * migration after all (a transient failure).
 *
 * <p>A migration whose statements cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, ...) runs statement
 * by statement and is recorded as failed when it fails, as Flyway records it.
 *
 * <p>The session is set up as Flyway sets up its own: the default schema first in the search path, before the
 * connection's own path; a script that changes its role or search path gets the original ones back before its history
 * row is written.
 */
final class LeanExecutor {
    /** pgjdbc's report of a failed batch entry (the message is not translated in the default locale). */
    private static final Pattern BATCH_ENTRY = Pattern.compile("^Batch entry (\\d+) ");
    /** The server's time for the migration's statements so far, in milliseconds. */
    private static final String SERVER_MS = "(extract(epoch from clock_timestamp() - now()) * 1000)::int";
    private final Connection connection;
    private final HistoryTable history;
    private final AuditLog audit;
    private final String defaultSchema;
    private final MigrateListener listener;
    private String installedBy;
    private String restoreSession;

    LeanExecutor(Connection connection, HistoryTable history, AuditLog audit, String defaultSchema,
                 MigrateListener listener) {
        this.connection = connection;
        this.history = history;
        this.audit = audit;
        this.defaultSchema = defaultSchema;
        this.listener = listener;
    }

    /** A migration failed: the migrations before it stay applied. */
    static final class Failure extends MigrateException {
        private final transient Step failed;

        Failure(String message, SQLException cause, Step failed) {
            super(ErrorCode.MIGRATION_FAILED, message, cause);
            this.failed = failed;
        }

        Step failed() {
            return failed;
        }
    }

    /**
     * Applies the plan's migrations in order.
     *
     * @param auditFor the audit entry of a migration (given its step and outcome)
     * @param applied  told of each migration once it is committed
     * @throws Failure when a migration fails (it was rolled back, or recorded as failed if it ran outside a
     *                 transaction)
     */
    void apply(UpgradePlan plan, BiFunction<Step, String, AuditEntry> auditFor, Consumer<Step> applied)
            throws SQLException {
        String role;
        String searchPath;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select current_user, current_setting('search_path')")) {
            rs.next();
            installedBy = rs.getString(1);
            role = rs.getString(1);
            searchPath = flywaySearchPath(rs.getString(2));
        }
        restoreSession = "set role " + SqlText.identifier(role) + ";set search_path to " + searchPath;
        connection.setAutoCommit(true);
        history.createIfMissing(connection);
        audit.ensureTable(connection);
        try (Statement s = connection.createStatement()) {
            for (String set : restoreSession.split(";")) {
                s.execute(set);
            }
        }
        int rank = plan.nextRank();
        try (Statement s = connection.createStatement()) {
            for (Pending m : plan.pending()) {
                long t0 = System.nanoTime();
                if (m.noTransaction() || !inOneRoundTrip(s, m, rank, auditFor)) {
                    stepByStep(s, m, rank, auditFor, t0);
                }
                rank++;
                applied.accept(step(m, t0));
            }
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is gone; the caller reports the failure
            }
        }
    }

    /**
     * Runs a transactional migration as one batch ending in COMMIT.
     *
     * @return true when it was applied; false when it failed and the driver did not say where (it was rolled back)
     * @throws Failure naming the failing statement
     */
    private boolean inOneRoundTrip(Statement s, Pending m, int rank, BiFunction<Step, String, AuditEntry> auditFor)
            throws SQLException {
        long t0 = System.nanoTime();
        connection.setAutoCommit(false);
        s.clearBatch();
        for (SqlStatement statement : m.statements()) {
            s.addBatch(statement.sql());
        }
        if (changesSession(m)) {
            for (String set : restoreSession.split(";")) {
                s.addBatch(set);
            }
        }
        s.addBatch(record(m, rank, true, auditFor.apply(step(m, t0), "success"), SERVER_MS, "now()"));
        s.addBatch("commit");
        try {
            s.executeBatch();
            logWarnings(s.getWarnings());
            s.clearWarnings();
            return true;
        } catch (SQLException e) {
            rollbackQuietly();
            s.clearBatch();
            Matcher entry = BATCH_ENTRY.matcher(e.getMessage() == null ? "" : e.getMessage());
            if (!(e instanceof BatchUpdateException) || !entry.find()) {
                if (ConnectionFailure.isConnectionProblem(e)) {
                    throw failure(m, null, e, t0);
                }
                return false;
            }
            int index = Integer.parseInt(entry.group(1));
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw failure(m, index < m.statements().size() ? m.statements().get(index) : null, cause, t0);
        }
    }

    /** Runs a migration statement by statement: outside a transaction when it must, else in one. */
    private void stepByStep(Statement s, Pending m, int rank, BiFunction<Step, String, AuditEntry> auditFor, long t0)
            throws SQLException {
        connection.setAutoCommit(m.noTransaction());
        SqlStatement current = null;
        try {
            for (SqlStatement statement : m.statements()) {
                current = statement;
                s.execute(statement.sql());
                logWarnings(s.getWarnings());
                s.clearWarnings();
            }
            current = null;
            if (changesSession(m)) {
                for (String set : restoreSession.split(";")) {
                    s.execute(set);
                }
            }
            Step step = step(m, t0);
            s.execute(record(m, rank, true, auditFor.apply(step, "success"),
                    Long.toString(step.duration().toMillis()), "now()"));
            if (!m.noTransaction()) {
                connection.commit();
            }
        } catch (SQLException e) {
            if (m.noTransaction()) {
                if (current != null) {
                    recordFailed(s, m, rank, t0);
                }
            } else {
                rollbackQuietly();
            }
            throw failure(m, current, e, t0);
        }
    }

    private Failure failure(Pending m, SqlStatement statement, SQLException e, long t0) {
        int line = statement == null ? 0 : statement.line();
        return new Failure("migration " + m.file().script() + " failed" + (line > 0 ? " at line " + line : "")
                + ": " + Messages.oneLine(e.getMessage()), e, step(m, t0));
    }

    /**
     * A migration that ran outside a transaction and failed is recorded as failed, as Flyway records it, so the next
     * upgrade stops until it is repaired.
     */
    private void recordFailed(Statement s, Pending m, int rank, long t0) {
        try {
            s.execute(history.insertSql(rank, m.file().versionText(), m.file().description(), "SQL",
                    m.file().script(), m.checksum(), installedBy, Long.toString(step(m, t0).duration().toMillis()),
                    false));
        } catch (SQLException e) {
            listener.warn("could not record the failed migration " + m.file().script() + " in the history table "
                    + history.qualified() + ": " + Messages.oneLine(e.getMessage()));
        }
    }

    /** The history row and the audit entry of a migration, as one statement. */
    private String record(Pending m, int rank, boolean success, AuditEntry entry, String durationMs,
                          String startedAt) {
        return "with history as (" + history.insertSql(rank, m.file().versionText(), m.file().description(), "SQL",
                m.file().script(), m.checksum(), installedBy, durationMs, success) + ") "
                + audit.insertSql(entry, startedAt, durationMs);
    }

    /** Flyway's search path for migrations: the default schema, then the connection's own path. */
    private String flywaySearchPath(String original) {
        String schema = SqlText.identifier(defaultSchema);
        if (original.equals(defaultSchema) || original.startsWith(defaultSchema + ",")
                || original.startsWith(schema + ",")) {
            return original;
        }
        return original.isBlank() ? schema : schema + "," + original;
    }

    /** Whether a script may leave its session changed (a role or search path of its own) for the next one. */
    private static boolean changesSession(Pending m) {
        for (SqlStatement s : m.statements()) {
            String sql = s.sql().toLowerCase(Locale.ROOT);
            if (sql.contains("role") || sql.contains("search_path") || sql.contains("authorization")) {
                return true;
            }
        }
        return false;
    }

    private static Step step(Pending m, long t0) {
        return new Step(m.file().versionText(), m.file().description(), m.file().script(),
                Duration.ofNanos(System.nanoTime() - t0));
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
