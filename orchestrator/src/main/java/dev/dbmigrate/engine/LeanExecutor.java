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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Applies an {@link UpgradePlan} itself, on one connection, as Flyway would but without its per-migration
 * bookkeeping (Flyway re-reads the whole history table and re-plans before every migration). Each migration runs in
 * a transaction of its own together with its history row, in Flyway's format, and its audit entry, which go to the
 * server in one statement; a migration whose statements cannot run in a transaction runs statement by statement and
 * is recorded as failed when it fails, as Flyway records it. The session is set up as Flyway sets up its own: the
 * default schema first in the search path, before the connection's own path; a script that changes its role or
 * search path gets the original ones back before its history row is written.
 */
final class LeanExecutor {
    private final Connection connection;
    private final HistoryTable history;
    private final AuditLog audit;
    private final String defaultSchema;
    private final MigrateListener listener;

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
     * @param auditFor the audit entry of a migration that succeeded (given its step and outcome)
     * @param applied  told of each migration once it is committed
     * @throws Failure when a migration fails (it was rolled back, or recorded as failed if it ran outside a
     *                 transaction)
     */
    void apply(UpgradePlan plan, BiFunction<Step, String, AuditEntry> auditFor, Consumer<Step> applied)
            throws SQLException {
        String installedBy;
        String role;
        String searchPath;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select current_user, current_setting('search_path')")) {
            rs.next();
            installedBy = rs.getString(1);
            role = rs.getString(1);
            searchPath = rs.getString(2);
        }
        String flywayPath = flywaySearchPath(searchPath);
        connection.setAutoCommit(true);
        history.createIfMissing(connection);
        audit.ensureTable(connection);
        setSession(role, flywayPath);
        String record = "with history as (" + history.insertSql() + ") " + audit.insertSql();
        int rank = plan.nextRank();
        try (Statement s = connection.createStatement(); PreparedStatement insert = connection.prepareStatement(record)) {
            for (Pending m : plan.pending()) {
                connection.setAutoCommit(m.noTransaction());
                long t0 = System.nanoTime();
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
                        setSession(role, flywayPath); // the history row is written as the original role
                    }
                    Step step = step(m, t0);
                    bind(insert, rank, m, installedBy, step, true, auditFor.apply(step, "success"));
                    insert.executeUpdate();
                    if (!m.noTransaction()) {
                        connection.commit();
                    }
                    rank++;
                    applied.accept(step(m, t0));
                } catch (SQLException e) {
                    Step step = step(m, t0);
                    if (m.noTransaction()) {
                        recordFailure(rank, m, installedBy, step, current == null ? e : null);
                    } else {
                        rollbackQuietly();
                    }
                    int line = current == null ? 0 : current.line();
                    throw new Failure("migration " + m.file().script() + " failed"
                            + (line > 0 ? " at line " + line : "") + ": " + Messages.oneLine(e.getMessage()), e,
                            step);
                }
            }
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is gone; the caller reports the failure
            }
        }
    }

    /** Flyway's search path for migrations: the default schema, then the connection's own path. */
    private String flywaySearchPath(String original) {
        if (original.equals(defaultSchema) || original.startsWith(defaultSchema + ",")
                || original.startsWith(quote(defaultSchema) + ",")) {
            return original;
        }
        return original.isBlank() ? quote(defaultSchema) : quote(defaultSchema) + "," + original;
    }

    private void setSession(String role, String searchPath) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select set_config('role', ?, false),"
                + " set_config('search_path', ?, false)")) {
            s.setString(1, role);
            s.setString(2, searchPath);
            s.execute();
        }
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

    /**
     * A migration that ran outside a transaction and failed is recorded as failed, as Flyway records it, so the next
     * upgrade stops until it is repaired. When the statements all ran and only the recording failed, the row is not
     * attempted again (the connection is likely gone).
     */
    private void recordFailure(int rank, Pending m, String installedBy, Step step, SQLException recordingFailed) {
        if (recordingFailed != null) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement(history.insertSql())) {
            bindHistory(s, rank, m, installedBy, step, false);
            s.executeUpdate();
        } catch (SQLException e) {
            listener.warn("could not record the failed migration " + m.file().script() + " in the history table "
                    + history.qualified() + ": " + Messages.oneLine(e.getMessage()));
        }
    }

    private void bind(PreparedStatement s, int rank, Pending m, String installedBy, Step step, boolean success,
                      AuditEntry entry) throws SQLException {
        bindHistory(s, rank, m, installedBy, step, success);
        audit.bind(s, 10, entry);
    }

    private static void bindHistory(PreparedStatement s, int rank, Pending m, String installedBy, Step step,
                                    boolean success) throws SQLException {
        s.setInt(1, rank);
        s.setString(2, m.file().versionText());
        s.setString(3, m.file().description());
        s.setString(4, "SQL");
        s.setString(5, m.file().script());
        s.setInt(6, m.checksum());
        s.setString(7, installedBy);
        s.setInt(8, (int) step.duration().toMillis());
        s.setBoolean(9, success);
    }

    private static Step step(Pending m, long t0) {
        return new Step(m.file().version() == null ? null : m.file().versionText(), m.file().description(),
                m.file().script(), Duration.ofNanos(System.nanoTime() - t0));
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

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
