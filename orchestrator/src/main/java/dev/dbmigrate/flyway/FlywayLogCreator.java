package dev.dbmigrate.flyway;

import dev.dbmigrate.events.MigrateListener;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Sends Flyway's own log lines to the listener of the command running on the current thread, at debug level: the
 * engine prints its own progress lines. Flyway instantiates this class by name (its {@code loggers} setting).
 */
public final class FlywayLogCreator implements LogCreator {
    private static final ThreadLocal<MigrateListener> LISTENER = ThreadLocal.withInitial(() -> MigrateListener.NONE);

    /** Routes Flyway's lines on this thread to {@code listener}. */
    static void route(MigrateListener listener) {
        LISTENER.set(listener);
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new ForwardingLog();
    }

    private static final class ForwardingLog implements Log {
        private static void send(String prefix, String message) {
            LISTENER.get().debug(prefix + message);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public void debug(String message) {
            send("flyway: ", message);
        }

        @Override
        public void info(String message) {
            send("flyway: ", message);
        }

        @Override
        public void warn(String message) {
            send("flyway warning: ", message);
        }

        @Override
        public void error(String message) {
            send("flyway error: ", message);
        }

        @Override
        public void error(String message, Exception e) {
            send("flyway error: ", message);
        }

        @Override
        public void notice(String message) {
            send("flyway: ", message);
        }
    }
}
