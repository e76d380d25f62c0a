package dev.dbmigrate.trace;

import dev.dbmigrate.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a migration's statements in one transaction, as upgrade does, and after each one reads its own backend's locks
 * ({@code pg_locks}) and the file nodes of the relations that existed before; then rolls the transaction back, so that
 * the blocker rehearsal finds the same state (PostgreSQL's DDL is transactional). The time each write-stopping lock is
 * held runs from the start of the statement that took it to the end of the transaction, less the time the trace's own
 * reads of the catalog took in between.
 */
final class TransactionTrace {
    private final Connection c;
    private final Relations relations;

    TransactionTrace(Connection c, Relations relations) {
        this.c = c;
        this.relations = relations;
    }

    /** A partial trace: the statements that ran, and the one that failed ({@code line 3: ERROR: ...}) or null. */
    record Outcome(List<StatementTrace> statements, String failure) {}

    Outcome run(List<SqlStatement> statements) throws SQLException {
        int pid = Relations.pid(c);
        c.setAutoCommit(false);
        Set<LockTaken> held = new HashSet<>();
        Relations.FileNodes nodes = relations.fileNodesBefore();
        String timeout = Relations.lockTimeout(c);
        boolean exclusive = false;
        long measuring = 0; // the time the trace's own catalog reads took, which upgrade does not spend
        List<Step> steps = new ArrayList<>();
        String failure = null;
        try (Statement s = c.createStatement()) {
            for (SqlStatement statement : statements) {
                long t0 = System.nanoTime();
                try {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    failure = Trace.failure(statement, e);
                    break;
                }
                long t1 = System.nanoTime();
                List<LockTaken> taken = new ArrayList<>(relations.locks(c, pid));
                taken.removeAll(held);
                held.addAll(taken);
                Relations.FileNodes now = relations.fileNodes(c);
                steps.add(new Step(
                        statement,
                        t0 - measuring,
                        (t1 - t0) / 1_000_000,
                        taken,
                        relations.rewrites(nodes, now),
                        exclusive,
                        timeout));
                nodes = now;
                exclusive = exclusive || taken.stream().anyMatch(l -> l.mode() == LockMode.ACCESS_EXCLUSIVE);
                timeout = Relations.lockTimeout(c);
                measuring += System.nanoTime() - t1;
            }
        } finally {
            c.rollback();
        }
        long end = System.nanoTime() - measuring;
        return new Outcome(steps.stream().map(step -> step.trace(end)).toList(), failure);
    }

    /** One statement's measurements, before the end of its transaction is known. */
    private record Step(
            SqlStatement statement,
            long startNanos,
            long durationMs,
            List<LockTaken> taken,
            Relations.Rewrites rewrites,
            boolean afterAccessExclusive,
            String lockTimeout) {
        StatementTrace trace(long endNanos) {
            boolean strong = taken.stream().anyMatch(l -> l.mode().strong());
            return new StatementTrace(
                    statement.line(),
                    Trace.summary(statement),
                    durationMs,
                    taken,
                    rewrites.tables(),
                    rewrites.indexes(),
                    afterAccessExclusive,
                    lockTimeout,
                    strong ? (endNanos - startNanos) / 1_000_000 : 0,
                    null);
        }
    }
}
