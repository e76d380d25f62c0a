package dev.dbmigrate.events;

/** One line of progress: its level and its text (which never holds a password). */
public record MigrateEvent(Level level, String message) {
    /** How important the line is. */
    public enum Level {
        DEBUG, INFO, WARN
    }
}
