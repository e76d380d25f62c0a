package dev.dbmigrate.promote;

import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.support.Messages;

/**
 * What the parts of one promotion share: its run id, both environments with their open databases, and the listener.
 *
 * @param runId    this run's id
 * @param from     the source environment (staging)
 * @param to       the target environment (prod)
 * @param sourceDb the source's database, open for the whole run
 * @param targetDb the target's database, open for the whole run
 * @param listener receives the progress lines
 */
record PromotionContext(
        String runId,
        MigrateSettings from,
        MigrateSettings to,
        Database sourceDb,
        Database targetDb,
        MigrateListener listener) {

    Database db(MigrateSettings env) {
        return env == from ? sourceDb : targetDb;
    }

    /** The environment called {@code name}: the source or the target. */
    MigrateSettings settings(String name) {
        return name.equals(from.env()) ? from : to;
    }

    Migrator migrator(MigrateSettings settings, Database db) {
        return new Migrator(settings, listener, db);
    }

    Migrator migrator(MigrateSettings env) {
        return migrator(env, db(env));
    }

    Backups backups(MigrateSettings settings, PgTools tools) {
        return Backups.of(settings, tools).takenFor(promoteCommand());
    }

    /** This promotion's command, to run it again. */
    String promoteCommand() {
        return FixHint.goal("promote") + " " + FixHint.set(MigrateProperty.FROM, from.env()) + " "
                + FixHint.set(MigrateProperty.TO, to.env());
    }

    /** The command that restores {@code backup} into {@code env} by hand (confirmed on a protected one). */
    String restoreByHand(MigrateSettings env, String backup) {
        return "mvn " + FixHint.goal("restore") + " " + FixHint.set(MigrateProperty.ENV, env.env()) + " "
                + FixHint.set(MigrateProperty.BACKUP, backup)
                + (env.profile().protectedEnv() ? " " + FixHint.set(MigrateProperty.CONFIRM, db(env).name()) : "");
    }

    /** The version the environment called {@code name} is at now, for the summary of an interrupted step. */
    String versionNow(String name) {
        MigrateSettings settings = settings(name);
        try {
            return EnvironmentStates.display(migrator(settings).current().version());
        } catch (RuntimeException e) {
            return "unknown (it could not be read: " + Messages.oneLine(e.getMessage()) + "; see "
                    + FixHint.goal("current") + " " + FixHint.set(MigrateProperty.ENV, settings.env()) + ")";
        }
    }
}
