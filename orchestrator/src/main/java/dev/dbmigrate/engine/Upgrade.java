package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.Executor;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Background;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The upgrade and init commands: read every script, plan on one read of the history table under the migration lock,
 * refuse what Flyway would refuse (in this project's words), and hand the plan to a {@link MigrationExecutor}: the
 * direct one, unless the settings choose Flyway's or the plan leaves the run to Flyway.
 */
final class Upgrade {
    private final CommandContext ctx;
    private final MigrateSettings settings;

    Upgrade(CommandContext ctx) {
        this.ctx = ctx;
        this.settings = ctx.settings;
    }

    /** Applies every pending migration to an empty database; refuses an existing schema without history. */
    Results.Upgrade init() {
        MigrationFiles files = ctx.scanFiles("init");
        boolean history;
        boolean otherObjects;
        try (Connection c = ctx.database().connect()) {
            history = ctx.historyTable().exists(c);
            otherObjects = !history && CommandContext.holdsUserTables(c, settings.schemas(), settings.table());
        } catch (SQLException e) {
            throw ctx.sqlFailure("inspect the database", e);
        }
        String baseline = settings.options().baselineVersion();
        if (history) {
            ctx.listener.info("The history table " + ctx.historyName() + " exists already: applying what is pending");
        } else if (otherObjects) {
            if (baseline == null) {
                throw refusedExistingSchema("init");
            }
            ctx.listener.info("Recording version " + baseline + " as the baseline of the existing schema "
                    + settings.defaultSchema());
            try (MigrationLock lock = ctx.lockBesideFlyway("init")) {
                ctx.gateway(null).baseline();
            }
        }
        return upgrade(files, "init", null);
    }

    /** Applies pending migrations up to {@code target}, one transaction each. */
    Results.Upgrade upgrade() {
        CompletableFuture<Connection> connecting = ctx.connectEarly(false);
        return upgrade(ctx.scanWhile(connecting, "upgrade"), "upgrade", connecting);
    }

    /**
     * @param connecting the connection being opened for this upgrade, or null to open it now
     */
    private Results.Upgrade upgrade(MigrationFiles files, String command, CompletableFuture<Connection> connecting) {
        if (connecting == null) {
            connecting = ctx.connectAsync(false);
        }
        Map<Path, MigrationScript> scripts;
        try {
            // every script is read as UTF-8 before anything else: a file in another encoding stops here, changing
            // nothing
            scripts = MigrationScript.readAll(files.versioned());
        } catch (RuntimeException e) {
            connecting.thenAccept(CommandContext::closeQuietly);
            throw e;
        }
        UpgradeRun run = new UpgradeRun(ctx, command, files, scripts);
        try (Connection c = Background.join(connecting);
                MigrationLock lock = ctx.lock(c, command)) {
            UpgradePlan plan = plan(c, command, files, scripts);
            boolean flywayOnly = settings.executor() == Executor.FLYWAY;
            if (plan.fallback() == null && !flywayOnly) {
                return new LeanExecutor(ctx, c, plan).apply(run);
            }
            ctx.listener.debug("This run goes through Flyway's migrate: "
                    + (flywayOnly ? "-D" + Executor.PROPERTY + "=flyway" : plan.fallback()));
        } catch (SQLException e) {
            throw ctx.sqlFailure(command, e);
        }
        // Flyway's migrate takes its own connections and locks: after this connection and its lock are released
        return new FlywayExecutor(ctx).apply(run);
    }

    /** The plan, after refusing what neither executor may run (the dry run plans with it too). */
    UpgradePlan plan(Connection c, String command, MigrationFiles files, Map<Path, MigrationScript> scripts)
            throws SQLException {
        HistoryTable history = ctx.historyTable();
        List<HistoryTable.Row> rows = history.read(c);
        if (rows.isEmpty()
                && !history.exists(c)
                && CommandContext.holdsUserTables(c, settings.schemas(), settings.table())) {
            throw refusedExistingSchema(command);
        }
        ScriptChecks.beforeUpgrade(
                command, files, scripts, rows, settings.options().target());
        refuseDisagreements(command, files, scripts, rows);
        refuseUnknownTarget(command, files, rows);
        return UpgradePlan.of(
                files,
                scripts,
                rows,
                missingSchemas(c),
                settings.options().target(),
                settings.outOfOrder(),
                command,
                FixHint.rerun(settings, command));
    }

    /**
     * Refuses, before anything runs, what Flyway's migrate would refuse in its own words: a failed row in the history,
     * an applied migration whose file is gone (below the newest file).
     */
    private void refuseDisagreements(
            String command, MigrationFiles files, Map<Path, MigrationScript> scripts, List<HistoryTable.Row> rows) {
        List<HistoryCheck.Finding> blocking = HistoryCheck.blockingUpgrade(HistoryCheck.of(
                files,
                f -> scripts.containsKey(f.path()) ? scripts.get(f.path()).checksum() : HistoryCheck.checksumOf(f),
                rows,
                ctx.historyName(),
                ctx.locationsText(),
                settings));
        if (!blocking.isEmpty()) {
            boolean failed = blocking.stream().anyMatch(f -> f.kind() == HistoryCheck.Kind.FAILED);
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    command + " refused: "
                            + (failed ? "the history table records a failed migration: " : "")
                            + String.join(
                                    "; ",
                                    blocking.stream()
                                            .map(HistoryCheck.Finding::text)
                                            .toList())
                            + "; nothing was changed");
        }
    }

    /** Refuses a target version that no migration file and no history row has (Flyway would stop on it). */
    private void refuseUnknownTarget(String command, MigrationFiles files, List<HistoryTable.Row> rows) {
        String target = settings.options().target();
        if (target == null
                || target.equals("latest")
                || files.versionedFor(target).isPresent()
                || rows.stream()
                        .anyMatch(r ->
                                r.version() != null && r.success() && Versions.compare(r.version(), target) == 0)) {
            return;
        }
        MigrationFile newest = files.versioned().stream()
                .max(Comparator.comparing(MigrationFile::version, Versions::compare))
                .orElse(null);
        throw new MigrateException(
                ErrorCode.VALIDATION,
                command + " -Dmigrate.target=" + target
                        + ": no migration has version " + target + " ("
                        + (newest == null
                                ? "there are no versioned migrations in " + ctx.locationsText()
                                : "the newest is " + newest.versionText() + ", " + newest.script())
                        + "); nothing was changed (give"
                        + " the version of a migration file, or leave out -Dmigrate.target to apply every pending"
                        + " migration)");
    }

    /** The managed schemas that do not exist. */
    private List<String> missingSchemas(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select s from unnest(?::text[]) s"
                + " where not exists (select 1 from pg_namespace n where n.nspname = s)")) {
            s.setArray(1, c.createArrayOf("text", settings.schemas().toArray()));
            List<String> missing = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
            return missing;
        }
    }

    private MigrateException refusedExistingSchema(String command) {
        return new MigrateException(
                ErrorCode.REFUSED,
                command + " refused: schema"
                        + (settings.schemas().size() == 1 ? " " : "s ") + String.join(", ", settings.schemas())
                        + " already hold" + (settings.schemas().size() == 1 ? "s" : "")
                        + " tables but no history table "
                        + ctx.historyName() + "; nothing was changed (if the existing"
                        + " schema matches your migrations up to version N, run migrate:init -Dmigrate.baselineVersion=N to"
                        + " record it as the baseline and apply what comes after)");
    }
}
