package dev.dbmigrate.engine;

import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One upgrade (or init) as either {@link MigrationExecutor} runs it: the files and scripts it was planned from, its
 * run id in the audit table, the migrations it applied so far, and what it says when it starts, applies a migration,
 * finishes or stops.
 */
final class UpgradeRun {
    private final CommandContext ctx;
    private final String command;
    private final MigrationFiles files;
    private final Map<Path, MigrationScript> scripts;
    private final String runId = UUID.randomUUID().toString();
    private final Instant started = Instant.now();
    private final List<Step> applied = new ArrayList<>();

    UpgradeRun(CommandContext ctx, String command, MigrationFiles files, Map<Path, MigrationScript> scripts) {
        this.ctx = ctx;
        this.command = command;
        this.files = files;
        this.scripts = scripts;
    }

    String command() {
        return command;
    }

    MigrationFiles files() {
        return files;
    }

    /** Every versioned file, read. */
    Map<Path, MigrationScript> scripts() {
        return scripts;
    }

    /** The migrations this run committed so far, in order. */
    List<Step> applied() {
        return applied;
    }

    /** The command as it was run, to run again. */
    String again() {
        return FixHint.rerun(ctx.settings, command);
    }

    /** The audit entry of one of this run's migrations. */
    AuditEntry audit(Step step, String outcome, String message) {
        return CommandContext.auditEntry(runId, command, step, outcome, message);
    }

    /** Refuses a target below the current version and unapplied migrations older than it; says what starts. */
    void checkStart(String from, List<String> outOfOrder) {
        String target = ctx.settings.options().target();
        if (target != null && !target.equals("latest") && from != null && Versions.compare(target, from) < 0) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    command + " -Dmigrate.target=" + target
                            + " is below the current version " + from + "; nothing was changed (to go back to " + target
                            + ", run migrate:downgrade -Dmigrate.target=" + target + ")");
        }
        if (!outOfOrder.isEmpty() && !ctx.settings.outOfOrder()) {
            boolean one = outOfOrder.size() == 1;
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    command + " refused: " + String.join(", ", outOfOrder)
                            + (one ? " is" : " are") + " older than the current version " + from
                            + " but " + (one ? "was" : "were") + " never applied (typically a branch"
                            + " merged after newer migrations ran); nothing was changed (apply "
                            + (one ? "it" : "them") + " with -Dmigrate.outOfOrder=true if "
                            + (one ? "it does" : "they do") + " not depend on the newer ones, or"
                            + " give " + (one ? "it" : "them") + " a newer version)");
        }
        ctx.listener.info(command + " of schema " + ctx.settings.defaultSchema() + " from version "
                + CommandContext.display(from) + (target == null ? "" : " to target " + target));
    }

    /** Real projects have comment-only migrations (a placeholder, a reverted change): valid, and worth a note. */
    void noteWithoutStatements(MigrationFile file) {
        ctx.listener.info("Note: " + file.fileName() + " holds no SQL statement (only comments or nothing); it will"
                + " be recorded as applied and changes nothing");
    }

    /** A migration committed: kept, and said on the console. */
    void applied(Step step) {
        applied.add(step);
        ctx.listener.on(
                new MigrateEvent.MigrationApplied(step.version(), step.description(), step.script(), step.duration()));
    }

    /** The run's result, and its summary line. */
    Results.Upgrade finished(String from, String to) {
        Duration total = Duration.between(started, Instant.now());
        String schema = ctx.settings.defaultSchema();
        if (applied.isEmpty()) {
            ctx.listener.info(command + " finished: schema " + schema + " is up to date at version "
                    + CommandContext.display(to) + "; no migration was pending (" + Messages.millis(total) + ")");
        } else {
            ctx.listener.info(command + " finished: " + Messages.count(applied.size(), "migration") + " applied in "
                    + Messages.millis(total) + "; schema " + schema + " went from version "
                    + CommandContext.display(from) + " to " + CommandContext.display(to));
        }
        return new Results.Upgrade(from, to, List.copyOf(applied), total);
    }

    /**
     * The failure of {@code script}: whether it was rolled back or recorded as failed (read from the history table),
     * what this run applied before it, the version the database is at, and what to do.
     */
    MigrateException stopped(MigrateException failure, String script) {
        String now;
        boolean failedRow;
        try (Connection c = ctx.database().connect()) {
            List<HistoryTable.Row> rows = ctx.historyTable().read(c);
            now = CurrentVersion.ofRows(rows);
            failedRow = rows.stream().anyMatch(r -> !r.success());
        } catch (SQLException | MigrateException e) {
            now = "unknown";
            failedRow = false;
        }
        StringBuilder m = new StringBuilder(command + " stopped: " + failure.getMessage() + "; ");
        if (failedRow) {
            m.append(script).append(" ran outside a transaction and is recorded as failed, partly applied; ");
        } else {
            m.append(script).append(" was rolled back and is not applied; ");
        }
        if (applied.isEmpty()) {
            m.append("no migration was applied before it; ");
        } else {
            m.append(Messages.count(applied.size(), "earlier migration"))
                    .append(" of this run stay")
                    .append(applied.size() == 1 ? "s" : "")
                    .append(" applied (")
                    .append(String.join(", ", applied.stream().map(Step::script).toList()))
                    .append("); ");
        }
        m.append("the database is at version ").append(CommandContext.display(now));
        if (ScriptMemory.isMemory(failure)) {
            return new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    m.append(" (")
                            .append(ScriptMemory.raise(command))
                            .append(")")
                            .toString(),
                    failure);
        }
        if (lockTimeout(failure)) {
            m.append(" (").append(lockFix(script, failedRow)).append(")");
            return new MigrateException(ErrorCode.MIGRATION_FAILED, m.toString(), failure);
        }
        m.append(" (fix ").append(script);
        if (failedRow) {
            m.append(", undo its partial changes, run ").append(FixHint.command(ctx.settings, "repair"));
        }
        m.append(" and run ").append(FixHint.rerun(ctx.settings, "upgrade")).append(" again)");
        return new MigrateException(ErrorCode.MIGRATION_FAILED, m.toString(), failure);
    }

    /** Whether {@code failure} was caused by the lock timeout (SQLSTATE 55P03), as far down as its causes go. */
    static boolean lockTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && SqlFailure.of(e) == SqlFailure.LOCK_TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    /** What to do when a migration could not take its lock in time: the blocking session, the retries, the hour. */
    private String lockFix(String script, boolean failedRow) {
        EnvironmentProfile profile = ctx.settings.profile();
        String file = "environments/" + profile.name() + ".yml";
        return "another session held a lock " + script + " needs: find it in pg_stat_activity (a long transaction"
                + " on the same table, often idle in transaction) and let it finish or end it with"
                + " pg_terminate_backend(pid); "
                + (profile.lockRetries().enabled()
                        ? "raise lockRetries (attempts, backoff) in " + file
                        : "add lockRetries: {attempts: 5, backoff: 2s} to " + file + " to retry it")
                + ", or run at a quieter time"
                + (failedRow ? "; drop its invalid index, run " + FixHint.command(ctx.settings, "repair") + "," : ";")
                + " then run " + FixHint.rerun(ctx.settings, "upgrade") + " again";
    }
}
