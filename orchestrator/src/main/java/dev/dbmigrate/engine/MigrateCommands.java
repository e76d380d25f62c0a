package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.deploy.BackupFile;
import dev.dbmigrate.deploy.Backups;
import dev.dbmigrate.deploy.PgTools;
import dev.dbmigrate.deploy.Promotion;
import dev.dbmigrate.deploy.PromotionReport;
import dev.dbmigrate.deploy.PromotionSettings;
import dev.dbmigrate.deploy.PromotionState;
import dev.dbmigrate.verify.VerificationResult;
import dev.dbmigrate.verify.Verifier;
import java.time.Duration;
import java.util.Map;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.report.HistoryReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The everyday commands as the front ends run them: each Maven goal and each CLI verb calls exactly one of these
 * methods, so both print the same lines and fail with the same messages.
 */
public final class MigrateCommands {
    private MigrateCommands() {
    }

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
                boolean work = current.pending().stream().anyMatch(m -> target == null || target.equals("latest")
                        || m.version() == null || MigrationFiles.compareVersions(m.version(), target) <= 0);
                if (work) {
                    backupBeforeChange(settings, db, current.version(), "upgrade", listener);
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
                backupBeforeChange(settings, db, migrator.current().version(), "downgrade", listener);
            }
            return migrator.downgrade();
        }
    }

    /** "Backups mandatory" on protected environments: the backup must succeed before anything changes. */
    private static void backupBeforeChange(MigrateSettings settings, Database db, String version, String command,
                                           MigrateListener listener) {
        listener.info("Environment '" + settings.env() + "' is protected: backing it up before the " + command);
        PgTools tools = PgTools.locate(settings.options().pgBinDir());
        Backups.of(settings, tools).takenFor(FixHint.goal(command) + " " + FixHint.set(MigrateProperty.ENV,
                        settings.env()))
                .create(db, version, listener);
    }

    public static Results.Drop drop(MigrateSettings settings, MigrateListener listener) {
        try (Migrator migrator = new Migrator(settings, listener)) {
            return migrator.drop();
        }
    }

    public static Results.Repair repair(MigrateSettings settings, MigrateListener listener) {
        try (Migrator migrator = new Migrator(settings, listener)) {
            return migrator.repair();
        }
    }

    /**
     * Writes a new migration pair.
     *
     * @param prompt asks the user for a message when none is configured; returns null when nobody can be asked
     */
    public static Results.Create create(MigrateSettings settings, MigrateListener listener, Supplier<String> prompt) {
        String message = settings.options().message();
        if (message == null) {
            message = prompt.get();
            if (message == null) {
                throw new MigrateException(ErrorCode.CONFIGURATION, "create needs a message and nobody can be asked"
                        + " for one (the build is not interactive); nothing was written (pass"
                        + " -Dmigrate.message=\"Add user preferences table\")");
            }
        }
        return new MigrationCreator(settings, listener, Clock.systemUTC()).create(message);
    }

    /** Prints the current version and pending migrations; fails when asked to and something is pending. */
    public static Results.Current current(MigrateSettings settings, MigrateListener listener) {
        Results.Current current;
        try (Database db = Database.open(settings, listener)) {
            current = new Migrator(settings, listener, db).current();
            new PromotionState(settings).interruptedNotice(db).ifPresent(listener::warn);
        }
        listener.info("Current version: " + (current.version() == null ? "<none> (nothing applied)"
                : current.version() + " (" + current.description() + ")"));
        listener.info("Pending migrations: " + current.pendingCount());
        for (MigrationInfo pending : current.pending()) {
            listener.info("  pending " + (pending.version() == null ? "repeatable" : "V" + pending.version()) + " "
                    + pending.description() + " (" + pending.script() + ")");
        }
        for (MigrationInfo skipped : current.outOfOrder()) {
            listener.warn("not applied and older than the current version: V" + skipped.version() + " "
                    + skipped.description() + " (" + skipped.script() + "); apply it with -Dmigrate.outOfOrder=true");
        }
        if (current.failedPresent()) {
            listener.warn("The history table records a failed migration: fix it and run migrate:repair");
        }
        if (settings.options().failIfPending() && current.pendingCount() > 0) {
            throw new MigrateException(ErrorCode.CHECK_FAILED, Messages.count(current.pendingCount(), "migration")
                    + (current.pendingCount() == 1 ? " is" : " are") + " pending on environment " + settings.env()
                    + " (current version " + Migrator.display(current.version()) + "); nothing was changed (run"
                    + " migrate:upgrade first, or leave out -Dmigrate.failIfPending=true)");
        }
        return current;
    }

    /** Prints the history, or writes it to {@code output} in the chosen format. */
    public static HistoryReport history(MigrateSettings settings, MigrateListener listener) {
        HistoryReport report;
        try (Database db = Database.open(settings, listener)) {
            report = new Migrator(settings, listener, db).history();
            new PromotionState(settings).interruptedNotice(db).ifPresent(listener::warn);
        }
        String text = report.render(settings.options().format());
        Path file = settings.options().output();
        if (file == null) {
            text.lines().forEach(listener::info);
            return report;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "could not write the history to " + file + ": "
                    + e.getMessage() + " (choose a writable -Dmigrate.output)", e);
        }
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
            throw new MigrateException(ErrorCode.VALIDATION, "validate found " + Messages.count(result.problems().size(),
                    "problem") + " in " + result.checked() + " migration files; nothing was changed: "
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
            return Backups.of(settings, tools)
                    .createWithVersionFrom(db, () -> migrator.current().version(), listener);
        }
    }

    /**
     * Restores the managed schemas from a backup (the named one, or the newest); on a protected environment only with
     * {@code confirm} equal to the database name.
     */
    public static BackupFile restore(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            PgTools tools = PgTools.locate(settings.options().pgBinDir());
            Backups backups = Backups.of(settings, tools);
            String name = settings.options().backup();
            BackupFile backup = name == null ? backups.latest() : backups.find(name);
            if (settings.profile().protectedEnv() && !db.name().equals(settings.options().confirm())) {
                throw new MigrateException(ErrorCode.REFUSED, "restore refused: environment '" + settings.env()
                        + "' is protected; nothing was changed (to replace schema" + (settings.schemas().size() == 1
                        ? " " : "s ") + String.join(", ", settings.schemas()) + " of database " + db.name()
                        + " with " + backup.path().getFileName() + ", pass -Dmigrate.confirm=" + db.name() + ")");
            }
            backups.restore(db, backup, settings.schemas(), listener); // checks the tools against the server
            return backup;
        }
    }

    /** Runs the environment's verification queries; fails when one does not hold. */
    public static VerificationResult verify(MigrateSettings settings, MigrateListener listener) {
        try (Database db = Database.open(settings, listener)) {
            VerificationResult result = Verifier.run(db, settings.profile().verify(), settings.schemas(),
                    PgDuration.parse(settings.profile().statementTimeout(), Duration.ofMinutes(1)), listener);
            result.stats().markdown().lines().forEach(listener::info);
            if (!result.passed()) {
                throw new MigrateException(ErrorCode.CHECK_FAILED, "verify failed on environment " + settings.env()
                        + ": " + result.summary() + "; nothing was changed (verification only reads)");
            }
            return result;
        }
    }

    /** Promotes from {@code migrate.from} to {@code migrate.to}; see {@link Promotion}. */
    public static PromotionReport promote(Map<String, String> properties, Map<String, String> environment,
                                          Path projectDir, Path buildDir, MigrateListener listener) {
        PromotionSettings settings = PromotionSettings.resolve(properties, environment, projectDir, buildDir);
        return new Promotion(settings, listener, environment).run();
    }
}
