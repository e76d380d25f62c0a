package dev.dbmigrate.app;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.DropConfirmation;
import dev.dbmigrate.engine.MigrationCreator;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.generate.Autogenerate;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.promote.Promotion;
import dev.dbmigrate.promote.PromotionReport;
import dev.dbmigrate.promote.PromotionSettings;
import dev.dbmigrate.promote.PromotionState;
import dev.dbmigrate.report.HistoryReport;
import dev.dbmigrate.report.VerificationMarkdown;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.verify.VerificationResult;
import dev.dbmigrate.verify.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The everyday commands as the front ends run them: each Maven goal and each CLI verb calls exactly one of these
 * methods, so both print the same lines and fail with the same messages.
 */
public final class MigrateCommands {
    private MigrateCommands() {}

    public static Results.Upgrade init(MigrateSettings settings, MigrateListener listener) {
        try (Migrator migrator = new Migrator(settings, listener)) {
            return migrator.init();
        }
    }

    /** Applies pending migrations; on a protected environment it backs the database up first. */
    public static Results.Upgrade upgrade(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            Migrator migrator = new Migrator(settings, listener, db);
            if (settings.profile().protectedEnv()) {
                Results.Current current = migrator.current();
                String target = settings.options().target();
                boolean work = current.pending().stream()
                        .anyMatch(m -> target == null
                                || target.equals("latest")
                                || m.version() == null
                                || Versions.compare(m.version(), target) <= 0);
                if (work) {
                    BackupFirst.take(settings, db, "upgrade", listener);
                }
            }
            return migrator.upgrade();
        }
    }

    /** Undoes migrations; on a protected environment it backs the database up first. */
    public static Results.Downgrade downgrade(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            Migrator migrator = new Migrator(settings, listener, db);
            if (settings.profile().protectedEnv()) {
                BackupFirst.take(settings, db, "downgrade", listener);
            }
            return migrator.downgrade();
        }
    }

    private static BackupFile backup(MigrateSettings settings, Database db, PgTools tools, MigrateListener listener) {
        return Backups.of(settings, tools).create(db, listener);
    }

    /** Drops every object in the managed schemas, when nobody can be asked; see {@link #drop(MigrateSettings, MigrateListener, UnaryOperator)}. */
    public static Results.Drop drop(MigrateSettings settings, MigrateListener listener) {
        return drop(settings, listener, question -> null);
    }

    /**
     * Drops every object in the managed schemas but the audit table, which records the drop. Any database but the
     * embedded one needs its name ({@code migrate.confirm}, else asked with {@code ask}); a protected environment is
     * backed up first, any other non-embedded database too when pg_dump is available (unless
     * {@code migrate.backupBeforeDrop=false}).
     *
     * @param ask puts a question to the user and returns the answer, or {@code null} when nobody can be asked
     */
    public static Results.Drop drop(MigrateSettings settings, MigrateListener listener, UnaryOperator<String> ask) {
        try (Database db = Database.open(settings, listener)) {
            String confirmation = DropConfirmation.obtain(settings, db, ask);
            String confirm = FixHint.set(MigrateProperty.CONFIRM, db.name()); // what the drop run again must repeat
            BackupFile backup = null;
            if (settings.profile().protectedEnv()) {
                backup = BackupFirst.take(settings, db, "drop", null, listener, confirm);
            } else if (!db.embedded() && settings.options().backupBeforeDrop()) {
                backup = BackupFirst.beforeDrop(settings, db, listener, confirm);
            }
            return new Migrator(settings, listener, db)
                    .drop(
                            confirmation,
                            backup == null ? null : backup.path().getFileName().toString());
        }
    }

    public static Results.Repair repair(MigrateSettings settings, MigrateListener listener) {
        try (Migrator migrator = new Migrator(settings, listener)) {
            return migrator.repair();
        }
    }

    /**
     * Writes a new migration pair: the template ({@link Results.Create}), or with {@code autogenerate} the proven
     * migrations from the desired schema ({@link dev.dbmigrate.generate.Generated}).
     *
     * @param prompt    asks the user for a message when none is configured; returns null when nobody can be asked
     * @param classpath the project's class path, where {@code schemaSource=jpa} finds the entities
     */
    public static Object create(
            MigrateSettings settings, MigrateListener listener, Supplier<String> prompt, List<Path> classpath) {
        String message = settings.options().message();
        if (message == null) {
            message = prompt.get();
            if (message == null) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "create needs a message and nobody can be asked"
                                + " for one (the build is not interactive); nothing was written (pass"
                                + " -Dmigrate.message=\"Add user preferences table\")");
            }
        }
        if (settings.options().autogenerate()) {
            return Autogenerate.run(settings, message, listener, Clock.systemUTC(), classpath);
        }
        return new MigrationCreator(settings, listener, Clock.systemUTC()).create(message);
    }

    /**
     * Prints the current version and pending migrations. With {@code failIfPending}, the CI gate: fails when the
     * database and the files disagree in any way, naming each disagreement and its fix: pending migrations, unapplied
     * ones older than the current version, and everything {@code validate} fails on (failed rows, applied migrations
     * whose file is gone, changed files, misnamed files, missing undo scripts unless {@code requireUndo=false}).
     */
    public static Results.Current current(MigrateSettings settings, MigrateListener listener) {
        Results.Current current;
        Results.Validation validation = null;
        try (Database db = Database.open(settings, listener)) {
            Migrator migrator = new Migrator(settings, listener, db);
            current = migrator.current();
            if (settings.options().failIfPending()) {
                validation = migrator.validate(settings.options().requireUndo());
            }
            new PromotionState(settings).interruptedNotice(db).ifPresent(listener::warn);
        }
        listener.info("Current version: "
                + (current.version() == null
                        ? "<none> (nothing applied)"
                        : current.version() + " (" + current.description() + ")"));
        listener.info("Pending migrations: " + current.pendingCount());
        for (MigrationInfo pending : current.pending()) {
            listener.info("  pending " + (pending.version() == null ? "repeatable" : "V" + pending.version()) + " "
                    + pending.description() + " (" + pending.script() + ")");
        }
        for (MigrationInfo skipped : current.outOfOrder()) {
            listener.warn("not applied and older than the current version: V" + skipped.version() + " "
                    + skipped.description() + " (" + skipped.script() + "); apply it with "
                    + FixHint.command(settings, "upgrade", FixHint.set(MigrateProperty.OUT_OF_ORDER, "true")));
        }
        if (current.failedPresent()) {
            listener.warn("The history table records a failed migration: fix it and run "
                    + FixHint.command(settings, "repair"));
        }
        if (validation != null) {
            gate(settings, current, validation);
        }
        return current;
    }

    /** The CI gate of {@code current -Dmigrate.failIfPending=true}: fails on any disagreement, naming each. */
    private static void gate(MigrateSettings settings, Results.Current current, Results.Validation validation) {
        List<String> problems = new ArrayList<>();
        if (current.pendingCount() > 0) {
            problems.add("pending: "
                    + String.join(
                            ", ",
                            current.pending().stream()
                                    .map(MigrationInfo::script)
                                    .toList()) + " (apply with " + FixHint.command(settings, "upgrade") + ")");
        }
        problems.addAll(validation.problems()); // out-of-order unapplied migrations among them
        if (problems.isEmpty()) {
            return;
        }
        String where =
                " on environment " + settings.env() + " (current version " + Migrator.display(current.version()) + ")";
        boolean onlyPending = problems.size() == 1 && current.pendingCount() > 0;
        String again =
                FixHint.rerun(settings, "current", FixHint.set(MigrateProperty.FAIL_IF_PENDING, "true")) + " again";
        String head = current.pendingCount() > 0
                ? Messages.count(current.pendingCount(), "migration") + (current.pendingCount() == 1 ? " is" : " are")
                        + " pending" + where
                : "the database and the migration files disagree" + where;
        throw new MigrateException(
                ErrorCode.CHECK_FAILED,
                head + (onlyPending ? "" : ": " + String.join("; ", problems)) + "; nothing was changed ("
                        + (onlyPending
                                ? "run " + FixHint.command(settings, "upgrade") + " first, or leave out "
                                        + FixHint.set(MigrateProperty.FAIL_IF_PENDING, "true")
                                : "fix each as said, then run " + again)
                        + ")");
    }

    /** Prints the history, or writes it to {@code output} in the chosen format. */
    public static HistoryReport history(MigrateSettings settings, MigrateListener listener) {
        OutputFormat format = settings.options()
                .format("history", EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN));
        HistoryReport report;
        try (Database db = Database.open(settings, listener)) {
            Results.History history = new Migrator(settings, listener, db).history();
            report = HistoryReport.of(history.migrations(), history.audit());
            new PromotionState(settings).interruptedNotice(db).ifPresent(listener::warn);
        }
        String text = report.render(format);
        Path file = settings.options().output();
        if (file == null) {
            text.lines().forEach(listener::info);
            return report;
        }
        OutputFile.write(file, text, "the history", "nothing was changed");
        listener.info("History of " + Messages.count(report.rows().size(), "migration") + " written to " + file);
        return report;
    }

    /** Validates the migrations; fails naming every problem. */
    public static Results.Validation validate(MigrateSettings settings, MigrateListener listener) {
        Results.Validation result;
        try (Migrator migrator = new Migrator(settings, listener)) {
            result = migrator.validate(settings.options().requireUndo());
        }
        result.warnings().forEach(listener::warn);
        if (!result.ok()) {
            result.problems().forEach(p -> listener.warn("invalid: " + p));
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    "validate found " + Messages.count(result.problems().size(), "problem") + " in " + result.checked()
                            + " migration files; nothing was changed: "
                            + String.join("; ", result.problems()));
        }
        listener.info("validate: " + result.checked() + " migration files are valid");
        return result;
    }

    /** Backs up the environment's database into its backup folder. */
    public static BackupFile backup(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            PgTools tools = PgTools.locate(settings.options().pgBinDir());
            Migrator migrator = new Migrator(settings, listener, db);
            // the version is read, and the tools checked against the server, while pg_dump runs
            // the version that names the backup is read in the snapshot pg_dump dumps
            return backup(settings, db, tools, listener);
        }
    }

    /**
     * Restores the managed schemas from a backup (the named one, or the newest); on a protected environment only with
     * {@code confirm} equal to the database name, and only after a backup of the current state (so a restore of the
     * wrong backup can itself be undone).
     */
    public static BackupFile restore(MigrateSettings settings, MigrateListener listener) {
        return restore(settings, listener, question -> null);
    }

    /**
     * Restores the managed schemas from a backup (the named one, or the newest). It replaces their contents, so, as
     * for a drop, every database but the embedded one needs its name ({@code migrate.confirm}, else asked with
     * {@code ask}); a protected environment is backed up first.
     *
     * @param ask puts a question to the user and returns the answer, or {@code null} when nobody can be asked
     */
    public static BackupFile restore(MigrateSettings settings, MigrateListener listener, UnaryOperator<String> ask) {
        try (Database db = Database.open(settings, listener)) {
            PgTools tools = PgTools.locate(settings.options().pgBinDir());
            Backups backups = Backups.of(settings, tools);
            String name = settings.options().backup();
            BackupFile backup = name == null ? backups.latest() : backups.find(name);
            DropConfirmation.obtainForRestore(settings, db, backup.name(), ask);
            if (settings.profile().protectedEnv()) {
                BackupFirst.take(
                        settings,
                        db,
                        "restore",
                        backup,
                        listener,
                        FixHint.set(MigrateProperty.BACKUP, backup.name()),
                        FixHint.set(MigrateProperty.CONFIRM, db.name()));
            }
            backups.restore(db, backup, settings.schemas(), listener); // checks the tools against the server
            return backup;
        }
    }

    /** Runs the environment's verification queries; fails when one does not hold. */
    public static VerificationResult verify(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            VerificationResult result = Verifier.run(
                    db,
                    settings.profile().verify(),
                    settings.schemas(),
                    PgDuration.parse(settings.profile().statementTimeout(), Duration.ofMinutes(1)),
                    listener);
            VerificationMarkdown.of(result.stats()).lines().forEach(listener::info);
            if (!result.passed()) {
                throw new MigrateException(
                        ErrorCode.CHECK_FAILED,
                        "verify failed on environment " + settings.env() + ": " + result.summary()
                                + "; nothing was changed (verification only reads)");
            }
            return result;
        }
    }

    /** Promotes from {@code migrate.from} to {@code migrate.to}; see {@link Promotion}. */
    public static PromotionReport promote(
            Map<String, String> properties,
            Map<String, String> environment,
            Path projectDir,
            Path buildDir,
            MigrateListener listener) {
        PromotionSettings settings = PromotionSettings.resolve(properties, environment, projectDir, buildDir);
        PromotionReport report;
        Promotion.PromotionFailure failure = null;
        try {
            report = new Promotion(settings, listener).run();
        } catch (Promotion.PromotionFailure e) {
            report = e.report();
            failure = e;
        }
        PromotionOutput.writeReports(report, settings, environment, listener);
        PromotionOutput.printSummary(report, listener);
        if (failure != null) {
            throw failure;
        }
        return report;
    }
}
