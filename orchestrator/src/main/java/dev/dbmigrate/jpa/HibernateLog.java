package dev.dbmigrate.jpa;

import dev.dbmigrate.events.MigrateListener;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Hibernate's log while it exports: its warnings go to the listener, its info lines nowhere. JBoss Logging in the
 * project's loader is pointed at the JDK's logging (else it would pick a Logback of the project, unconfigured, and
 * print every debug line), whose {@code org.hibernate} logger gets a handler of its own for the run. Both are put back
 * as they were on {@link #close()}.
 */
final class HibernateLog implements AutoCloseable {
    /** JBoss Logging's choice of backend, read once per loader of JBoss Logging. */
    static final String PROVIDER = "org.jboss.logging.provider";

    /**
     * Warnings that say only that no connection is configured, which is the point: Hibernate 6 and 7 codes of "no
     * appropriate connection provider encountered".
     */
    static final List<String> EXPECTED = List.of("HHH000181", "HHH102003");

    private final Logger logger = Logger.getLogger("org.hibernate");
    private final Level level;
    private final boolean parentHandlers;
    private final String provider;
    private final Handler handler;

    private HibernateLog(MigrateListener listener) {
        level = logger.getLevel();
        parentHandlers = logger.getUseParentHandlers();
        provider = System.getProperty(PROVIDER);
        handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                String message = formatter.formatMessage(record);
                if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && EXPECTED.stream().noneMatch(message::startsWith)) {
                    listener.warn("Hibernate: " + message);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }

    /** Sends Hibernate's warnings to {@code listener} until closed. */
    static HibernateLog capture(MigrateListener listener) {
        HibernateLog log = new HibernateLog(listener);
        if (log.provider == null) {
            System.setProperty(PROVIDER, "jdk");
        }
        log.logger.setLevel(Level.WARNING);
        log.logger.setUseParentHandlers(false);
        log.logger.addHandler(log.handler);
        return log;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
        logger.setLevel(level);
        if (provider == null) {
            System.clearProperty(PROVIDER);
        }
    }
}
