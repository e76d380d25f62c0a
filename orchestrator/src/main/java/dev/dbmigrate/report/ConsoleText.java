package dev.dbmigrate.report;

import dev.dbmigrate.config.LockRetries;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateEvent.BackupWritten;
import dev.dbmigrate.events.MigrateEvent.CheckFinished;
import dev.dbmigrate.events.MigrateEvent.Level;
import dev.dbmigrate.events.MigrateEvent.Message;
import dev.dbmigrate.events.MigrateEvent.MigrationApplied;
import dev.dbmigrate.events.MigrateEvent.MigrationRetried;
import dev.dbmigrate.events.MigrateEvent.MigrationUndone;
import dev.dbmigrate.events.MigrateEvent.StepFinished;
import dev.dbmigrate.events.MigrateEvent.StepStarted;
import dev.dbmigrate.support.Messages;
import java.util.Locale;

/**
 * The one text renderer of the library's events: the level and the console line of each. The Maven plugin writes the
 * line to Maven's log, the CLI to the console (each spells fix hints its own way and masks secrets); tests of a
 * message read the same line.
 */
public final class ConsoleText {
    private ConsoleText() {}

    /** How important the event's line is: a retry, a failed step or check warns, the other typed events inform. */
    public static Level level(MigrateEvent event) {
        if (event instanceof Message m) {
            return m.level();
        }
        if (event instanceof MigrationRetried) {
            return Level.WARN;
        }
        if (event instanceof StepFinished s) {
            return s.passed() ? Level.INFO : Level.WARN;
        }
        if (event instanceof CheckFinished c) {
            return c.passed() ? Level.INFO : Level.WARN;
        }
        return Level.INFO;
    }

    /** The event's console line. */
    public static String text(MigrateEvent event) {
        if (event instanceof Message m) {
            return m.text();
        }
        if (event instanceof MigrationApplied a) {
            return "Applied " + label(a.version(), a.description(), a.script()) + " in "
                    + Messages.millis(a.duration());
        }
        if (event instanceof MigrationRetried r) {
            return r.script() + " hit the lock timeout (lock_timeout " + r.lockTimeout() + "): retry " + r.retry()
                    + " of " + r.attempts() + " in " + LockRetries.shown(r.pause());
        }
        if (event instanceof MigrationUndone u) {
            return "Undid " + label(u.version(), u.description(), u.script()) + " with " + u.undoScript() + " in "
                    + Messages.millis(u.duration());
        }
        if (event instanceof BackupWritten b) {
            return backupWritten(b);
        }
        if (event instanceof StepStarted s) {
            return "[" + s.name() + "] ...";
        }
        if (event instanceof StepFinished s) {
            return "[" + s.name() + "] " + (s.passed() ? "passed" : "FAILED") + " in " + Messages.millis(s.duration())
                    + ": " + s.detail();
        }
        return check((CheckFinished) event);
    }

    /** {@code V2 add index (V2__add_index.sql)}, or {@code repeatable views (R__views.sql)}. */
    private static String label(String version, String description, String script) {
        return (version == null ? "repeatable " : "V" + version + " ") + description + " (" + script + ")";
    }

    /** {@code Backup <name> written to <folder> (1.2 MB, directory format, 2 jobs, compression 1) in 840 ms}. */
    private static String backupWritten(BackupWritten b) {
        String jobs = b.jobs() == null ? "" : ", " + Messages.count(b.jobs(), "job");
        return "Backup " + b.name() + " written to " + b.directory() + " (" + size(b.sizeBytes()) + ", " + b.format()
                + " format" + jobs + ", compression " + b.compression() + ") in " + Messages.millis(b.duration());
    }

    /** {@code verify 'name': passed (0 rows, expected 0) in 3 ms} or {@code verify 'name': FAILED: cause in 3 ms}. */
    private static String check(CheckFinished c) {
        long took = c.duration().toMillis();
        if (!c.passed()) {
            return "verify '" + c.name() + "': FAILED: " + c.detail() + " in " + took + " ms";
        }
        String budget = c.budget() == null ? "" : " (budget " + c.budget().toMillis() + " ms)";
        return "verify '" + c.name() + "': passed (" + c.detail() + ") in " + took + " ms" + budget;
    }

    /** A size as the backup line shows it: {@code 512 B}, {@code 3.4 KB}, {@code 12.0 MB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
