package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.quoted;
import static dev.dbmigrate.config.ProfileProblems.shown;

import java.time.Duration;
import java.util.Map;

/** Reads a profile's {@code lockRetries} section: {@code attempts} (required) and {@code backoff}. */
final class LockRetriesSection {
    private static final String ATTEMPTS_FIX =
            "use the number of retries after the first try, 1 to " + LockRetries.MAX_ATTEMPTS + ", such as attempts: 5";

    private final ProfileValues values;
    private final ProfileProblems problems;

    LockRetriesSection(ProfileValues values, ProfileProblems problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The section; {@code null} when the profile has none. */
    LockRetries read(Object value) {
        Map<String, Object> section = values.section(value, "lockRetries", "attempts: 5");
        if (section == null) {
            return null;
        }
        ProfileKeys.check(section, "lockRetries", ProfileKeys.LOCK_RETRIES, problems);
        Integer attempts = problems.attempt(() -> attempts(section.get("attempts")), null);
        Duration backoff = problems.attempt(() -> backoff(section), null);
        return attempts == null || backoff == null ? null : new LockRetries(attempts, backoff);
    }

    private Integer attempts(Object value) {
        if (value == null) {
            throw problems.fail(
                    "lockRetries has no attempts (" + ATTEMPTS_FIX + "; or remove lockRetries to never retry)");
        }
        int attempts = values.positiveInt(value, "lockRetries.attempts", 0, ATTEMPTS_FIX);
        if (attempts > LockRetries.MAX_ATTEMPTS) {
            throw problems.fail("lockRetries.attempts = " + shown("lockRetries.attempts", value) + " is above "
                    + LockRetries.MAX_ATTEMPTS + " (" + ATTEMPTS_FIX + ")");
        }
        return attempts;
    }

    private Duration backoff(Map<String, Object> section) {
        String backoff = values.duration(section, "lockRetries.backoff");
        if (backoff == null) {
            return LockRetries.DEFAULT_BACKOFF;
        }
        Duration pause = PgDuration.parse(backoff, LockRetries.DEFAULT_BACKOFF);
        if (pause.isZero()) {
            throw problems.fail("lockRetries.backoff = " + quoted(backoff) + " is no pause (a retry at once finds the"
                    + " lock still held: use a pause such as 2s, doubled before each further retry)");
        }
        return pause;
    }
}
