package dev.dbmigrate.doctor;

import java.sql.SQLException;

/** One of the doctor's checks: one small class each, run in the order {@link Doctor} lists them. */
interface DoctorCheck {
    /** The check's name, as its line starts: {@code [PASS] <name>: ...}. */
    String name();

    /** Whether the check needs the database (it is skipped when the connection failed). */
    default boolean needsDatabase() {
        return true;
    }

    /**
     * Runs the check; never changes anything. A failure to run it (a query refused, a file unreadable) is the check's
     * failure, with the message as its detail.
     */
    CheckOutcome run(DoctorContext context) throws SQLException;
}
