package dev.dbmigrate.engine;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.engine.UpgradePlan.Pending;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements the direct executor issues around the migrations' own, as text: the session it sets up (Flyway's
 * search path, the role to write the history as) and what records each applied migration (its history row in
 * Flyway's format and its audit entry). The one source of them: {@link LeanExecutor} runs them, and the dry-run plan
 * ({@link UpgradeScript}) prints them, so the two cannot drift apart.
 */
final class UpgradeStatements {
    private final HistoryTable history;
    private final AuditLog audit;
    private final String installedBy;
    private final List<String> restoreSession;

    private UpgradeStatements(CommandContext ctx, String role, String connectionSearchPath) {
        this.history = ctx.historyTable();
        this.audit = ctx.auditLog();
        this.installedBy = role;
        this.restoreSession = List.of(
                "set role " + SqlText.identifier(role),
                "set search_path to " + flywaySearchPath(ctx.settings.defaultSchema(), connectionSearchPath));
    }

    /**
     * Reads the session's role and search path, as the executor finds them on its connection (opened without the
     * managed search path) before it changes anything.
     */
    static UpgradeStatements read(CommandContext ctx, Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user, current_setting('search_path')")) {
            rs.next();
            return new UpgradeStatements(ctx, rs.getString(1), rs.getString(2));
        }
    }

    /** The role that runs the migrations and is recorded as {@code installed_by}. */
    String installedBy() {
        return installedBy;
    }

    /**
     * The statements that set the session up before the first migration (and put it back before the history row of
     * a script that changes it): the original role, and Flyway's search path.
     */
    List<String> session() {
        return restoreSession;
    }

    /**
     * What records an applied migration, in its transaction (or after it, for one that runs outside a transaction):
     * the session put back first when the script may have changed it, then its history row and audit entry in one
     * statement.
     *
     * @param took  the SQL expression of the migration's duration in milliseconds
     * @param entry the migration's audit entry (its start and duration are {@code now()} and {@code took})
     */
    List<String> bookkeeping(Pending m, int rank, String took, AuditEntry entry) {
        List<String> sql = new ArrayList<>();
        if (m.changesSettings()) {
            sql.addAll(restoreSession); // the history row is written as the original role
        }
        sql.add("with history as (" + historySql(m, rank, took, true) + ") " + audit.insertSql(entry, "now()", took));
        return sql;
    }

    /** The history row of a migration, as an {@code INSERT ... SELECT} without a {@code FROM}. */
    String historySql(Pending m, int rank, String took, boolean success) {
        return history.insertSql(
                rank,
                m.file().versionText(),
                m.file().description(),
                "SQL",
                m.file().script(),
                m.checksum(),
                installedBy,
                took,
                success);
    }

    /** Flyway's search path for migrations: the default schema, then the connection's own path. */
    private static String flywaySearchPath(String defaultSchema, String original) {
        String schema = SqlText.identifier(defaultSchema);
        if (original.equals(defaultSchema)
                || original.startsWith(defaultSchema + ",")
                || original.startsWith(schema + ",")) {
            return original;
        }
        return original.isBlank() ? schema : schema + "," + original;
    }
}
