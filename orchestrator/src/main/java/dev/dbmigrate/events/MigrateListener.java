package dev.dbmigrate.events;

/**
 * Receives what the library has to say while it works. Each front end decides how to print it: the Maven plugin
 * writes to Maven's log, the CLI to the console.
 */
@FunctionalInterface
public interface MigrateListener {
    /** A listener that drops everything. */
    MigrateListener NONE = event -> { };

    void on(MigrateEvent event);

    default void info(String message) {
        on(new MigrateEvent(MigrateEvent.Level.INFO, message));
    }

    default void warn(String message) {
        on(new MigrateEvent(MigrateEvent.Level.WARN, message));
    }

    default void debug(String message) {
        on(new MigrateEvent(MigrateEvent.Level.DEBUG, message));
    }
}
