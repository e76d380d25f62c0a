package dev.dbmigrate.engine;

import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.support.Messages;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.config.ConnectionSource;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.flyway.FlywayGateway;
import dev.dbmigrate.flyway.FlywayGateway.AppliedMigration;
import dev.dbmigrate.flyway.FlywayGateway.MigrationFailure;
import dev.dbmigrate.flyway.FlywaySetup;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The everyday commands on one database: init, drop, upgrade, downgrade, history, current, validate, repair. The
 * Maven goals and the CLI verbs call these methods and nothing else. A Migrator opens its database (or starts the
 * embedded one) lazily and releases it on {@link #close()}.
 */
public final class Migrator implements AutoCloseable {
    /**
     * The JVM system property that, set to {@code flyway}, sends every upgrade through Flyway's migrate instead of the
     * lean executor: a diagnostic switch, to compare the two (the benchmark and the tests use it).
     */
    public static final String EXECUTOR_PROPERTY = "dbmigrate.executor";

    private final MigrateSettings settings;
    private final MigrateListener listener;
    private Database database;
    private final boolean ownsDatabase;

    /** A Migrator that opens (and on {@link #close()} releases) the settings' database. */
    public Migrator(MigrateSettings settings, MigrateListener listener) {
        this(settings, listener, null);
    }

    /**
     * A Migrator working on a database the caller opened and keeps open (the promotion pipeline shares one
     * {@link Database} per environment across its steps); {@code null} means "open your own".
     */
    public Migrator(MigrateSettings settings, MigrateListener listener, Database shared) {
        this.settings = settings;
        this.listener = listener;
        this.database = shared;
        this.ownsDatabase = shared == null;
    }

    /** Applies every pending migration to an empty database; refuses an existing schema without history. */
    public Results.Upgrade init() {
        MigrationFiles files = scanFiles("init");
        Database db = database();
        boolean history;
        boolean otherObjects;
        try (Connection c = db.connect()) {
            history = historyTable().exists(c);
            otherObjects = !history && holdsUserTables(c, settings.schemas(), settings.table());
        } catch (SQLException e) {
            throw sqlFailure("inspect the database", e);
        }
        String baseline = settings.options().baselineVersion();
        if (history) {
            listener.info("The history table " + settings.defaultSchema() + "." + settings.table()
                    + " exists already: applying what is pending");
        } else if (otherObjects) {
            if (baseline == null) {
                throw refusedExistingSchema("init");
            }
            listener.info("Recording version " + baseline + " as the baseline of the existing schema "
                    + settings.defaultSchema());
            try (MigrationLock lock = lockBesideFlyway(db, "init")) {
                gateway(null).baseline();
            }
        }
        return upgrade(files, "init", null);
    }

    /** Applies pending migrations up to {@code target}, one transaction each. */
    public Results.Upgrade upgrade() {
        CompletableFuture<Connection> connecting = connectEarly(false);
        return upgrade(scanWhile(connecting, "upgrade"), "upgrade", connecting);
    }

    /**
     * Starts opening the command's connection on another thread, so that it overlaps with finding, reading and
     * parsing the scripts (the first connection of a JVM, the driver's classes and authentication, costs about as
     * much as finding and reading 1,000 scripts); null when that would start the embedded server, which is started
     * only once the files are known to be there.
     */
    private CompletableFuture<Connection> connectEarly(boolean managedSearchPath) {
        if (database == null && settings.source() == ConnectionSource.EMBEDDED) {
            return null;
        }
        return connectAsync(database(), managedSearchPath);
    }

    private static CompletableFuture<Connection> connectAsync(Database db, boolean managedSearchPath) {
        return CompletableFuture.supplyAsync(() -> db.connect(managedSearchPath));
    }

    /** The migration files, found while the connection opens (closed again when they cannot be found). */
    private MigrationFiles scanWhile(CompletableFuture<Connection> connecting, String command) {
        try {
            return scanFiles(command);
        } catch (RuntimeException e) {
            if (connecting != null) {
                connecting.thenAccept(Migrator::closeQuietly);
            }
            throw e;
        }
    }

    /**
     * @param connecting the connection being opened for this upgrade, or null to open it now
     */
    private Results.Upgrade upgrade(MigrationFiles files, String command, CompletableFuture<Connection> connecting) {
        if (connecting == null) {
            connecting = connectAsync(database(), false);
        }
        Map<Path, UpgradePlan.Script> scripts;
        try {
            // every script is read as UTF-8 before anything else: a file in another encoding stops here, changing
            // nothing
            scripts = UpgradePlan.Script.readAll(files.versioned());
        } catch (RuntimeException e) {
            connecting.thenAccept(Migrator::closeQuietly);
            throw e;
        }
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        HistoryTable history = historyTable();
        try (Connection c = join(connecting); MigrationLock lock = MigrationLock.acquire(c, settings.defaultSchema(),
                settings.table(), command, settings.options().lockWait(), listener)) {
            List<HistoryTable.Row> rows = history.read(c);
            if (rows.isEmpty() && !history.exists(c) && holdsUserTables(c, settings.schemas(), settings.table())) {
                throw refusedExistingSchema(command);
            }
            ScriptChecks.beforeUpgrade(command, files, scripts, rows, settings.options().target());
            refuseDisagreements(command, files, scripts, rows);
            refuseUnknownTarget(command, files, rows);
            UpgradePlan plan = UpgradePlan.of(files, scripts, rows, missingSchemas(c), settings.options().target(),
                    settings.outOfOrder(), command, FixHint.rerun(settings, command));
            boolean flywayOnly = "flyway".equals(System.getProperty(EXECUTOR_PROPERTY));
            if (plan.fallback() == null && !flywayOnly) {
                return leanUpgrade(plan, c, command, runId, started);
            }
            listener.debug("This run goes through Flyway's migrate: "
                    + (flywayOnly ? "-D" + EXECUTOR_PROPERTY + "=flyway" : plan.fallback()));
        } catch (SQLException e) {
            throw sqlFailure(command, e);
        }
        return flywayUpgrade(files, scripts, command, runId, started);
    }

    /**
     * Refuses, before anything runs, what Flyway's migrate would refuse in its own words: a failed row in the history,
     * an applied migration whose file is gone (below the newest file).
     */
    private void refuseDisagreements(String command, MigrationFiles files, Map<Path, UpgradePlan.Script> scripts,
                                     List<HistoryTable.Row> rows) {
        List<HistoryCheck.Finding> blocking = HistoryCheck.blockingUpgrade(HistoryCheck.of(files,
                f -> scripts.containsKey(f.path()) ? scripts.get(f.path()).checksum() : HistoryCheck.checksumOf(f),
                rows, settings.defaultSchema() + "." + settings.table(), locationsText(), settings));
        if (!blocking.isEmpty()) {
            boolean failed = blocking.stream().anyMatch(f -> f.kind() == HistoryCheck.Kind.FAILED);
            throw new MigrateException(ErrorCode.REFUSED, command + " refused: "
                    + (failed ? "the history table records a failed migration: " : "")
                    + String.join("; ", blocking.stream().map(HistoryCheck.Finding::text).toList())
                    + "; nothing was changed");
        }
    }

    /** Refuses a target version that no migration file and no history row has (Flyway would stop on it). */
    private void refuseUnknownTarget(String command, MigrationFiles files, List<HistoryTable.Row> rows) {
        String target = settings.options().target();
        if (target == null || target.equals("latest") || files.versionedFor(target).isPresent()
                || rows.stream().anyMatch(r -> r.version() != null && r.success()
                && MigrationFiles.compareVersions(r.version(), target) == 0)) {
            return;
        }
        MigrationFile newest = files.versioned().stream()
                .max(Comparator.comparing(MigrationFile::version, MigrationFiles::compareVersions)).orElse(null);
        throw new MigrateException(ErrorCode.VALIDATION, command + " -Dmigrate.target=" + target
                + ": no migration has version " + target + " ("
                + (newest == null ? "there are no versioned migrations in " + locationsText()
                : "the newest is " + newest.versionText() + ", " + newest.script()) + "); nothing was changed (give"
                + " the version of a migration file, or leave out -Dmigrate.target to apply every pending"
                + " migration)");
    }

    private static Connection join(CompletableFuture<Connection> connecting) {
        try {
            return connecting.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    /** The plan's migrations, applied by the lean executor on the connection the plan was read on. */
    private Results.Upgrade leanUpgrade(UpgradePlan plan, Connection c, String command, String runId,
                                        Instant started) throws SQLException {
        String from = plan.current();
        checkStart(command, from, plan.outOfOrder().stream().map(MigrationFile::script).toList());
        for (UpgradePlan.Pending p : plan.pending()) {
            if (p.empty()) {
                noteWithoutStatements(p.file());
            }
        }
        List<Step> applied = new ArrayList<>();
        applySessionSettings(c);
        LeanExecutor executor = new LeanExecutor(c, historyTable(), new AuditLog(settings.defaultSchema()),
                settings.defaultSchema(), listener, FixHint.rerun(settings, "upgrade"));
        java.util.function.Consumer<Step> told = step -> {
            applied.add(step);
            listener.info("Applied " + label(step) + " in " + Messages.millis(step.duration()));
        };
        try {
            executor.apply(plan, groups(), (step, outcome) -> auditEntry(runId, command, step, outcome, null), told);
        } catch (LeanExecutor.Failure failure) {
            writeAudit(List.of(auditEntry(runId, command, failure.failed(), "failed", failure.getMessage())));
            if (Interruption.requested()) {
                throw Interrupted.of(command, FixHint.rerun(settings, command), applied,
                        plan.pending().stream().map(p -> p.file().script())
                        .filter(script -> applied.stream().noneMatch(a -> a.script().equals(script))).toList(),
                        Interrupted.versionAfter(from, applied), failure);
            }
            throw upgradeStopped(command, failure, failure.failed().script(), applied);
        }
        String to = from;
        for (Step step : applied) {
            if (to == null || MigrationFiles.compareVersions(step.version(), to) > 0) {
                to = step.version();
            }
        }
        return finished(command, from, to, applied, started);
    }

    /** The same upgrade through Flyway's migrate, for what the lean executor leaves to Flyway. */
    private Results.Upgrade flywayUpgrade(MigrationFiles files, Map<Path, UpgradePlan.Script> scripts, String command,
                                          String runId, Instant started) {
        Database db = database();
        List<AuditEntry> audit = new ArrayList<>();
        List<Step> applied = new ArrayList<>();
        // Flyway's migrate takes Flyway's lock itself, for each migration, on a connection of its own
        try (MigrationLock lock = lockBesideFlyway(db, command)) {
            FlywayGateway gateway = gateway(settings.options().target());
            List<MigrationInfo> before = gateway.info();
            String from = currentVersion(before);
            checkStart(command, from, outOfOrder(before).stream().map(MigrationInfo::script).toList());
            notePendingWithoutStatements(before, files, scripts);
            try {
                AuditLog auditLog = new AuditLog(settings.defaultSchema());
                gateway.migrate((done, connection) -> {
                    Step step = new Step(done.version(), done.description(), done.script(), done.duration());
                    try {
                        auditLog.insert(connection, auditEntry(runId, command, step, "success", null));
                    } catch (SQLException e) {
                        throw new MigrateException(ErrorCode.INTERNAL, "could not record " + step.script()
                                + " in the audit table " + settings.defaultSchema() + "." + AuditLog.TABLE + ": "
                                + Messages.oneLine(e.getMessage()), e);
                    }
                    applied.add(step);
                    listener.info("Applied " + label(step) + " in " + Messages.millis(step.duration()));
                });
            } catch (MigrationFailure failure) {
                AppliedMigration failed = failure.failed();
                if (failed != null) {
                    audit.add(auditEntry(runId, command, new Step(failed.version(), failed.description(),
                            failed.script(), failed.duration()), "failed", failure.getMessage()));
                }
                writeAudit(audit);
                if (Interruption.requested()) {
                    throw interruptedFlyway(command, FixHint.rerun(settings, command), before, applied, from, failure);
                }
                throw upgradeStopped(command, failure, failure.script(), applied);
            } catch (MigrateException e) {
                writeAudit(audit);
                if (Interruption.requested() && e.code() != ErrorCode.INTERRUPTED) {
                    // Flyway's own words for it (a callback that refused to start, a cancelled query) never reach
                    // the user: the same form as the default executor's
                    throw interruptedFlyway(command, FixHint.rerun(settings, command), before, applied, from, e);
                }
                throw e;
            }
            String to = currentVersion(gateway.info());
            writeAudit(audit);
            return finished(command, from, to, applied, started);
        }
    }

    /** An interrupted upgrade through Flyway: what this run applied and which pending migrations it did not. */
    private static MigrateException interruptedFlyway(String command, String again, List<MigrationInfo> before,
                                                      List<Step> applied, String from, Throwable cause) {
        return Interrupted.of(command, again, applied, before.stream().filter(m -> "Pending".equalsIgnoreCase(m.state())
                && applied.stream().noneMatch(a -> a.script().equals(m.script()))).map(MigrationInfo::script)
                .toList(), Interrupted.versionAfter(from, applied), cause);
    }

    /** Refuses a target below the current version and unapplied migrations older than it; says what starts. */
    private void checkStart(String command, String from, List<String> outOfOrder) {
        String target = settings.options().target();
        if (target != null && !target.equals("latest") && from != null
                && MigrationFiles.compareVersions(target, from) < 0) {
            throw new MigrateException(ErrorCode.CONFIGURATION, command + " -Dmigrate.target=" + target
                    + " is below the current version " + from + "; nothing was changed (to go back to " + target
                    + ", run migrate:downgrade -Dmigrate.target=" + target + ")");
        }
        if (!outOfOrder.isEmpty() && !settings.outOfOrder()) {
            boolean one = outOfOrder.size() == 1;
            throw new MigrateException(ErrorCode.REFUSED, command + " refused: " + String.join(", ", outOfOrder)
                    + (one ? " is" : " are") + " older than the current version " + from
                    + " but " + (one ? "was" : "were") + " never applied (typically a branch"
                    + " merged after newer migrations ran); nothing was changed (apply "
                    + (one ? "it" : "them") + " with -Dmigrate.outOfOrder=true if "
                    + (one ? "it does" : "they do") + " not depend on the newer ones, or"
                    + " give " + (one ? "it" : "them") + " a newer version)");
        }
        listener.info(command + " of schema " + settings.defaultSchema() + " from version "
                + display(from) + (target == null ? "" : " to target " + target));
    }

    private Results.Upgrade finished(String command, String from, String to, List<Step> applied, Instant started) {
        Duration total = Duration.between(started, Instant.now());
        if (applied.isEmpty()) {
            listener.info(command + " finished: schema " + settings.defaultSchema() + " is up to date at version "
                    + display(to) + "; no migration was pending (" + Messages.millis(total) + ")");
        } else {
            listener.info(command + " finished: " + Messages.count(applied.size(), "migration") + " applied in "
                    + Messages.millis(total) + "; schema " + settings.defaultSchema() + " went from version "
                    + display(from) + " to " + display(to));
        }
        return new Results.Upgrade(from, to, List.copyOf(applied), total);
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

    /** Real projects have comment-only migrations (a placeholder, a reverted change): valid, and worth a note. */
    private void notePendingWithoutStatements(List<MigrationInfo> info, MigrationFiles files,
                                              Map<Path, UpgradePlan.Script> scripts) {
        for (MigrationInfo m : info) {
            if (!"Pending".equalsIgnoreCase(m.state()) || !m.versioned()) {
                continue;
            }
            var file = files.versionedFor(m.version());
            if (file.isEmpty()) {
                continue;
            }
            UpgradePlan.Script script = scripts.get(file.get().path());
            // a script that cannot be split is Flyway's to parse and report; the note is only a courtesy
            if (script != null && script.parseError() == null && script.statementCount() == 0) {
                noteWithoutStatements(file.get());
            }
        }
    }

    private void noteWithoutStatements(MigrationFile file) {
        listener.info("Note: " + file.fileName() + " holds no SQL statement (only comments or nothing); it will be"
                + " recorded as applied and changes nothing");
    }

    private MigrateException upgradeStopped(String command, MigrateException failure, String script,
                                            List<Step> applied) {
        String now;
        boolean failedRow;
        try (Connection c = database().connect()) {
            List<HistoryTable.Row> rows = historyTable().read(c);
            now = currentVersionOf(rows);
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
            m.append(Messages.count(applied.size(), "earlier migration")).append(" of this run stay")
                    .append(applied.size() == 1 ? "s" : "").append(" applied (")
                    .append(String.join(", ", applied.stream().map(Step::script).toList())).append("); ");
        }
        m.append("the database is at version ").append(display(now));
        if (ScriptMemory.isMemory(failure)) {
            return new MigrateException(ErrorCode.ENVIRONMENT, m.append(" (").append(ScriptMemory.raise(command)).append(")")
                    .toString(), failure);
        }
        m.append(" (fix ").append(script);
        if (failedRow) {
            m.append(", undo its partial changes, run ").append(FixHint.command(settings, "repair"));
        }
        m.append(" and run ").append(FixHint.rerun(settings, "upgrade")).append(" again)");
        return new MigrateException(ErrorCode.MIGRATION_FAILED, m.toString(), failure);
    }

    /**
     * The current version as the history table records it, without reading the migration files: what a backup is
     * named after, so that a misnamed file in the project never stands in the way of a backup.
     */
    public String appliedVersion() {
        try (Connection c = database().connect()) {
            return currentVersionOf(historyTable().read(c));
        } catch (SQLException e) {
            throw sqlFailure("read the history table", e);
        }
    }

    /** The highest version the history rows record as applied, or null. */
    private static String currentVersionOf(List<HistoryTable.Row> rows) {
        return rows.stream().filter(r -> r.success() && r.version() != null && !"SCHEMA".equals(r.type())
                        && !"DELETE".equals(r.type()))
                .map(HistoryTable.Row::version).max(MigrationFiles::compareVersions).orElse(null);
    }

    /**
     * Undoes the newest applied migrations with their undo scripts: {@code steps} of them (default 1), or all above
     * {@code target}. Refuses before changing anything when an undo script is missing.
     */
    public Results.Downgrade downgrade() {
        CompletableFuture<Connection> connecting = connectEarly(true);
        MigrationFiles files = scanWhile(connecting, "downgrade");
        if (connecting == null) {
            connecting = connectAsync(database(), true);
        }
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        // on all cores; a script that cannot be read or parsed fails only if the downgrade needs it
        Map<Path, Supplier<List<SqlStatement>>> undoScripts = files.undo().parallelStream()
                .collect(java.util.stream.Collectors.toMap(MigrationFile::path, u -> parseLater(u.path())));
        try (Connection c = join(connecting); MigrationLock lock = MigrationLock.acquire(c, settings.defaultSchema(),
                settings.table(), "downgrade", settings.options().lockWait(), listener)) {
            List<MigrationInfo> info = appliedMigrations(c);
            String from = currentVersion(info);
            if (info.stream().anyMatch(i -> "Failed".equalsIgnoreCase(i.state()))) {
                throw new MigrateException(ErrorCode.REFUSED, "downgrade refused: the history table "
                        + settings.defaultSchema() + "." + settings.table() + " records a failed migration; nothing"
                        + " was changed (clean up its partial changes, run migrate:repair, then downgrade)");
            }
            List<MigrationInfo> plan = downgradePlan(info);
            if (plan.isEmpty()) {
                listener.info("downgrade: nothing to undo; schema " + settings.defaultSchema() + " is at version "
                        + display(from));
                return new Results.Downgrade(from, from, List.of(), Duration.ZERO);
            }
            Map<MigrationInfo, UndoPlan> scripts = undoScripts(plan, files, undoScripts);
            List<Step> undone = new ArrayList<>();
            listener.info("downgrade of schema " + settings.defaultSchema() + " from version " + display(from)
                    + ": undoing " + Messages.count(plan.size(), "migration"));
            applySessionSettings(c);
            AuditLog audit = new AuditLog(settings.defaultSchema());
            audit.ensureTable(c);
            ScriptRunner runner = new ScriptRunner(c, listener);
            java.util.Set<Integer> undoneRanks = new java.util.HashSet<>();
            String history = historyTable().qualified();
            ScriptRunner.Groups groups = groups();
            for (int i = 0; i < plan.size(); ) {
                // undo scripts that can share a transaction go in groups: one round trip and one commit for the
                // group, with the outcome of one transaction each (ScriptRunner.runTogether); slow undos still
                // commit one at a time
                int end = groups.end(plan, i, m -> ScriptRunner.canShareATransaction(scripts.get(m).statements()));
                List<MigrationInfo> group = plan.subList(i, end);
                long t0 = System.nanoTime();
                Instant at = Instant.now();
                MigrationInfo m = group.get(0);
                UndoPlan undo = scripts.get(m);
                boolean noTransaction = SqlScript.requiresNoTransaction(undo.statements());
                SlowWork watch = SlowWork.watch(listener, undoing(group, scripts), t0);
                try {
                    if (group.size() == 1) {
                        runner.run(undo.statements(), noTransaction, took -> List.of(
                                "delete from " + history + " where installed_rank = " + m.installedRank(),
                                audit.insertSql(undoEntry(runId, m, undo, at), "now()", took)), t0);
                        undone.add(undone(m, undo, Duration.ofNanos(System.nanoTime() - t0), undoneRanks));
                    } else {
                        runner.runTogether(group.stream().map(g -> new ScriptRunner.Script(
                                scripts.get(g).statements(), List.of(
                                "delete from " + history + " where installed_rank = " + g.installedRank(),
                                ScriptRunner.serverTimed((start, ms) -> audit.insertSql(
                                        undoEntry(runId, g, scripts.get(g), at), start, ms))))).toList());
                        runner.reset(); // the read of the group's times opens no transaction for the next group
                        undoneTogether(c, audit, runId, group, scripts, undone, undoneRanks);
                    }
                } catch (ScriptRunner.StatementFailure | ScriptRunner.GroupFailure failure) {
                    runner.reset();
                    ScriptRunner.StatementFailure e = failure instanceof ScriptRunner.GroupFailure g
                            ? g.failure() : (ScriptRunner.StatementFailure) failure;
                    int index = failure instanceof ScriptRunner.GroupFailure g ? g.index() : 0;
                    undoneTogether(c, audit, runId, group.subList(0, index), scripts, undone, undoneRanks);
                    MigrationInfo failed = group.get(index);
                    MigrateException stopped = undoFailed(runId, failed, scripts.get(failed),
                            noTransaction && group.size() == 1, e, t0, at, undone,
                            currentVersion(without(info, undoneRanks)));
                    if (Interruption.requested()) {
                        throw Interrupted.of("downgrade", downgradeAgain(undone.size()), undone,
                                plan.subList(i + index, plan.size()).stream()
                                .map(p -> scripts.get(p).file().fileName()).toList(),
                                currentVersion(without(info, undoneRanks)), stopped);
                    }
                    throw stopped;
                } finally {
                    watch.close();
                }
                groups.took(System.nanoTime() - t0);
                i = end;
            }
            runner.reset();
            String to = currentVersion(without(info, undoneRanks));
            Duration total = Duration.between(started, Instant.now());
            listener.info("downgrade finished: " + Messages.count(undone.size(), "migration") + " undone in "
                    + Messages.millis(total) + "; schema " + settings.defaultSchema() + " went from version "
                    + display(from) + " to " + display(to));
            return new Results.Downgrade(from, to, List.copyOf(undone), total);
        } catch (SQLException e) {
            throw sqlFailure("downgrade", e);
        }
    }

    /**
     * Every migration, applied (in the order applied) and not (by version), with Flyway's states, from one read of
     * the history table when it is plain (only versioned SQL migrations whose files exist, a baseline, the schema
     * marker; no repeatable files or rows; no duplicate versions); from Flyway's info otherwise.
     */
    private List<MigrationInfo> stateOf(MigrationFiles files, Connection c) throws SQLException {
        List<MigrationInfo> info = appliedMigrations(c);
        // a repeatable's row (no version) is not plain: Flyway's info knows when it is outdated and due again
        boolean plain = info.stream().allMatch(i -> UpgradePlan.PLAIN_ROW_TYPES.contains(i.type())
                && (!"SQL".equals(i.type()) || i.versioned() && files.versionedFor(i.version()).isPresent()))
                && files.repeatable().isEmpty() && files.duplicates().isEmpty();
        if (!plain) {
            return gateway(null).info();
        }
        java.util.Set<String> applied = new java.util.HashSet<>();
        String baseline = null;
        for (MigrationInfo i : info) {
            if (i.versioned()) {
                applied.add(MigrationFiles.normalize(i.version()));
                if ("BASELINE".equals(i.type())) {
                    baseline = i.version();
                }
            }
        }
        String current = currentVersion(info);
        List<MigrationInfo> all = new ArrayList<>(info);
        List<MigrationFile> sorted = new ArrayList<>(files.versioned());
        sorted.sort(Comparator.comparing(MigrationFile::version, MigrationFiles::compareVersions));
        for (MigrationFile f : sorted) {
            if (applied.contains(f.version())) {
                continue;
            }
            String state = baseline != null && MigrationFiles.compareVersions(f.version(), baseline) <= 0
                    ? "Below Baseline"
                    : current != null && MigrationFiles.compareVersions(f.version(), current) < 0
                    && !settings.outOfOrder() ? "Ignored" : "Pending";
            all.add(new MigrationInfo(f.versionText(), f.description(), f.script(), "SQL", state, null, null, null,
                    null, ScriptReader.checksumOf(f.path()), false, null));
        }
        return all;
    }

    private static List<MigrationInfo> without(List<MigrationInfo> info, java.util.Set<Integer> ranks) {
        return info.stream().filter(i -> !ranks.contains(i.installedRank())).toList();
    }

    /**
     * The applied migrations as the history table records them: read directly when it holds only Flyway's plain
     * rows (SQL migrations, a baseline, the schema marker), which is what downgrade needs; through Flyway's info
     * otherwise (rows that repair marked deleted, say).
     */
    private List<MigrationInfo> appliedMigrations(Connection c) throws SQLException {
        List<HistoryTable.Row> rows = historyTable().read(c);
        if (!rows.stream().allMatch(r -> UpgradePlan.PLAIN_ROW_TYPES.contains(r.type()))) {
            return gateway(null).info();
        }
        List<MigrationInfo> info = new ArrayList<>();
        for (HistoryTable.Row r : rows) {
            String state = !r.success() ? "Failed" : r.type().equals("BASELINE") ? "Baseline" : "Success";
            info.add(new MigrationInfo(r.version(), r.description(), r.script(), r.type(), state, r.installedRank(),
                    r.installedOn(), r.installedBy(), r.executionTime(), r.checksum(), true, null));
        }
        return info;
    }

    private List<MigrationInfo> downgradePlan(List<MigrationInfo> info) {
        List<MigrationInfo> applied = info.stream()
                .filter(i -> i.applied() && i.versioned() && "SQL".equals(i.type()) || i.applied()
                        && i.versioned() && "JDBC".equals(i.type()))
                .sorted(Comparator.comparing(MigrationInfo::installedRank).reversed())
                .toList();
        String target = settings.options().target();
        Integer steps = settings.options().steps();
        if (target != null && steps != null) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "downgrade takes either -Dmigrate.steps="
                    + steps + " or -Dmigrate.target=" + target + ", not both; nothing was changed");
        }
        MigrationInfo baseline = info.stream().filter(i -> i.applied() && "BASELINE".equals(i.type())).findFirst()
                .orElse(null);
        if (target != null) {
            if (target.equals("latest")) {
                throw new MigrateException(ErrorCode.CONFIGURATION, "-Dmigrate.target=latest means nothing to"
                        + " downgrade; nothing was changed (give a version, or 0 to undo every migration)");
            }
            if (baseline != null && MigrationFiles.compareVersions(target, baseline.version()) < 0) {
                throw new MigrateException(ErrorCode.REFUSED, "downgrade refused: target " + target
                        + " is below the baseline " + baseline.version() + ", whose schema has no undo scripts;"
                        + " nothing was changed (" + belowBaselineFix(applied.size(), baseline) + ")");
            }
            String current = currentVersion(info);
            if (current != null && MigrationFiles.compareVersions(target, current) > 0) {
                throw new MigrateException(ErrorCode.CONFIGURATION, "downgrade -Dmigrate.target=" + target
                        + " is above the current version " + current + ", so there is nothing to undo; nothing was"
                        + " changed (give a version below " + current + ", or 0 to undo every migration; to go"
                        + " forward, run migrate:upgrade)");
            }
            return applied.stream().filter(i -> MigrationFiles.compareVersions(i.version(), target) > 0).toList();
        }
        int n = steps == null ? 1 : steps;
        if (n > applied.size()) {
            throw new MigrateException(ErrorCode.REFUSED, "downgrade refused: -Dmigrate.steps=" + n + " but only "
                    + Messages.count(applied.size(), "migration") + " can be undone"
                    + (baseline != null ? " above the baseline " + baseline.version() : "")
                    + "; nothing was changed (" + (baseline != null ? belowBaselineFix(applied.size(), baseline)
                    : applied.isEmpty() ? "nothing is applied, so there is nothing to undo"
                    : "use -Dmigrate.steps=" + applied.size() + " or -Dmigrate.target=0") + ")");
        }
        return applied.subList(0, n);
    }

    /** The fix for a downgrade that would go below a baseline: only what was applied above it can be undone. */
    private static String belowBaselineFix(int aboveBaseline, MigrationInfo baseline) {
        if (aboveBaseline == 0) {
            return "no migration is applied above the baseline " + baseline.version() + ", so there is nothing to"
                    + " undo; to go back further, restore a backup taken before the baseline with migrate:restore";
        }
        return "use -Dmigrate.steps=" + aboveBaseline + " or -Dmigrate.target=" + baseline.version()
                + " to undo every migration above the baseline";
    }

    /**
     * How many scripts may share a commit: quick ones in groups, except on a protected environment (production), where
     * each commits on its own and so holds its locks no longer than it runs, as with Flyway's defaults.
     */
    private ScriptRunner.Groups groups() {
        return new ScriptRunner.Groups(!settings.profile().protectedEnv());
    }

    /** What a progress line says runs: one undo script, or a group of them that commit together. */
    private static String undoing(List<MigrationInfo> group, Map<MigrationInfo, UndoPlan> scripts) {
        String first = scripts.get(group.get(0)).file().fileName();
        return group.size() == 1 ? "the undo of V" + group.get(0).version() + " (" + first + ")"
                : "the undo of V" + group.get(0).version() + " to V" + group.get(group.size() - 1).version() + " ("
                + group.size() + " undo scripts that commit together, " + first + " to "
                + scripts.get(group.get(group.size() - 1)).file().fileName() + ")";
    }

    private AuditEntry undoEntry(String runId, MigrationInfo m, UndoPlan undo, Instant at) {
        return auditEntry(runId, "downgrade", new Step(m.version(), m.description(), undo.file().fileName(),
                Duration.ZERO), "success", null, at);
    }

    /** Records a committed undo: its step, its rank, its line on the console. */
    private Step undone(MigrationInfo m, UndoPlan undo, Duration took, java.util.Set<Integer> undoneRanks) {
        undoneRanks.add(m.installedRank());
        Step step = new Step(m.version(), m.description(), undo.file().fileName(), took);
        listener.info("Undid " + label(new Step(m.version(), m.description(), m.script(), null)) + " with "
                + undo.file().fileName() + " in " + Messages.millis(took));
        return step;
    }

    /**
     * Records the undos of a committed group, each with the server's time for it, which its audit entry holds (the
     * group's statements went to the server together, so the client cannot time them one by one).
     */
    private void undoneTogether(Connection c, AuditLog audit, String runId, List<MigrationInfo> group,
                                Map<MigrationInfo, UndoPlan> scripts, List<Step> undone,
                                java.util.Set<Integer> undoneRanks) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        List<Long> millis = audit.lastDurations(c, runId, group.size());
        for (int k = 0; k < group.size(); k++) {
            undone.add(undone(group.get(k), scripts.get(group.get(k)), Duration.ofMillis(millis.get(k)), undoneRanks));
        }
    }

    /** The failure of an undo script, written to the audit table: what failed, what was undone, what to do. */
    private MigrateException undoFailed(String runId, MigrationInfo m, UndoPlan undo, boolean noTransaction,
                                        ScriptRunner.StatementFailure e, long t0, Instant at, List<Step> undone,
                                        String version) {
        String cause = "undo script " + undo.file().fileName() + " failed"
                + (e.line() > 0 ? " at line " + e.line() : "") + ": " + Messages.oneLine(e.getMessage());
        Step failed = new Step(m.version(), m.description(), undo.file().fileName(),
                Duration.ofNanos(System.nanoTime() - t0));
        writeAudit(List.of(auditEntry(runId, "downgrade", failed, "failed", cause, at)));
        return new MigrateException(e.sqlException() != null
                && ConnectionFailure.isConnectionProblem(e.sqlException()) ? ErrorCode.CONNECTION
                : ErrorCode.MIGRATION_FAILED, "downgrade stopped: " + cause + "; "
                + (noTransaction ? "it ran outside a transaction, so its statements before the failing"
                + " one stay done, and" : "it was rolled back and") + " version " + m.version()
                + " stays applied; " + (undone.isEmpty() ? "nothing was undone before it"
                : Messages.count(undone.size(), "migration") + " undone before it ("
                + String.join(", ", undone.stream().map(Step::script).toList()) + ")")
                + "; the database is at version " + display(version)
                + " (fix " + undo.file().fileName() + " and run " + downgradeAgain(undone.size()) + " again)", e);
    }

    private record UndoPlan(MigrationFile file, List<SqlStatement> statements) {
    }

    /** A script read and parsed now, its failure (not UTF-8, cannot be split) kept until the script is needed. */
    private static Supplier<List<SqlStatement>> parseLater(Path file) {
        try {
            List<SqlStatement> statements = SqlScript.parse(MigrationFiles.read(file));
            return () -> statements;
        } catch (RuntimeException e) {
            return () -> {
                throw e;
            };
        } catch (OutOfMemoryError e) {
            MigrateException tooLarge = ScriptMemory.exceeded(file, "reading it", "downgrade", e);
            return () -> {
                throw tooLarge;
            };
        }
    }

    private Map<MigrationInfo, UndoPlan> undoScripts(List<MigrationInfo> plan, MigrationFiles files,
                                                     Map<Path, Supplier<List<SqlStatement>>> parsed) {
        Map<MigrationInfo, UndoPlan> scripts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (MigrationInfo m : plan) {
            var undo = files.undoFor(m.version());
            if (undo.isEmpty()) {
                missing.add(MigrationFiles.expectedUndoName(m.script()));
                continue;
            }
            try {
                scripts.put(m, new UndoPlan(undo.get(), parsed.get(undo.get().path()).get()));
            } catch (IllegalArgumentException e) {
                throw new MigrateException(ErrorCode.VALIDATION, "downgrade refused: undo script "
                        + undo.get().path() + ": " + e.getMessage() + "; nothing was changed");
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrateException(ErrorCode.REFUSED, "downgrade refused: no undo script "
                    + String.join(", ", missing) + " in " + locationsText() + "; nothing was changed (write "
                    + (missing.size() == 1 ? "it" : "them") + " with the SQL that reverses the migration, then"
                    + " run " + downgradeAgain(0) + " again)");
        }
        Map<MigrationFile, List<SqlStatement>> undo = new LinkedHashMap<>();
        scripts.values().forEach(u -> undo.put(u.file(), u.statements()));
        ScriptChecks.beforeDowngrade(undo, downgradeAgain(0));
        return scripts;
    }

    /** Every migration, applied, pending and undone, with the audit trail. */
    public Results.History history() {
        MigrationFiles files = checkNames(MigrationFiles.scan(settings.locations(), true), "history");
        List<MigrationInfo> rows = new ArrayList<>();
        List<AuditEntry> audit;
        try (Connection c = database().connect()) {
            for (MigrationInfo i : stateOf(files, c)) {
                String undo = i.versioned() ? files.undoFor(i.version()).map(MigrationFile::fileName).orElse(null)
                        : null;
                rows.add(i.withUndoScript(undo));
            }
            audit = new AuditLog(settings.defaultSchema()).read(c);
        } catch (SQLException e) {
            throw sqlFailure("read the history and audit tables", e);
        }
        return new Results.History(List.copyOf(rows), List.copyOf(audit));
    }

    /** The current version and what is pending. */
    public Results.Current current() {
        MigrationFiles files = checkNames(MigrationFiles.scan(settings.locations(), true), "current");
        List<MigrationInfo> info;
        try (Connection c = database().connect()) {
            info = stateOf(files, c);
        } catch (SQLException e) {
            throw sqlFailure("read the history table", e);
        }
        String version = currentVersion(info);
        String description = info.stream().filter(i -> i.applied() && i.versioned() && i.version().equals(version))
                .map(MigrationInfo::description).reduce((a, b) -> b).orElse(null);
        List<MigrationInfo> pending = info.stream().filter(i -> "Pending".equalsIgnoreCase(i.state())).toList();
        boolean failed = info.stream().anyMatch(i -> "Failed".equalsIgnoreCase(i.state()));
        return new Results.Current(version, description, pending, outOfOrder(info), failed);
    }

    /** Checks names, duplicate versions, undo scripts and, against the database, checksums. */
    public Results.Validation validate(boolean requireUndo) {
        MigrationFiles files = MigrationFiles.scan(settings.locations(), settings.allowEmpty());
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        files.unusable().forEach(u -> problems.add(NamingProblems.problem(u)));
        for (var misnamed : files.misnamed()) {
            (settings.ignoreMisnamed() ? warnings : problems).add(NamingProblems.problem(misnamed));
        }
        files.duplicates().forEach((version, dupes) -> problems.add(NamingProblems.duplicate(version, dupes)));
        for (MigrationFile v : files.versioned()) {
            if (files.undoFor(v.version()).isEmpty()) {
                String text = v.fileName() + " has no undo script " + MigrationFiles.expectedUndoName(v.fileName())
                        + " (downgrade cannot undo it)" + (requireUndo ? ": write it, or pass"
                        + " -Dmigrate.requireUndo=false if this project does without undo scripts" : "");
                (requireUndo ? problems : warnings).add(text);
            }
        }
        for (MigrationFile u : files.undo()) {
            if (files.versionedFor(u.version()).isEmpty()) {
                problems.add(u.fileName() + " undoes version " + u.version() + ", but no V" + u.version()
                        + "__*.sql exists (rename it to match its migration, or delete it)");
            }
            try {
                String text = MigrationFiles.read(u.path());
                List<SqlStatement> statements = SqlScript.parse(text);
                String[] mixed = ScriptChecks.mixedProblem(u, statements);
                if (mixed != null) {
                    problems.add(mixed[0] + " (" + mixed[1] + ")");
                }
                if (MigrationTemplate.isUnedited(text, statements)) {
                    problems.add(u.fileName() + " is still the unedited template migrate:create wrote and holds no"
                            + " SQL statement (write the SQL that reverses V" + u.fileName().substring(1)
                            + " into it; downgrade refuses it as it is)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(u.fileName() + ": " + e.getMessage());
            } catch (MigrateException e) {
                problems.add(e.getMessage());
            }
        }
        Map<Path, UpgradePlan.Script> scripts = new HashMap<>();
        for (MigrationFile v : files.versioned()) {
            try {
                UpgradePlan.Script script = UpgradePlan.Script.read(v.path());
                scripts.put(v.path(), script);
                String[] mixed = ScriptChecks.mixedProblem(v, script.statements());
                if (mixed != null) {
                    problems.add(mixed[0] + " (" + mixed[1] + ")");
                }
                if (MigrationTemplate.isUnedited(script.text(), script.statements())) {
                    problems.add(v.fileName() + " is still the unedited template migrate:create wrote and holds no"
                            + " SQL statement (write the migration's SQL into it, or delete it and its undo script;"
                            + " upgrade refuses it as it is)");
                }
            } catch (MigrateException e) {
                problems.add(e.getMessage());
            }
        }
        if (files.duplicates().keySet().stream().anyMatch(k -> k.startsWith("V"))) {
            // Flyway refuses to resolve a folder with duplicate versions: the duplicates are the problem to report.
            warnings.add("checksums were not compared with the history table, because Flyway cannot resolve"
                    + " duplicate versions (renumber the duplicates, then run migrate:validate again)");
        } else {
            historyCheck(files, scripts).forEach(f -> (f.kind() == HistoryCheck.Kind.REPEATABLE_CHANGED ? warnings
                    : problems).add(f.text()));
        }
        int checked = files.versioned().size() + files.undo().size() + files.repeatable().size();
        return new Results.Validation(List.copyOf(problems), List.copyOf(warnings), checked);
    }

    /**
     * The downgrade to run after {@code undone} of this run's undo scripts were undone: the same target, or the steps
     * that are left (a step count is relative, so the one given would undo too many).
     */
    private String downgradeAgain(int undone) {
        Integer steps = settings.options().steps();
        return steps == null ? FixHint.rerun(settings, "downgrade")
                : FixHint.rerun(settings, "downgrade", FixHint.set(MigrateProperty.STEPS,
                String.valueOf(steps - undone)));
    }

    /** Where the history table and the files disagree ({@link HistoryCheck}), read without Flyway. */
    private List<HistoryCheck.Finding> historyCheck(MigrationFiles files, Map<Path, UpgradePlan.Script> scripts) {
        try (Connection c = database().connect(false)) {
            return HistoryCheck.of(files, f -> scripts.containsKey(f.path()) ? scripts.get(f.path()).checksum()
                    : HistoryCheck.checksumOf(f), historyTable().read(c), settings.defaultSchema() + "."
                    + settings.table(), locationsText(), settings);
        } catch (SQLException e) {
            throw sqlFailure("read the history table", e);
        }
    }

    /** Removes failed history entries and realigns checksums with the files. */
    public Results.Repair repair() {
        scanFiles("repair");
        try (MigrationLock lock = lock(database(), "repair")) {
            List<String> actions = gateway(null).repair();
            if (actions.isEmpty()) {
                listener.info("repair: the history table needed no repair");
            } else {
                actions.forEach(a -> listener.info("repair: " + a));
            }
            return new Results.Repair(actions);
        }
    }

    /**
     * Drops every object in the managed schemas, confirmed by {@code -Dmigrate.confirm} (see
     * {@link #drop(String, String)}).
     */
    public Results.Drop drop() {
        return drop(settings.options().confirm(), null);
    }

    /**
     * Drops every object in the managed schemas but the audit table, in one transaction that also records the drop
     * in the audit table (who, when, the database, the backup taken first). Refused, with nothing dropped, unless
     * {@code confirmation} is the database name, on every database but the embedded one ({@link DropConfirmation}).
     *
     * @param confirmation the database name the user gave, or {@code null}
     * @param backup       the name of the backup taken just before, or {@code null} when none was taken
     */
    public Results.Drop drop(String confirmation, String backup) {
        Database db = database();
        DropConfirmation.check(settings, db, confirmation);
        String runId = UUID.randomUUID().toString();
        Instant at = Instant.now();
        long started = System.nanoTime();
        List<String> objects;
        try (MigrationLock lock = lock(db, "drop"); Connection c = db.connect()) {
            String before = currentVersionOf(new HistoryTable(settings.defaultSchema(), settings.table()).read(c));
            objects = SchemaDrop.run(c, settings.schemas(), new AuditLog(settings.defaultSchema()), dropped ->
                    new AuditEntry(runId, "drop", before, "dropped " + Messages.count(dropped.size(), "object")
                            + " from schema" + (settings.schemas().size() == 1 ? " " : "s ")
                            + String.join(", ", settings.schemas()) + " of database " + db.name(),
                            null, "success", at, Duration.ofNanos(System.nanoTime() - started).toMillis(), null,
                            AuditLog.osUser(), AuditLog.host(), backup == null ? "no backup taken"
                            : "backup " + backup + " taken first"));
        } catch (SQLException e) {
            if (ConnectionFailure.isConnectionProblem(e)) {
                throw ConnectionFailure.of(e);
            }
            throw new MigrateException(ErrorCode.MIGRATION_FAILED, "drop of database " + db.name() + " failed and was"
                    + " rolled back, so nothing was dropped: " + Messages.oneLine(e.getMessage()) + " (fix the cause"
                    + " above and run " + (DropConfirmation.required(settings, db)
                    ? FixHint.rerun(settings, "drop", FixHint.set(MigrateProperty.CONFIRM, db.name()))
                    : FixHint.rerun(settings, "drop"))
                    + " again)", e);
        }
        if (objects.isEmpty()) {
            listener.info("drop: schema" + (settings.schemas().size() == 1 ? " " : "s ")
                    + String.join(", ", settings.schemas()) + " held nothing to drop");
        } else {
            objects.forEach(o -> listener.info("Dropped " + o));
            listener.info("drop finished: " + Messages.count(objects.size(), "object") + " dropped from database "
                    + db.name() + "; the audit table " + settings.defaultSchema() + "." + AuditLog.TABLE
                    + " was kept and records the drop");
        }
        return new Results.Drop(db.name(), settings.schemas(), objects);
    }

    private MigrationLock lock(Database db, String command) {
        return MigrationLock.acquire(db, settings.defaultSchema(), settings.table(), command,
                settings.options().lockWait(), listener);
    }

    private MigrationLock lockBesideFlyway(Database db, String command) {
        return MigrationLock.acquireBesideFlyway(db, settings.defaultSchema(), settings.table(), command,
                settings.options().lockWait(), listener);
    }

    /** The migration files, refused when one looks like a migration but is misnamed or two share a version. */
    private MigrationFiles scanFiles(String command) {
        return checkNames(MigrationFiles.scan(settings.locations(), settings.allowEmpty()), command);
    }

    /**
     * Refuses entries named like migrations that cannot be read as files (dangling links, folders, unreadable files),
     * and files that look like migrations but do not follow the naming (Flyway would skip both without a word),
     * unless {@code migrate.ignoreMisnamed} says to skip them (then each is named in a warning), and versions used
     * by two files (Flyway cannot resolve them).
     */
    private MigrationFiles checkNames(MigrationFiles files, String command) {
        if (!files.unusable().isEmpty()) {
            throw NamingProblems.unusable(command, files.unusable(), locationsText());
        }
        if (!files.misnamed().isEmpty()) {
            if (!settings.ignoreMisnamed()) {
                throw NamingProblems.misnamed(command, files.misnamed(), locationsText());
            }
            files.misnamed().forEach(m -> listener.warn(NamingProblems.skipped(m)));
        }
        if (!files.duplicates().isEmpty()) {
            throw NamingProblems.duplicates(command, files.duplicates());
        }
        return files;
    }

    private Database database() {
        if (database == null) {
            database = Database.open(settings, listener);
        }
        return database;
    }

    private FlywayGateway gateway(String target) {
        Database db = database();
        return new FlywayGateway(new FlywaySetup(db.url().jdbcUrl(), db.url().user(), db.url().password().value(),
                settings.schemas(), settings.locations(), settings.table(), target,
                settings.options().baselineVersion(), settings.outOfOrder(), sessionSettingsSql()), listener);
    }

    private String sessionSettingsSql() {
        StringBuilder sql = new StringBuilder();
        String lock = settings.profile().lockTimeout();
        String statement = settings.profile().statementTimeout();
        if (lock != null) {
            sql.append("set lock_timeout = '").append(PgDuration.sqlValue(lock)).append("';");
        }
        if (statement != null) {
            sql.append("set statement_timeout = '").append(PgDuration.sqlValue(statement)).append("';");
        }
        return sql.isEmpty() ? null : sql.toString();
    }

    private void applySessionSettings(Connection c) throws SQLException {
        String sql = sessionSettingsSql();
        if (sql != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    private HistoryTable historyTable() {
        return new HistoryTable(settings.defaultSchema(), settings.table());
    }

    /**
     * Whether the schemas hold relations of the user's: anything but this tool's own {@code migrate_*} tables and the
     * history table. Flyway refuses to migrate such a schema without a history table (it needs a baseline).
     */
    public static boolean holdsUserTables(Connection c, List<String> schemas, String historyTable)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_class c join pg_namespace n"
                + " on n.oid = c.relnamespace where n.nspname = any(?) and c.relkind in ('r', 'p', 'v', 'm', 'f')"
                + " and c.relname not like 'migrate!_%' escape '!' and c.relname <> ?")) {
            s.setArray(1, c.createArrayOf("text", schemas.toArray()));
            s.setString(2, historyTable);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private MigrateException refusedExistingSchema(String command) {
        return new MigrateException(ErrorCode.REFUSED, command + " refused: schema"
                + (settings.schemas().size() == 1 ? " " : "s ") + String.join(", ", settings.schemas())
                + " already hold" + (settings.schemas().size() == 1 ? "s" : "") + " tables but no history table "
                + settings.defaultSchema() + "." + settings.table() + "; nothing was changed (if the existing"
                + " schema matches your migrations up to version N, run migrate:init -Dmigrate.baselineVersion=N to"
                + " record it as the baseline and apply what comes after)");
    }

    private void writeAudit(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = database().connect()) {
            new AuditLog(settings.defaultSchema()).append(c, entries);
        } catch (SQLException e) {
            listener.warn("could not write the audit table " + settings.defaultSchema() + "." + AuditLog.TABLE
                    + ": " + Messages.oneLine(e.getMessage()));
        }
    }

    private AuditEntry auditEntry(String runId, String command, Step step, String outcome, String message) {
        return auditEntry(runId, command, step, outcome, message, Instant.now().minus(step.duration()));
    }

    private AuditEntry auditEntry(String runId, String command, Step step, String outcome, String message,
                                  Instant at) {
        return new AuditEntry(runId, command, step.version(), step.description(), step.script(), outcome, at,
                step.duration().toMillis(), null, AuditLog.osUser(), AuditLog.host(), message);
    }

    private MigrateException sqlFailure(String what, SQLException e) {
        String role = settings.database() == null ? null : settings.database().user();
        SqlFailure kind = SqlFailure.of(e);
        if (kind.preventsConnecting()) {
            return ConnectionFailure.of(e, role);
        }
        String fix = kind == SqlFailure.INSUFFICIENT_PRIVILEGE
                ? SqlFailure.privilegeFix(e, role, "SELECT, INSERT, UPDATE, DELETE") : kind.fix(role);
        ErrorCode code = kind == SqlFailure.INSUFFICIENT_PRIVILEGE ? ErrorCode.CONFIGURATION
                : kind.losesConnection() ? ErrorCode.CONNECTION : ErrorCode.INTERNAL;
        return new MigrateException(code, "could not " + what + ": " + Messages.oneLine(e.getMessage())
                + (fix.isEmpty() ? "" : " (" + fix + ")"), e);
    }

    private String locationsText() {
        return String.join(", ", settings.locations().stream()
                .map(p -> settings.projectDir().relativize(p).toString()).toList());
    }

    /** Versioned migrations that were never applied but are older than the current version. */
    static List<MigrationInfo> outOfOrder(List<MigrationInfo> info) {
        return info.stream().filter(i -> !i.applied() && i.versioned() && "Ignored".equalsIgnoreCase(i.state()))
                .toList();
    }

    /** The highest applied version, or null when nothing is applied. */
    static String currentVersion(List<MigrationInfo> info) {
        return info.stream().filter(i -> i.applied() && i.versioned() && !"Failed".equalsIgnoreCase(i.state())
                        && !"SCHEMA".equals(i.type()))
                .map(MigrationInfo::version)
                .max(MigrationFiles::compareVersions).orElse(null);
    }

    public static String display(String version) {
        return version == null ? "<none>" : version;
    }

    private static String label(Step step) {
        return (step.version() == null ? "repeatable " : "V" + step.version() + " ") + step.description() + " ("
                + step.script() + ")";
    }

    @Override
    public void close() {
        if (database != null && ownsDatabase) {
            database.close();
        }
        database = null;
    }
}
