package dev.dbmigrate.engine;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.engine.DowngradePlan.Undo;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One downgrade's undo scripts, run on the connection that holds the migration lock: each deletes its migration's
 * history row and writes its audit entry in its own transaction; quick ones go in groups, one round trip and one
 * commit for the group with the outcome of one transaction each ({@link ScriptRunner#runTogether}); slow ones still
 * commit one at a time.
 */
final class UndoRun {
    private final CommandContext ctx;
    private final MigrateListener listener;
    private final Connection connection;
    private final AuditLog audit;
    private final List<MigrationInfo> info;
    private final Map<MigrationInfo, Undo> scripts;
    private final String runId = UUID.randomUUID().toString();
    private final String history;
    private final List<Step> undone = new ArrayList<>();
    private final Set<Integer> undoneRanks = new HashSet<>();

    /**
     * @param info    the applied migrations
     * @param scripts the undo script of each migration to undo
     */
    UndoRun(
            CommandContext ctx,
            Connection connection,
            AuditLog audit,
            List<MigrationInfo> info,
            Map<MigrationInfo, Undo> scripts) {
        this.ctx = ctx;
        this.listener = ctx.listener;
        this.connection = connection;
        this.audit = audit;
        this.info = info;
        this.scripts = scripts;
        this.history = ctx.historyTable().qualified();
    }

    /** The undos committed so far, in order. */
    List<Step> undone() {
        return undone;
    }

    /** The version the database is at after what this run undid. */
    String versionNow() {
        return CurrentVersion.of(info.stream()
                .filter(i -> !undoneRanks.contains(i.installedRank()))
                .toList());
    }

    /** Undoes the plan's migrations, newest first; stops at the first that fails, what it undid before staying so. */
    void undo(List<MigrationInfo> plan) throws SQLException {
        ScriptRunner runner = new ScriptRunner(connection, listener);
        CommitGroups groups = ctx.groups();
        for (int i = 0; i < plan.size(); ) {
            int end = groups.end(
                    plan,
                    i,
                    m -> ScriptRunner.canShareATransaction(scripts.get(m).statements()));
            List<MigrationInfo> group = plan.subList(i, end);
            long t0 = System.nanoTime();
            Instant at = Instant.now();
            boolean noTransaction =
                    SqlScript.requiresNoTransaction(scripts.get(group.get(0)).statements());
            SlowWork watch = SlowWork.watch(listener, undoing(group), t0);
            try {
                undoGroup(runner, group, noTransaction, t0, at);
            } catch (ScriptRunner.StatementFailure | ScriptRunner.GroupFailure failure) {
                runner.reset();
                throw stopped(failure, group, noTransaction, plan.subList(i, plan.size()), t0, at);
            } finally {
                watch.close();
            }
            groups.took(System.nanoTime() - t0);
            i = end;
        }
        runner.reset();
    }

    private void undoGroup(ScriptRunner runner, List<MigrationInfo> group, boolean noTransaction, long t0, Instant at)
            throws SQLException, ScriptRunner.StatementFailure, ScriptRunner.GroupFailure {
        if (group.size() == 1) {
            MigrationInfo m = group.get(0);
            Undo undo = scripts.get(m);
            runner.run(
                    undo.statements(),
                    noTransaction,
                    took -> List.of(
                            "delete from " + history + " where installed_rank = " + m.installedRank(),
                            audit.insertSql(undoEntry(m, undo, at), "now()", took)),
                    t0);
            undone.add(undone(m, undo, Duration.ofNanos(System.nanoTime() - t0)));
        } else {
            runner.runTogether(group.stream()
                    .map(g -> new ScriptRunner.Script(
                            scripts.get(g).statements(),
                            List.of(
                                    "delete from " + history + " where installed_rank = " + g.installedRank(),
                                    ScriptRunner.serverTimed((start, ms) ->
                                            audit.insertSql(undoEntry(g, scripts.get(g), at), start, ms)))))
                    .toList());
            runner.reset(); // the read of the group's times opens no transaction for the next group
            undoneTogether(group);
        }
    }

    /**
     * The failure of an undo in {@code group}: the undos of the group before it are recorded, the failure is written
     * to the audit table and said with what was undone and what to do (as an interruption when one was asked for).
     *
     * @param rest the plan from the group on
     */
    private MigrateException stopped(
            Exception failure,
            List<MigrationInfo> group,
            boolean noTransaction,
            List<MigrationInfo> rest,
            long t0,
            Instant at)
            throws SQLException {
        ScriptRunner.StatementFailure e =
                failure instanceof ScriptRunner.GroupFailure g ? g.failure() : (ScriptRunner.StatementFailure) failure;
        int index = failure instanceof ScriptRunner.GroupFailure g ? g.index() : 0;
        undoneTogether(group.subList(0, index));
        MigrationInfo failed = group.get(index);
        MigrateException stopped =
                undoFailed(failed, scripts.get(failed), noTransaction && group.size() == 1, e, t0, at);
        if (Interruption.requested()) {
            return Interrupted.of(
                    "downgrade",
                    DowngradePlan.again(ctx.settings, undone.size()),
                    undone,
                    rest.subList(index, rest.size()).stream()
                            .map(p -> scripts.get(p).file().fileName())
                            .toList(),
                    versionNow(),
                    stopped);
        }
        return stopped;
    }

    /** What a progress line says runs: one undo script, or a group of them that commit together. */
    private String undoing(List<MigrationInfo> group) {
        String first = scripts.get(group.get(0)).file().fileName();
        return group.size() == 1
                ? "the undo of V" + group.get(0).version() + " (" + first + ")"
                : "the undo of V" + group.get(0).version() + " to V"
                        + group.get(group.size() - 1).version() + " ("
                        + group.size() + " undo scripts that commit together, " + first + " to "
                        + scripts.get(group.get(group.size() - 1)).file().fileName() + ")";
    }

    private AuditEntry undoEntry(MigrationInfo m, Undo undo, Instant at) {
        return CommandContext.auditEntry(
                runId,
                "downgrade",
                new Step(m.version(), m.description(), undo.file().fileName(), Duration.ZERO),
                "success",
                null,
                at);
    }

    /** Records a committed undo: its step, its rank, its line on the console. */
    private Step undone(MigrationInfo m, Undo undo, Duration took) {
        undoneRanks.add(m.installedRank());
        Step step = new Step(m.version(), m.description(), undo.file().fileName(), took);
        listener.on(new MigrateEvent.MigrationUndone(
                m.version(), m.description(), m.script(), undo.file().fileName(), took));
        return step;
    }

    /**
     * Records the undos of a committed group, each with the server's time for it, which its audit entry holds (the
     * group's statements went to the server together, so the client cannot time them one by one).
     */
    private void undoneTogether(List<MigrationInfo> group) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        List<Long> millis = audit.lastDurations(connection, runId, group.size());
        for (int k = 0; k < group.size(); k++) {
            undone.add(undone(group.get(k), scripts.get(group.get(k)), Duration.ofMillis(millis.get(k))));
        }
    }

    /** The failure of an undo script, written to the audit table: what failed, what was undone, what to do. */
    private MigrateException undoFailed(
            MigrationInfo m, Undo undo, boolean noTransaction, ScriptRunner.StatementFailure e, long t0, Instant at) {
        String cause = "undo script " + undo.file().fileName() + " failed"
                + (e.line() > 0 ? " at line " + e.line() : "") + ": " + Messages.oneLine(e.getMessage());
        Step failed = new Step(
                m.version(), m.description(), undo.file().fileName(), Duration.ofNanos(System.nanoTime() - t0));
        ctx.writeAudit(List.of(CommandContext.auditEntry(runId, "downgrade", failed, "failed", cause, at)));
        return new MigrateException(
                e.sqlException() != null && ConnectionFailure.isConnectionProblem(e.sqlException())
                        ? ErrorCode.CONNECTION
                        : ErrorCode.MIGRATION_FAILED,
                "downgrade stopped: " + cause + "; "
                        + (noTransaction
                                ? "it ran outside a transaction, so its statements before the failing"
                                        + " one stay done, and"
                                : "it was rolled back and")
                        + " version " + m.version()
                        + " stays applied; "
                        + (undone.isEmpty()
                                ? "nothing was undone before it"
                                : Messages.count(undone.size(), "migration") + " undone before it ("
                                        + String.join(
                                                ", ",
                                                undone.stream()
                                                        .map(Step::script)
                                                        .toList()) + ")")
                        + "; the database is at version " + CommandContext.display(versionNow())
                        + " (fix " + undo.file().fileName() + " and run "
                        + DowngradePlan.again(ctx.settings, undone.size())
                        + " again)",
                e);
    }
}
