package dev.dbmigrate.app;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.nio.file.Path;

/** The backup a destructive command takes first: on a protected environment, and before a drop. */
final class BackupFirst {
    private BackupFirst() {}

    /**
     * "Backups mandatory" on protected environments: the one path every destructive command (upgrade, downgrade,
     * drop, restore) takes to back up first. The backup, named after the version in the snapshot it dumps, must be
     * written and read back before anything changes.
     */
    static BackupFile take(MigrateSettings settings, Database db, String command, MigrateListener listener) {
        // nothing has changed when the backup fails: the same step count is still right
        return take(
                settings,
                db,
                command,
                null,
                listener,
                settings.options().steps() == null
                        ? new String[0]
                        : new String[] {
                            FixHint.set(
                                    MigrateProperty.STEPS,
                                    String.valueOf(settings.options().steps()))
                        });
    }

    /**
     * As above; the rotation of old backups spares {@code spare} (the backup a restore is about to read), and a failed
     * backup says to run {@code command} again with {@code options} (those that chose what it does).
     */
    static BackupFile take(
            MigrateSettings settings,
            Database db,
            String command,
            BackupFile spare,
            MigrateListener listener,
            String... options) {
        listener.info("Environment '" + settings.env() + "' is protected: backing it up before the " + command);
        return Backups.of(settings, PgTools.locate(settings.options().pgBinDir()))
                .takenFor(FixHint.rerun(settings, command, options))
                .create(db, listener, spare);
    }

    /**
     * The backup a drop of a database that is neither embedded nor protected takes first, when pg_dump can take it;
     * null when the client tools are not installed (said in a warning). When they cannot take it (the tools are not in
     * the folder the user named, or pg_dump is older than the server) the drop is refused.
     */
    static BackupFile beforeDrop(MigrateSettings settings, Database db, MigrateListener listener, String confirm) {
        PgTools tools = PgTools.locate(settings.options().pgBinDir());
        if (tools.olderThanServerOf(db)) {
            // pg_dump is there but cannot dump this server: dropping anyway would lose what a backup should keep
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "drop refused: pg_dump " + tools.version() + " (" + tools.pgDump() + ") is older than the"
                            + " server, so database " + db.name() + " cannot be backed up first; nothing was dropped"
                            + " (install the PostgreSQL client of the server's version and put it first on the PATH,"
                            + " or set -Dmigrate.pgBinDir to its bin folder, or drop without a backup: "
                            + FixHint.command(
                                    settings,
                                    "drop",
                                    FixHint.set(MigrateProperty.CONFIRM, db.name()),
                                    FixHint.set(MigrateProperty.BACKUP_BEFORE_DROP, "false"))
                            + ")");
        } else if (tools.missing().isEmpty()) {
            listener.info("Backing up database " + db.name() + " before the drop (skip this for a throwaway"
                    + " database with -Dmigrate.backupBeforeDrop=false)");
            return Backups.of(settings, tools)
                    .takenFor(FixHint.rerun(settings, "drop", confirm))
                    .create(db, listener);
        } else if (settings.options().pgBinDir() != null) {
            // the user named the folder: a typo there must not turn into a drop without a backup
            Path dir = settings.options().pgBinDir().toAbsolutePath();
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "drop refused: " + String.join(", ", tools.missing()) + " not found in " + dir
                            + ", the folder -Dmigrate.pgBinDir names, so"
                            + " database " + db.name()
                            + " cannot be backed up first; nothing was dropped (point"
                            + " -Dmigrate.pgBinDir at the folder holding pg_dump, pg_restore and psql, or leave it out"
                            + " to use the PATH, or drop without a backup: "
                            + FixHint.command(
                                    settings,
                                    "drop",
                                    FixHint.set(MigrateProperty.CONFIRM, db.name()),
                                    FixHint.set(MigrateProperty.BACKUP_BEFORE_DROP, "false"))
                            + ")");
        } else {
            listener.warn("No backup before the drop of database " + db.name() + ": "
                    + String.join(", ", tools.missing()) + " not found (install the PostgreSQL client, or"
                    + " set -Dmigrate.pgBinDir, to have drop back up first)");
        }
        return null;
    }
}
