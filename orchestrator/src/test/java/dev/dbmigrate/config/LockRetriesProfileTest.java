package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile key {@code lockRetries}: read, defaulted, and each bad value refused with key, value and fix. */
class LockRetriesProfileTest {
    private static final String FIX = "use the number of retries after the first try, 1 to 100, such as attempts: 5";

    @TempDir
    Path project;

    private EnvironmentProfile load(String yaml) throws IOException {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/prod.yml"), yaml);
        return ProfileLoader.load(project, "prod", Map.of());
    }

    private String refused(String yaml) {
        MigrateException e = assertThrows(MigrateException.class, () -> load(yaml));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        return e.getMessage();
    }

    @Test
    void attemptsAndBackoffAreRead() throws IOException {
        LockRetries retries =
                load("lockRetries:\n  attempts: 5\n  backoff: 2s\n").lockRetries();
        assertEquals(new LockRetries(5, Duration.ofSeconds(2)), retries);
        assertEquals("lockRetries: attempts 5, backoff 2s", retries.toString());
        assertEquals(
                new LockRetries(3, Duration.ofMillis(500)),
                load("lockRetries: { attempts: \"3\", backoff: 500ms }\n").lockRetries());
    }

    @Test
    void withoutTheSectionNothingIsRetriedAndWithoutBackoffTheFirstPauseIsOneSecond() throws IOException {
        assertEquals(LockRetries.NONE, load("lockTimeout: 5s\n").lockRetries());
        assertEquals(false, LockRetries.NONE.enabled());
        assertEquals(LockRetries.NONE, EnvironmentProfile.empty("dev").lockRetries());
        assertEquals(
                new LockRetries(2, Duration.ofSeconds(1)),
                load("lockRetries:\n  attempts: 2\n").lockRetries());
    }

    @Test
    void pausesDoubleUpToAMinute() {
        LockRetries retries = new LockRetries(8, Duration.ofSeconds(2));
        assertEquals(
                List.of("2s", "4s", "8s", "16s", "32s", "1min", "1min"),
                List.of(1, 2, 3, 4, 5, 6, 7).stream()
                        .map(k -> LockRetries.shown(retries.waitBefore(k)))
                        .toList());
        assertEquals(Duration.ofMinutes(5), new LockRetries(3, Duration.ofMinutes(5)).waitBefore(3));
        assertEquals("1500ms", LockRetries.shown(Duration.ofMillis(1500)));
    }

    @Test
    void attemptsThatAreNotAPositiveNumberAreRefusedWithTheFix() {
        assertEquals(
                "environments/prod.yml: lockRetries.attempts = 0 is not positive (" + FIX + ")",
                refused("lockRetries:\n  attempts: 0\n"));
        assertEquals(
                "environments/prod.yml: lockRetries.attempts = -2 is not positive (" + FIX + ")",
                refused("lockRetries:\n  attempts: -2\n"));
        assertEquals(
                "environments/prod.yml: lockRetries.attempts = \"five\" is not a number (" + FIX + ")",
                refused("lockRetries:\n  attempts: five\n"));
        assertEquals(
                "environments/prod.yml: lockRetries.attempts = 1000 is above 100 (" + FIX + ")",
                refused("lockRetries:\n  attempts: 1000\n"));
        assertEquals(
                "environments/prod.yml: lockRetries has no attempts (" + FIX + "; or remove lockRetries to never"
                        + " retry)",
                refused("lockRetries:\n  backoff: 2s\n"));
    }

    @Test
    void aBackoffThatIsNotADurationOrNoPauseIsRefused() {
        assertEquals(
                "environments/prod.yml: lockRetries.backoff = \"2\" has no unit (write 2s for 2 seconds, the same as"
                        + " 2000ms, or 2ms if you meant milliseconds; units: ms, s, min, h, d)",
                refused("lockRetries:\n  attempts: 5\n  backoff: 2\n"));
        assertEquals(
                "environments/prod.yml: lockRetries.backoff = \"soon\" is not a duration (use a number with a unit:"
                        + " ms, s, min, h or d, such as 500ms, 5s or 15min)",
                refused("lockRetries:\n  attempts: 5\n  backoff: soon\n"));
        assertEquals(
                "environments/prod.yml: lockRetries.backoff = \"0\" is no pause (a retry at once finds the lock still"
                        + " held: use a pause such as 2s, doubled before each further retry)",
                refused("lockRetries:\n  attempts: 5\n  backoff: 0\n"));
    }

    @Test
    void anUnknownSubKeyAScalarOrAMisspeltKeyIsRefused() {
        assertEquals(
                "environments/prod.yml: unknown key 'lockRetries.retries' (known keys in lockRetries: attempts,"
                        + " backoff)",
                refused("lockRetries:\n  attempts: 5\n  retries: 3\n"));
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        "environments/prod.yml has 2 problems; nothing was changed (fix each of them, then run again):",
                        "  - unknown key 'lockRetries.attempt' (did you mean attempts? known keys in lockRetries:"
                                + " attempts, backoff)",
                        "  - lockRetries has no attempts (" + FIX + "; or remove lockRetries to never retry)"),
                refused("lockRetries:\n  attempt: 5\n  backoff: 2s\n"));
        assertEquals(
                "environments/prod.yml: lockRetries = 5 is not a mapping (write its keys on indented lines below"
                        + " lockRetries:, such as attempts: 5)",
                refused("lockRetries: 5\n"));
        assertEquals(
                "environments/prod.yml: unknown key 'lock_retries' (did you mean lockRetries? known keys: url, user,"
                        + " password, schemas, protected, lockTimeout, statementTimeout, backup, verify, rollback,"
                        + " promotesTo, drift, rehearse, lockRetries)",
                refused("lock_retries:\n  attempts: 5\n"));
    }
}
