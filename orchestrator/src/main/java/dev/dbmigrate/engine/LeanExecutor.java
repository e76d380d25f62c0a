package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.engine.UpgradePlan.Pending;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The direct executor, the default {@link MigrationExecutor}: applies an {@link UpgradePlan} itself, on one
 * connection, as Flyway would but without its per-migration bookkeeping (Flyway re-reads the whole history table and
 * re-plans before every migration). Each migration runs through a {@link ScriptRunner} with its history row, in
 * Flyway's format, and its audit entry: in one transaction and one round trip when it can, else statement by
 * statement, recorded as failed when it fails, as Flyway records it. Quick migrations that can share a transaction
 * are committed in groups, with the outcome of one transaction each ({@link ScriptRunner#runTogether}).
 *
 * <p>The session is set up as Flyway sets up its own: the default schema first in the search path, before the
 * connection's own path; a script that changes its role or search path gets the original ones back before its history
 * row is written.
 */
final class LeanExecutor implements MigrationExecutor {
    private final CommandContext ctx;
    private final Connection connection;
    private final UpgradePlan plan;
    private final HistoryTable history;
    private final AuditLog audit;
    private final MigrateListener listener;
    /** The upgrade as it was run, to run again ({@link dev.dbmigrate.config.FixHint#rerun}). */
    private final String again;

    private UpgradeStatements statements;

    /** @param connection the connection the plan was read on, holding the migration lock */
    LeanExecutor(CommandContext ctx, Connection connection, UpgradePlan plan) {
        this.ctx = ctx;
        this.connection = connection;
        this.plan = plan;
        this.again = FixHint.rerun(ctx.settings, "upgrade");
        this.history = ctx.historyTable();
        this.audit = ctx.auditLog();
        this.listener = ctx.listener;
    }

    /** A migration failed: the migrations before it stay applied. */
    static final class Failure extends MigrateException {
        private final transient Step failed;

        Failure(String message, Throwable cause, Step failed) {
            super(ErrorCode.MIGRATION_FAILED, message, cause);
            this.failed = failed;
        }

        Step failed() {
            return failed;
        }
    }

    /** The plan's migrations, applied on the connection the plan was read on. */
    @Override
    public Results.Upgrade apply(UpgradeRun run) throws SQLException {
        String from = plan.current();
        run.checkStart(
                from, plan.outOfOrder().stream().map(MigrationFile::script).toList());
        for (Pending p : plan.pending()) {
            if (p.empty()) {
                run.noteWithoutStatements(p.file());
            }
        }
        ctx.applySessionSettings(connection);
        try {
            apply(ctx.upgradeGroups(), (step, outcome) -> run.audit(step, outcome, null), run::applied);
        } catch (Failure failure) {
            ctx.writeAudit(List.of(run.audit(failure.failed(), "failed", failure.getMessage())));
            List<Step> applied = run.applied();
            if (Interruption.requested()) {
                throw Interrupted.of(
                        run.command(),
                        run.again(),
                        applied,
                        plan.pending().stream()
                                .map(p -> p.file().script())
                                .filter(script -> applied.stream()
                                        .noneMatch(a -> a.script().equals(script)))
                                .toList(),
                        Interrupted.versionAfter(from, applied),
                        failure);
            }
            throw run.stopped(failure, failure.failed().script());
        }
        return run.finished(from, Interrupted.versionAfter(from, run.applied()));
    }

    /**
     * Applies the plan's migrations in order.
     *
     * @param groups   how many migrations may share a commit
     * @param auditFor the audit entry of a migration (given its step and outcome)
     * @param applied  told of each migration once it is committed
     * @throws Failure when a migration fails (it was rolled back, or recorded as failed if it ran outside a
     *                 transaction)
     */
    private void apply(CommitGroups groups, BiFunction<Step, String, AuditEntry> auditFor, Consumer<Step> applied)
            throws SQLException {
        statements = UpgradeStatements.read(ctx, connection);
        connection.setAutoCommit(true);
        history.createIfMissing(connection);
        audit.ensureTable(connection);
        try (Statement s = connection.createStatement()) {
            for (String set : statements.session()) {
                s.execute(set);
            }
        }
        ScriptRunner runner = new ScriptRunner(connection, listener);
        List<Pending> pending = plan.pending();
        int rank = plan.nextRank();
        try {
            for (int i = 0; i < pending.size(); ) {
                // migrations that can share a transaction go in groups: one round trip and one commit for the
                // group, with the outcome of one transaction each (ScriptRunner.runTogether)
                int end = groups.end(pending, i, Pending::canShareATransaction);
                long t0 = System.nanoTime();
                try (SlowWork watch = SlowWork.watch(listener, running(pending.subList(i, end)), t0)) {
                    if (end == i + 1) {
                        applyAlone(runner, pending.get(i), rank, auditFor, applied, t0);
                    } else {
                        applyTogether(runner, pending.subList(i, end), rank, auditFor, applied, t0);
                    }
                } catch (OutOfMemoryError e) {
                    throw outOfMemory(pending.get(i), e, t0);
                }
                groups.took(System.nanoTime() - t0);
                rank += end - i;
                i = end;
            }
        } finally {
            runner.reset();
        }
    }

    private void applyAlone(
            ScriptRunner runner,
            Pending m,
            int rank,
            BiFunction<Step, String, AuditEntry> auditFor,
            Consumer<Step> applied,
            long t0)
            throws Failure {
        try {
            new LockRetry(ctx, connection)
                    .run(
                            m,
                            statements -> {
                                if (m.streamed() != null) {
                                    applyStreamed(runner, m, rank, auditFor, t0);
                                } else {
                                    runner.run(
                                            statements,
                                            m.noTransaction(),
                                            took -> bookkeeping(m, rank, took, auditFor, t0),
                                            t0);
                                }
                            },
                            runner::reset);
        } catch (LockRetry.GaveUp g) {
            if (g.partlyApplied()) {
                recordFailed(m, rank, t0);
            }
            throw failure(m, g.last(), g.retried(), t0);
        }
        applied.accept(step(m, t0));
    }

    /**
     * Applies a script too large to hold, reading it again as it is sent; its checksum, taken again on the way, must
     * be the one planned (and recorded), or the migration is rolled back.
     */
    private void applyStreamed(
            ScriptRunner runner, Pending m, int rank, BiFunction<Step, String, AuditEntry> auditFor, long t0)
            throws ScriptRunner.StatementFailure {
        try (ScriptReader reader = ScriptReader.open(m.file().path())) {
            new LargeScriptRunner(connection, runner)
                    .run(
                            SqlScript.stream(reader),
                            m.noTransaction(),
                            took -> {
                                if (reader.checksum() != m.checksum()) {
                                    throw new MigrateException(
                                            ErrorCode.VALIDATION,
                                            m.file().script() + " changed while it was"
                                                    + " being applied (its checksum was " + m.checksum()
                                                    + " when the upgrade started and is "
                                                    + reader.checksum() + " now); "
                                                    + (m.noTransaction()
                                                            ? "its statements ran outside a"
                                                                    + " transaction and stay done, but it is not recorded as applied"
                                                            : "it was rolled back and" + " is not applied")
                                                    + "; the migrations before it stay applied (leave the file alone"
                                                    + " while migrate runs, then run " + again + " again)");
                                }
                                return bookkeeping(m, rank, took, auditFor, t0);
                            },
                            t0);
        }
    }

    /**
     * A migration that did not fit in memory: its transaction is rolled back (or, if the connection cannot say, the
     * connection is closed, which rolls it back on the server), and the failure names the file and the heap.
     */
    private Failure outOfMemory(Pending m, OutOfMemoryError e, long t0) {
        try {
            connection.rollback();
        } catch (Throwable rollbackFailed) {
            try {
                connection.close();
            } catch (Throwable ignored) {
                // the server rolls back the transaction of a connection that is gone
            }
        }
        return new Failure(ScriptMemory.message(m.file().script(), "applying it"), e, step(m, t0));
    }

    /**
     * Applies a group of migrations in one transaction; each is told to {@code applied} with the server's time for
     * it, which its audit entry holds (the group went to the server at once, so the client cannot time them).
     */
    private void applyTogether(
            ScriptRunner runner,
            List<Pending> group,
            int firstRank,
            BiFunction<Step, String, AuditEntry> auditFor,
            Consumer<Step> applied,
            long t0)
            throws SQLException {
        List<ScriptRunner.Script> scripts = new ArrayList<>();
        String runId = null;
        for (int k = 0; k < group.size(); k++) {
            Pending m = group.get(k);
            int rank = firstRank + k;
            AuditEntry entry = auditFor.apply(step(m, t0), "success");
            runId = entry.runId();
            scripts.add(new ScriptRunner.Script(
                    m.statements(),
                    List.of(ScriptRunner.serverTimed(
                            (started, ms) -> statements.historySql(m, rank, ms, true),
                            (started, ms) -> audit.insertSql(entry, started, ms)))));
        }
        int committed = group.size();
        ScriptRunner.GroupFailure failure = null;
        try {
            runner.runTogether(scripts);
        } catch (ScriptRunner.GroupFailure f) {
            failure = f;
            committed = f.index();
        }
        runner.reset(); // reading the times back opens no transaction for the next group
        List<Long> millis = committed == 0 ? List.of() : audit.lastDurations(connection, runId, committed);
        for (int k = 0; k < committed; k++) {
            Pending m = group.get(k);
            applied.accept(new Step(
                    m.file().versionText(),
                    m.file().description(),
                    m.file().script(),
                    Duration.ofMillis(millis.get(k))));
        }
        if (failure != null) {
            throw failure(group.get(committed), failure.failure(), t0);
        }
    }

    /** What records an applied migration: its history row and audit entry (and the session put back first). */
    private List<String> bookkeeping(
            Pending m, int rank, String took, BiFunction<Step, String, AuditEntry> auditFor, long t0) {
        return statements.bookkeeping(m, rank, took, auditFor.apply(step(m, t0), "success"));
    }

    private Failure failure(Pending m, ScriptRunner.StatementFailure f, long t0) {
        return failure(m, f, null, t0);
    }

    /** @param retried what the lock timeout and its retries did ({@link LockRetry.GaveUp#retried()}), or null */
    private Failure failure(Pending m, ScriptRunner.StatementFailure f, String retried, long t0) {
        return new Failure(
                "migration " + m.file().script() + " failed" + (f.line() > 0 ? " at line " + f.line() : "") + ": "
                        + (retried == null ? "" : retried + ": ") + Messages.oneLine(f.getMessage()),
                f.sqlException(),
                step(m, t0));
    }

    /**
     * A migration that ran outside a transaction and failed is recorded as failed, as Flyway records it, so the next
     * upgrade stops until it is repaired.
     */
    private void recordFailed(Pending m, int rank, long t0) {
        try (Statement s = connection.createStatement()) {
            s.execute(statements.historySql(
                    m, rank, Long.toString(step(m, t0).duration().toMillis()), false));
        } catch (SQLException e) {
            listener.warn("could not record the failed migration " + m.file().script() + " in the history table "
                    + history.qualified() + ": " + Messages.oneLine(e.getMessage()));
        }
    }

    /** What a progress line says runs: one migration, or a group that commits together. */
    private static String running(List<Pending> group) {
        Pending first = group.get(0);
        if (group.size() == 1) {
            return "V" + first.file().versionText() + " " + first.file().description() + " ("
                    + first.file().script() + ")";
        }
        Pending last = group.get(group.size() - 1);
        return "V" + first.file().versionText() + " to V" + last.file().versionText() + " (" + group.size()
                + " migrations that commit together, " + first.file().script() + " to "
                + last.file().script()
                + "; each is listed once they have committed)";
    }

    private static Step step(Pending m, long t0) {
        return new Step(
                m.file().versionText(),
                m.file().description(),
                m.file().script(),
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
