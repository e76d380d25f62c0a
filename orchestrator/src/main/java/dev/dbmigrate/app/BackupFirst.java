package dev.dbmigrate.app;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.events.MigrateListener;

/** The backup a destructive command takes first on a protected environment. */
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
}
