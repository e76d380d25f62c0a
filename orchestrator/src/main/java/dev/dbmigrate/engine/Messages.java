package dev.dbmigrate.engine;

import dev.dbmigrate.config.DatabaseUrl;

/** Small helpers for message text. */
public final class Messages {
    private Messages() {
    }

    /** Folds a multi-line message (PostgreSQL's, Flyway's) into one line and masks any credentials in it. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return DatabaseUrl.mask(message.replaceAll("\\s*\\R\\s*", " ").strip());
    }

    /** "1 migration", "3 migrations". */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A duration in milliseconds for log lines. */
    public static String millis(java.time.Duration d) {
        return d.toMillis() + " ms";
    }
}
