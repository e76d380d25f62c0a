package dev.dbmigrate.verify;

import dev.dbmigrate.events.MigrateEvent;
import java.time.Duration;

/**
 * The outcome of one {@code verify} check. The console line (through {@link #event()}) and the summary of a failed
 * verification ({@link VerificationResult#summary()}) are built from this record.
 *
 * @param name       the check's name from the profile
 * @param passed     whether the query ran, its result met the expectation and it stayed within its budget
 * @param expected   the expectation as text: {@code "0 rows"} for {@code rows: 0}, the value itself for {@code equals}
 * @param actual     what the query returned, in the same terms ({@code "3 rows"}, the value, {@code "2 rows"} when a
 *                   single value was expected), or {@code null} when the query failed
 * @param durationMs the query's wall time, including reading its rows
 * @param budgetMs   the check's time budget, or {@code null} when it has none
 * @param message    for a passed check the comparison ({@code "0 rows, expected 0"}), for a failed one the cause
 *                   ({@code "returned 3 rows, expected 0 (first row: {id=7})"} or PostgreSQL's error)
 */
public record CheckResult(
        String name, boolean passed, String expected, String actual, long durationMs, Long budgetMs, String message) {

    /** The check's result as the event that reports it on the console. */
    public MigrateEvent.CheckFinished event() {
        return new MigrateEvent.CheckFinished(
                name,
                passed,
                message,
                Duration.ofMillis(durationMs),
                budgetMs == null ? null : Duration.ofMillis(budgetMs));
    }
}
