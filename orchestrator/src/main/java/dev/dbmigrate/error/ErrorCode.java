package dev.dbmigrate.error;

/**
 * What kind of failure a {@link MigrateException} reports. Each kind has a CLI exit code, and says whether it is the
 * user's to fix (a bad value, a failed check: Maven's BUILD FAILURE) or the environment's (an unreachable database, a
 * missing tool: Maven's BUILD ERROR).
 */
public enum ErrorCode {
    /** A property, profile key or argument has a value that cannot be used. */
    CONFIGURATION(2, true),
    /** The database could not be reached or refused the credentials. */
    CONNECTION(3, false),
    /** A migration or undo script failed while running; it was rolled back. */
    MIGRATION_FAILED(4, true),
    /** Validation found checksum, naming or version problems. */
    VALIDATION(5, true),
    /** The command was refused to protect data (protected profile, existing schema without history, missing undo). */
    REFUSED(6, true),
    /** A check asked for by the user did not hold (for example pending migrations with failIfPending). */
    CHECK_FAILED(7, true),
    /** An external tool or the embedded server could not be used. */
    ENVIRONMENT(8, false),
    /**
     * The run was interrupted (SIGINT, SIGTERM): the running statement was cancelled and rolled back. The CLI's JVM
     * exits with the signal's code (130 after SIGINT, 143 after SIGTERM); this code is used when it exits by itself.
     */
    INTERRUPTED(130, false),
    /** Anything unexpected. */
    INTERNAL(70, false);

    private final int exitCode;
    private final boolean usersToFix;

    ErrorCode(int exitCode, boolean usersToFix) {
        this.exitCode = exitCode;
        this.usersToFix = usersToFix;
    }

    /** The process exit code the CLI uses for this kind of failure. */
    public int exitCode() {
        return exitCode;
    }

    /** True when the user fixes this by changing input (Maven: failure), false when the environment is at fault (Maven: error). */
    public boolean usersToFix() {
        return usersToFix;
    }
}
