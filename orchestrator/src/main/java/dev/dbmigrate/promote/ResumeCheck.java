package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Before a promotion resumes an interrupted one, checks that each database is where the journal
 * ({@link PromotionState}) left it: its version is not below the version it had before that promotion (and, when the
 * promotion had not changed it yet, is that version), its history table still ends with the row the journal recorded
 * when the promotion last recorded its progress there, and it was not restored since. Only then are the versions the
 * journal would roll back to the right ones; otherwise the resume is refused and nothing is changed.
 */
final class ResumeCheck {
    private final PromotionState.Run run;

    ResumeCheck(PromotionState.Run run) {
        this.run = run;
    }

    /**
     * Fails, naming every difference found, what the journal says and what to do, unless both databases are where
     * the journal left them.
     */
    void require(MigrateSettings source, Database sourceDb, MigrateSettings target, Database targetDb) {
        List<String> problems = new ArrayList<>();
        problems.addAll(check(source, sourceDb, true));
        problems.addAll(check(target, targetDb, false));
        if (problems.isEmpty()) {
            return;
        }
        String schema = target.defaultSchema().replace("\"", "\"\"");
        throw new MigrateException(
                ErrorCode.REFUSED,
                "cannot resume the " + run.describe().replaceFirst("^promotion", "interrupted promotion")
                        + " (last recorded at " + run.updatedAt() + "): "
                        + String.join("; ", problems) + "; so the versions it would roll back to (" + run.from() + " "
                        + display(run.sourceBefore()) + ", " + run.to() + " " + display(run.targetBefore())
                        + ") are no longer right, and nothing was changed (see what changed them with migrate:history"
                        + " -Dmigrate.env=" + run.from() + " and migrate:history -Dmigrate.env=" + run.to()
                        + "; once both"
                        + " are as they should be, close the interrupted promotion in each database that lists it as"
                        + " running, with psql: update \"" + schema + "\"." + PromotionState.TABLE + " set status ="
                        + " 'abandoned' where run_id = '" + run.runId() + "' and status = 'running'; then run"
                        + " migrate:promote -Dmigrate.from=" + run.from() + " -Dmigrate.to=" + run.to() + " again)");
    }

    private List<String> check(MigrateSettings env, Database db, boolean source) {
        String name = env.env();
        String before = source ? run.sourceBefore() : run.targetBefore();
        boolean touched = PromotionPlan.stage(run.step(), run.from(), run.to())
                >= (source ? PromotionPlan.SOURCE_CHANGES : PromotionPlan.TARGET_CHANGES);
        boolean changing = run.step().equals("upgrade " + name) || run.step().equals("rollback " + name);
        PromotionState state = new PromotionState(env);
        Optional<PromotionState.Run> recorded = state.find(db, run.runId());
        Optional<PromotionState.Run> here = recorded.filter(r -> r.status().equals("running"));
        List<String> problems = new ArrayList<>();
        // a row brought back by a restore outside this tool says running, in an earlier step, while the other
        // database records the promotion's end; a run killed while recording its end ended in the step it was in
        recorded.filter(r -> !r.status().equals("running") && !r.step().startsWith(run.step() + ": "))
                .ifPresent(r -> problems.add(name + "'s journal records that promotion as " + r.status() + " (in step '"
                        + r.step() + "', at " + r.updatedAt() + "), so it did not die there"));
        try (Connection c = db.connect()) {
            String version = version(env, c);
            if (!touched && !same(version, before)) {
                problems.add(name + " is at version " + display(version) + ", but the journal says the interrupted"
                        + " promotion had not changed it yet and it was at version " + display(before));
            } else if (touched && before != null && (version == null || Versions.compare(version, before) < 0)) {
                problems.add(name + " is at version " + display(version) + ", below version " + before
                        + " that the journal says it had before the interrupted promotion began");
            }
            String mark = here.map(PromotionState.Run::historyMark).orElse(null);
            if (mark != null && !run.step().equals("rollback " + name)) {
                String newest = state.historyMark(c);
                boolean where = run.step().equals("upgrade " + name) ? state.holdsMark(c, mark) : newest.equals(mark);
                if (!where) {
                    problems.add(name + "'s history table ends with " + newest + ", but when the interrupted"
                            + " promotion last recorded its progress there it ended with " + mark);
                }
            }
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not read the history of " + name + " to check"
                            + " it before resuming the interrupted promotion " + run.runId() + ": "
                            + Messages.oneLine(e.getMessage()) + "; nothing was changed",
                    e);
        }
        String ownBackup = source ? run.sourceBackup() : run.targetBackup();
        state.restoredSince(db, here.map(PromotionState.Run::updatedAt).orElse(run.updatedAt()))
                .filter(r -> !(changing
                        && r.targetBackup() != null
                        && r.targetBackup().equals(ownBackup)))
                .ifPresent(r -> problems.add(name + " was " + r.step() + " at " + r.startedAt() + " by " + r.startedBy()
                        + ", after the interrupted promotion last recorded its progress"));
        return problems;
    }

    /** The newest successfully applied version in the history table, or null. */
    private static String version(MigrateSettings env, Connection c) throws SQLException {
        String newest = null;
        for (HistoryTable.Row row : new HistoryTable(env.defaultSchema(), env.table()).read(c)) {
            if (row.success()
                    && row.version() != null
                    && (newest == null || Versions.compare(row.version(), newest) > 0)) {
                newest = row.version();
            }
        }
        return newest;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : b != null && Versions.compare(a, b) == 0;
    }

    private static String display(String version) {
        return version == null ? "<none>" : version;
    }
}
