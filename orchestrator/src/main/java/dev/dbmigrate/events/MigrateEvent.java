package dev.dbmigrate.events;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the library reports while it works, as data: a migration applied or undone, a backup written, a step of a
 * promotion started or finished, a check's result, or a free-form {@link Message}. The events hold no password and no
 * console text; {@code dev.dbmigrate.report.ConsoleText} turns each into its line, and reports read the same values.
 * A new kind of event is a new record here and a new case in {@code ConsoleText}.
 */
public sealed interface MigrateEvent {
    /** How important an event's line is. */
    enum Level {
        DEBUG,
        INFO,
        WARN
    }

    /**
     * A free-form line for what has no event of its own.
     *
     * @param level how important it is
     * @param text  the line, which never holds a password
     */
    record Message(Level level, String text) implements MigrateEvent {}

    /**
     * A migration committed by upgrade.
     *
     * @param version     its version, or {@code null} for a repeatable migration
     * @param description its description from the file name
     * @param script      its file name
     * @param duration    the time it took
     */
    record MigrationApplied(String version, String description, String script, Duration duration)
            implements MigrateEvent {}

    /**
     * A migration failed on the lock timeout (SQLSTATE 55P03) and is tried again after a pause (the profile's
     * {@code lockRetries}); what it did was rolled back (or, outside a transaction, its invalid index dropped).
     *
     * @param version     its version, or {@code null} for a repeatable migration
     * @param script      its file name
     * @param lockTimeout the {@code lock_timeout} in force, as PostgreSQL shows it, such as {@code 1s}
     * @param retry       which retry this is, 1 for the first
     * @param attempts    how many retries the profile allows
     * @param pause       the pause before it
     */
    record MigrationRetried(String version, String script, String lockTimeout, int retry, int attempts, Duration pause)
            implements MigrateEvent {}

    /**
     * A migration undone by downgrade.
     *
     * @param version     the undone migration's version
     * @param description its description
     * @param script      the undone migration's file name, as its history row holds it
     * @param undoScript  the undo script's file name
     * @param duration    the time the undo took
     */
    record MigrationUndone(String version, String description, String script, String undoScript, Duration duration)
            implements MigrateEvent {}

    /**
     * A backup completely written and read back.
     *
     * @param name        the backup's name
     * @param directory   the folder it was written to
     * @param sizeBytes   its size on disk
     * @param format      the format's name in the profile, such as {@code custom}
     * @param jobs        pg_dump's parallel jobs for a format written as a folder, {@code null} for a one-file format
     * @param compression pg_dump's compression level
     * @param duration    the time the backup took
     */
    record BackupWritten(
            String name,
            Path directory,
            long sizeBytes,
            String format,
            Integer jobs,
            int compression,
            Duration duration)
            implements MigrateEvent {}

    /**
     * A step of a promotion began.
     *
     * @param name        the step's name, such as {@code upgrade staging}
     * @param environment the environment it works on, or {@code null} for a step on none
     */
    record StepStarted(String name, String environment) implements MigrateEvent {}

    /**
     * A step of a promotion ended.
     *
     * @param name        the step's name
     * @param environment the environment it worked on, or {@code null}
     * @param passed      whether it succeeded
     * @param duration    the time it took
     * @param detail      what it did when it passed, why it failed otherwise
     */
    record StepFinished(String name, String environment, boolean passed, Duration duration, String detail)
            implements MigrateEvent {}

    /**
     * A verify check ran.
     *
     * @param name     the check's name from the profile
     * @param passed   whether its result met the expectation within its budget
     * @param detail   for a passed check the comparison ({@code 0 rows, expected 0}), for a failed one the cause
     * @param duration the query's time
     * @param budget   the check's time budget, or {@code null} when it has none
     */
    record CheckFinished(String name, boolean passed, String detail, Duration duration, Duration budget)
            implements MigrateEvent {}
}
