package dev.dbmigrate.trace;

import dev.dbmigrate.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a migration whose statements cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, ...) as upgrade
 * does, each on its own, and watches each one's locks from a second session ({@link LockWatcher}); each commits as it
 * ends, so a lock is held as long as its statement runs.
 */
final class SingleStatementTrace {
    private final Connection c;
    private final Connection watching;
    private final Relations relations;

    SingleStatementTrace(Connection c, Connection watching, Relations relations) {
        this.c = c;
        this.watching = watching;
        this.relations = relations;
    }

    TransactionTrace.Outcome run(List<SqlStatement> statements) throws SQLException {
        int pid = Relations.pid(c);
        c.setAutoCommit(true);
        Relations.FileNodes nodes = relations.fileNodesBefore();
        List<StatementTrace> traced = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (SqlStatement statement : statements) {
                String timeout = Relations.lockTimeout(c);
                LockWatcher watcher = LockWatcher.start(watching, relations, pid);
                long t0 = System.nanoTime();
                SQLException error = null;
                try {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    error = e;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                List<LockTaken> locks = watcher.stop();
                if (error != null) {
                    return new TransactionTrace.Outcome(traced, Trace.failure(statement, error));
                }
                Relations.FileNodes now = relations.fileNodes(c);
                Relations.Rewrites rewrites = relations.rewrites(nodes, now);
                nodes = now;
                boolean strong = locks.stream().anyMatch(l -> l.mode().strong());
                traced.add(new StatementTrace(
                        statement.line(),
                        Trace.summary(statement),
                        ms,
                        locks,
                        rewrites.tables(),
                        rewrites.indexes(),
                        false,
                        timeout,
                        strong ? ms : 0,
                        null));
            }
        }
        return new TransactionTrace.Outcome(traced, null);
    }
}
