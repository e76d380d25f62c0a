package dev.dbmigrate.engine;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.engine.DowngradePlan.Undo;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The downgrade command: undoes the newest applied migrations with their undo scripts ({@link DowngradePlan}), under
 * the migration lock, each undo deleting its migration's history row and writing its audit entry in its own
 * transaction ({@link UndoRun}). Refuses before changing anything when an undo script is missing.
 */
final class Downgrade {
    private final CommandContext ctx;
    private final MigrateSettings settings;

    Downgrade(CommandContext ctx) {
        this.ctx = ctx;
        this.settings = ctx.settings;
    }

    /**
     * Undoes the newest applied migrations with their undo scripts: {@code steps} of them (default 1), or all above
     * {@code target}. Refuses before changing anything when an undo script is missing.
     */
    Results.Downgrade downgrade() {
        CompletableFuture<Connection> connecting = ctx.connectEarly(true);
        MigrationFiles files = ctx.scanWhile(connecting, "downgrade");
        if (connecting == null) {
            connecting = ctx.connectAsync(true);
        }
        Instant started = Instant.now();
        Map<Path, Supplier<List<SqlStatement>>> undoScripts = DowngradePlan.parseAll(files);
        try (Connection c = Background.join(connecting);
                MigrationLock lock = ctx.lock(c, "downgrade")) {
            List<MigrationInfo> info = new MigrationState(ctx).appliedMigrations(c);
            String from = CurrentVersion.of(info);
            if (info.stream().anyMatch(i -> "Failed".equalsIgnoreCase(i.state()))) {
                throw new MigrateException(
                        ErrorCode.REFUSED,
                        "downgrade refused: the history table "
                                + ctx.historyName() + " records a failed migration; nothing"
                                + " was changed (clean up its partial changes, run migrate:repair, then downgrade)");
            }
            List<MigrationInfo> plan = DowngradePlan.toUndo(
                    info, settings.options().target(), settings.options().steps());
            if (plan.isEmpty()) {
                ctx.listener.info("downgrade: nothing to undo; schema " + settings.defaultSchema() + " is at version "
                        + CommandContext.display(from));
                return new Results.Downgrade(from, from, List.of(), Duration.ZERO);
            }
            Map<MigrationInfo, Undo> scripts = DowngradePlan.undoScripts(
                    plan, files, undoScripts, ctx.locationsText(), DowngradePlan.again(settings, 0));
            ctx.listener.info("downgrade of schema " + settings.defaultSchema() + " from version "
                    + CommandContext.display(from) + ": undoing " + Messages.count(plan.size(), "migration"));
            ctx.applySessionSettings(c);
            AuditLog audit = ctx.auditLog();
            audit.ensureTable(c);
            UndoRun run = new UndoRun(ctx, c, audit, info, scripts);
            run.undo(plan);
            String to = run.versionNow();
            Duration total = Duration.between(started, Instant.now());
            ctx.listener.info("downgrade finished: "
                    + Messages.count(run.undone().size(), "migration")
                    + " undone in " + Messages.millis(total) + "; schema " + settings.defaultSchema()
                    + " went from version " + CommandContext.display(from) + " to " + CommandContext.display(to));
            return new Results.Downgrade(from, to, List.copyOf(run.undone()), total);
        } catch (SQLException e) {
            throw ctx.sqlFailure("downgrade", e);
        }
    }
}
