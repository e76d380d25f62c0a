package dev.dbmigrate.promote;

import static dev.dbmigrate.promote.EnvironmentStates.display;

import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.support.Messages;

/**
 * The checks before a promotion changes anything: the target is not ahead of the source, no history records a failed
 * migration, the migrations are valid (with an undo script each where undo is the only way back), {@code pg_dump} can
 * dump both databases, and both backup folders can be written.
 *
 * @param source the source's version and pending migrations
 * @param target the target's version and pending migrations
 * @param tools  the PostgreSQL client tools the backups use
 */
record Preflight(Results.Current source, Results.Current target, PgTools tools) {

    /**
     * The versions of both environments, read first: a check that refuses after this still reports the target's
     * version.
     */
    record States(Results.Current source, Results.Current target) {
        static States read(PromotionContext run) {
            return new States(
                    run.migrator(run.from()).current(), run.migrator(run.to()).current());
        }
    }

    /** Runs the checks on the versions read; throws a {@link MigrateException} naming the first that fails. */
    static Preflight check(PromotionContext run, States versions) {
        MigrateSettings from = run.from();
        MigrateSettings to = run.to();
        Results.Current sourceState = versions.source();
        Results.Current targetState = versions.target();
        if (targetState.version() != null
                && (sourceState.version() == null
                        || Versions.compare(targetState.version(), sourceState.version()) > 0)) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    to.env() + " (version " + targetState.version()
                            + ") is ahead of " + from.env() + " (version "
                            + Messages.oneLine(display(sourceState.version()))
                            + "): promoting would skip what " + to.env() + " has; nothing was changed (bring "
                            + from.env()
                            + " up to " + to.env() + " first with mvn " + FixHint.command(from, "upgrade")
                            + ", then promote again)");
        }
        if (sourceState.failedPresent() || targetState.failedPresent()) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "a history table records a failed migration;"
                            + " nothing was changed (clean up its partial changes, then run "
                            + FixHint.command(sourceState.failedPresent() ? from : to, "repair") + ")");
        }
        boolean requireUndo = RollbackPolicy.of(from.profile().rollback()).requiresUndoScripts()
                || RollbackPolicy.of(to.profile().rollback()).requiresUndoScripts();
        Results.Validation validation = run.migrator(from).validate(requireUndo);
        if (!validation.ok()) {
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    "the migrations are not valid: " + String.join("; ", validation.problems())
                            + "; nothing was changed");
        }
        PgTools tools = PgTools.locate(from.options().pgBinDir());
        tools.requireUsableFor(run.sourceDb());
        tools.requireUsableFor(run.targetDb());
        run.backups(from, tools).requireWritableDirectory();
        run.backups(to, tools).requireWritableDirectory();
        return new Preflight(sourceState, targetState, tools);
    }

    /** Whether neither environment has a migration pending. */
    boolean nothingPending() {
        return source.pendingCount() == 0 && target.pendingCount() == 0;
    }

    /** The step's line in the report. */
    String detail(String sourceName, String targetName) {
        return sourceName + " at " + display(source.version()) + " with "
                + Messages.count(source.pendingCount(), "pending migration") + ", " + targetName + " at "
                + display(target.version()) + " with " + Messages.count(target.pendingCount(), "pending migration")
                + "; pg_dump " + tools.major() + " usable";
    }
}
