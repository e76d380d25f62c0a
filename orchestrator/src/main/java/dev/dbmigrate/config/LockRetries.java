package dev.dbmigrate.config;

import java.time.Duration;

/**
 * The profile key {@code lockRetries}: how often, and after how long a pause, a migration that failed on the lock
 * timeout (SQLSTATE 55P03, {@code lock_timeout} ran out) is tried again. Such a migration was rolled back whole, so
 * trying it again is safe; the pause gives the session that held the lock time to finish.
 *
 * <p>{@code attempts} counts the retries, not the tries: {@code attempts: 5} runs a migration at most six times (the
 * first try and five retries). The pauses grow: the one before retry {@code k} is {@code backoff × 2^(k-1)}, at most
 * {@link #MAX_WAIT} (or {@code backoff} itself when that is longer), so {@code backoff: 2s} waits 2s, 4s, 8s, 16s and
 * 32s before retries 1 to 5: about a minute in all, long enough for a typical long transaction or a nightly job's
 * statement to end.
 *
 * @param attempts how many times a migration is retried after its first try; 0 for never (no {@code lockRetries})
 * @param backoff  the pause before the first retry, doubled before each retry after it
 */
public record LockRetries(int attempts, Duration backoff) {
    /** No retries: what a profile without {@code lockRetries} uses. */
    public static final LockRetries NONE = new LockRetries(0, Duration.ZERO);
    /** The pause before the first retry when the profile gives {@code attempts} but no {@code backoff}. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    /** The most attempts a profile may ask for. */
    public static final int MAX_ATTEMPTS = 100;
    /** The longest pause that doubling reaches (a longer {@code backoff} is used as it is). */
    public static final Duration MAX_WAIT = Duration.ofMinutes(1);

    /** Whether a migration is ever retried. */
    public boolean enabled() {
        return attempts > 0;
    }

    /** The pause before retry {@code retry} (1 for the first). */
    public Duration waitBefore(int retry) {
        Duration wait = backoff;
        for (int k = 1; k < retry && wait.compareTo(MAX_WAIT) < 0; k++) {
            wait = wait.multipliedBy(2);
        }
        Duration cap = backoff.compareTo(MAX_WAIT) > 0 ? backoff : MAX_WAIT;
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /** A duration as a profile writes it: {@code 2s}, {@code 500ms}, {@code 1500ms}, {@code 2min}. */
    public static String shown(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        return ms != 0 && ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** {@code attempts 5, backoff 2s}, as messages name the setting. */
    @Override
    public String toString() {
        return enabled() ? "lockRetries: attempts " + attempts + ", backoff " + shown(backoff) : "no lockRetries";
    }
}
