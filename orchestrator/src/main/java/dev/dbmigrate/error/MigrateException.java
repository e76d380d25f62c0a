package dev.dbmigrate.error;

/**
 * The one exception type of the library. Its message says what failed, the value involved, what was and was not
 * changed, and what to do next; it never contains a password.
 */
public class MigrateException extends RuntimeException {
    private final ErrorCode code;

    public MigrateException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public MigrateException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
