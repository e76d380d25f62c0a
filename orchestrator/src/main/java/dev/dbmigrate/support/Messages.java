package dev.dbmigrate.support;

/** Small helpers for message text. */
public final class Messages {
    private Messages() {}

    /** Folds a multi-line message (PostgreSQL's, Flyway's) into one line and masks any credentials in it. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return Masking.inText(message.replaceAll("\\s*\\R\\s*", " ").strip());
    }

    /**
     * What to do about an applied migration whose file changed, and why {@code repair} is not it: the fix part of
     * every checksum-mismatch message (upgrade, validate, and Flyway's validation in this project's words).
     */
    public static final String CHECKSUM_FIX = "migrate:repair would only record the file's new checksum in the history"
            + " table and run nothing, so the change would never reach the database; instead restore the file as it"
            + " was applied (for example with git checkout) and put the change into a new migration with"
            + " migrate:create, or, on a database you can throw away, run migrate:drop and then migrate:upgrade to"
            + " apply every migration as the files are now";

    /**
     * An applied migration whose file changed since: the file, the version and both checksums, in the same words
     * wherever it is found.
     */
    public static String checksumMismatch(String file, String version, Integer recorded, Integer now) {
        return "checksum mismatch: " + file + " was changed after version " + version + " was applied (the history"
                + " table records checksum " + recorded + ", the file now has checksum " + now + ")";
    }

    /** {@link #checksumMismatch} with {@link #CHECKSUM_FIX}: one problem of {@code validate}. */
    public static String checksumProblem(String file, String version, Integer recorded, Integer now) {
        return checksumMismatch(file, version, recorded, now) + " (" + CHECKSUM_FIX + ")";
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
