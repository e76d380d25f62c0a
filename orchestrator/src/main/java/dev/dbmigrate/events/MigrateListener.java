package dev.dbmigrate.events;

/**
 * Receives what the library has to say while it works. Each front end decides how to print it: the Maven plugin
 * writes to Maven's log, the CLI to the console.
 */
@FunctionalInterface
public interface MigrateListener {
    /** A listener that drops everything. */
    MigrateListener NONE = event -> {};

    /** Receives one event. */
    void on(MigrateEvent event);

    /** A free-form line for the console. */
    default void info(String message) {
        on(new MigrateEvent.Message(MigrateEvent.Level.INFO, message));
    }

    /** A free-form warning. */
    default void warn(String message) {
        on(new MigrateEvent.Message(MigrateEvent.Level.WARN, message));
    }

    /** A free-form line shown only when asked for detail. */
    default void debug(String message) {
        on(new MigrateEvent.Message(MigrateEvent.Level.DEBUG, message));
    }
}
