package dev.dbmigrate.engine;

import dev.dbmigrate.config.LockRetries;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.flyway.FlywayGateway;
import dev.dbmigrate.flyway.FlywayGateway.AppliedMigration;
import dev.dbmigrate.flyway.FlywayGateway.MigrationFailure;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The upgrade through Flyway's migrate ({@link FlywayGateway}): for what the direct executor leaves to Flyway, and for
 * every upgrade when {@link dev.dbmigrate.config.MigrateSettings.Executor#FLYWAY} is chosen. Flyway takes its own
 * lock, for each migration, on a connection of its own; this run holds the migration lock beside it.
 */
final class FlywayExecutor implements MigrationExecutor {
    private final CommandContext ctx;

    FlywayExecutor(CommandContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Results.Upgrade apply(UpgradeRun run) {
        List<AuditEntry> audit = new ArrayList<>();
        try (MigrationLock lock = ctx.lockBesideFlyway(run.command())) {
            ctx.historyBesideToolTables();
            FlywayGateway gateway = ctx.gateway(ctx.settings.options().target());
            List<MigrationInfo> before = gateway.info();
            String from = CurrentVersion.of(before);
            run.checkStart(
                    from,
                    MigrationState.outOfOrder(before).stream()
                            .map(MigrationInfo::script)
                            .toList());
            notePendingWithoutStatements(run, before);
            try {
                migrateWithRetries(run, gateway);
            } catch (MigrationFailure failure) {
                AppliedMigration failed = failure.failed();
                if (failed != null) {
                    audit.add(run.audit(
                            new Step(failed.version(), failed.description(), failed.script(), failed.duration()),
                            "failed",
                            failure.getMessage()));
                }
                ctx.writeAudit(audit);
                if (Interruption.requested()) {
                    throw interrupted(run, before, from, failure);
                }
                throw run.stopped(failure, failure.script());
            } catch (MigrateException e) {
                ctx.writeAudit(audit);
                if (Interruption.requested() && e.code() != ErrorCode.INTERRUPTED) {
                    // Flyway's own words for it (a callback that refused to start, a cancelled query) never reach
                    // the user: the same form as the default executor's
                    throw interrupted(run, before, from, e);
                }
                throw e;
            }
            String to = CurrentVersion.of(gateway.info());
            ctx.writeAudit(audit);
            return run.finished(from, to);
        }
    }

    /**
     * Flyway's migrate, run again after a migration failed on the lock timeout while the profile's {@code lockRetries}
     * allow (Flyway plans again from the history table: the migrations before it stay applied). Only a migration that
     * Flyway rolled back is retried: one that ran outside a transaction is recorded as failed by Flyway, which only a
     * repair clears.
     */
    private void migrateWithRetries(UpgradeRun run, FlywayGateway gateway) {
        LockRetries policy = ctx.settings.profile().lockRetries();
        long started = System.nanoTime();
        for (int retry = 0; ; retry++) {
            try {
                migrate(run, gateway);
                return;
            } catch (MigrationFailure failure) {
                if (!policy.enabled() || !UpgradeRun.lockTimeout(failure)) {
                    throw failure;
                }
                String lockTimeout = ctx.settings.profile().lockTimeout();
                String shown = lockTimeout == null ? "set on the server" : lockTimeout;
                if (retry >= policy.attempts() || Interruption.requested() || failedRow()) {
                    String retried = LockRetry.retried(policy, shown, retry, started);
                    throw failure.retold(
                            failure.getMessage().replaceFirst(": ", Matcher.quoteReplacement(": " + retried + ": ")));
                }
                AppliedMigration failed = failure.failed();
                LockRetry.pause(ctx, failed == null ? null : failed.version(), failure.script(), shown, retry + 1);
            }
        }
    }

    /** Whether the history table records a failed migration (Flyway's record of one run outside a transaction). */
    private boolean failedRow() {
        try (Connection c = ctx.database().connect()) {
            return ctx.historyTable().read(c).stream().anyMatch(r -> !r.success());
        } catch (SQLException e) {
            return true;
        }
    }

    /** Flyway's migrate, each migration's audit entry written in its own transaction. */
    private void migrate(UpgradeRun run, FlywayGateway gateway) {
        AuditLog auditLog = ctx.auditLog();
        gateway.migrate((done, connection) -> {
            Step step = new Step(done.version(), done.description(), done.script(), done.duration());
            try {
                auditLog.insert(connection, run.audit(step, "success", null));
            } catch (SQLException e) {
                throw new MigrateException(
                        ErrorCode.INTERNAL,
                        "could not record " + step.script()
                                + " in the audit table " + ctx.settings.defaultSchema() + "." + AuditLog.TABLE + ": "
                                + Messages.oneLine(e.getMessage()),
                        e);
            }
            run.applied(step);
        });
    }

    /** An interrupted upgrade through Flyway: what this run applied and which pending migrations it did not. */
    private static MigrateException interrupted(
            UpgradeRun run, List<MigrationInfo> before, String from, Throwable cause) {
        List<Step> applied = run.applied();
        return Interrupted.of(
                run.command(),
                run.again(),
                applied,
                before.stream()
                        .filter(m -> "Pending".equalsIgnoreCase(m.state())
                                && applied.stream().noneMatch(a -> a.script().equals(m.script())))
                        .map(MigrationInfo::script)
                        .toList(),
                Interrupted.versionAfter(from, applied),
                cause);
    }

    /** Notes each pending migration that holds no statement, as the direct executor does. */
    private static void notePendingWithoutStatements(UpgradeRun run, List<MigrationInfo> info) {
        for (MigrationInfo m : info) {
            if (!"Pending".equalsIgnoreCase(m.state()) || !m.versioned()) {
                continue;
            }
            var file = run.files().versionedFor(m.version());
            if (file.isEmpty()) {
                continue;
            }
            MigrationScript script = run.scripts().get(file.get().path());
            // a script that cannot be split is Flyway's to parse and report; the note is only a courtesy
            if (script != null && script.parseError() == null && script.statementCount() == 0) {
                run.noteWithoutStatements(file.get());
            }
        }
    }
}
