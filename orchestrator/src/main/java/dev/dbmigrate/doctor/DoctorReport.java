package dev.dbmigrate.doctor;

import dev.dbmigrate.doctor.CheckOutcome.Status;
import java.util.List;

/**
 * What the doctor found on one environment: one outcome per check, in the order they ran.
 *
 * @param environment the environment's name
 * @param database    where it is, as it may be printed (no credentials)
 * @param checks      the outcomes
 */
public record DoctorReport(String environment, String database, List<CheckOutcome> checks) {
    public DoctorReport {
        checks = List.copyOf(checks);
    }

    /** The checks that failed. */
    public List<CheckOutcome> failed() {
        return withStatus(Status.FAIL);
    }

    /** Whether no check failed (warnings do not count). */
    public boolean healthy() {
        return failed().isEmpty();
    }

    /** Whether the connection check failed: the database could not be reached (or the login was refused). */
    public boolean unreachable() {
        return check(ConnectionCheck.NAME).status() == Status.FAIL;
    }

    /** The checks that ended with {@code status}. */
    public List<CheckOutcome> withStatus(Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /** The outcome of the check called {@code name}. */
    public CheckOutcome check(String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + name));
    }
}
