package dev.dbmigrate.engine;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings.Executor;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The plan command: what upgrade would run, as a psql script ({@link UpgradeScript}), planned exactly as upgrade
 * plans ({@link Upgrade#plan}, the same refusals) on a connection that is read-only from its first statement
 * ({@code default_transaction_read_only}), so the database cannot be changed by it; it takes no lock either.
 */
final class DryRun {
    static final String COMMAND = "plan";

    private final CommandContext ctx;

    DryRun(CommandContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Writes the plan to {@code out}.
     *
     * @param annotations lines to print above each migration's statements, by script or file name
     * @throws MigrateException when upgrade would refuse, or would leave the run to Flyway (whose statements cannot
     *                          be shown), or {@code out} cannot be written
     */
    Results.Plan plan(Map<String, List<String>> annotations, Writer out) {
        MigrationFiles files = ctx.scanFiles(COMMAND);
        Map<Path, MigrationScript> scripts = MigrationScript.readAll(files.versioned());
        try (Connection c = ctx.database().connect(false)) {
            try (Statement s = c.createStatement()) {
                s.execute("set default_transaction_read_only = on");
            }
            UpgradePlan plan = new Upgrade(ctx).plan(c, COMMAND, files, scripts);
            refuseFlyway(plan);
            new UpgradeRun(ctx, COMMAND, files, scripts)
                    .checkStart(
                            plan.current(),
                            plan.outOfOrder().stream()
                                    .map(MigrationFile::script)
                                    .toList());
            String to = plan.pending().isEmpty()
                    ? plan.current()
                    : plan.pending().get(plan.pending().size() - 1).file().versionText();
            new UpgradeScript(
                            ctx,
                            plan,
                            UpgradeStatements.read(ctx, c),
                            ctx.auditLog().ensureTableSql(c),
                            UUID.randomUUID().toString(),
                            annotations)
                    .write(out, DatabaseUrl.mask(ctx.database().url().display()), to);
            out.flush();
            return new Results.Plan(
                    plan.current(),
                    to,
                    plan.pending().stream().map(p -> p.file().script()).toList());
        } catch (SQLException e) {
            throw ctx.sqlFailure("read the database for the plan", e);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not write the plan: " + e.getMessage()
                            + "; the database was not changed (choose a writable -D" + MigrateProperty.OUTPUT.property()
                            + ")",
                    e);
        }
    }

    /** The plan shows the direct executor's statements; a run that Flyway's migrate would apply is refused. */
    private void refuseFlyway(UpgradePlan plan) {
        String reason = ctx.settings.executor() == Executor.FLYWAY
                ? "-D" + Executor.PROPERTY + "=flyway chooses Flyway's migrate"
                : plan.fallback();
        if (reason == null) {
            return;
        }
        throw new MigrateException(
                ErrorCode.REFUSED,
                COMMAND + " refused: upgrade would leave this run to Flyway's migrate (" + reason
                        + "), whose statements"
                        + " the plan cannot show; nothing was changed (the plan covers runs of the direct executor:"
                        + " plain SQL migrations without placeholders on a history Flyway's validate passes, into"
                        + " schemas that exist)");
    }
}
