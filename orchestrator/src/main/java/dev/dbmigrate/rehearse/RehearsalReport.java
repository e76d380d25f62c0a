package dev.dbmigrate.rehearse;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one rehearsal: every versioned migration it covered, in order, each with what its round trip found.
 *
 * @param scope      what was rehearsed: {@code every migration}, or {@code the migrations pending on staging (at
 *                   version 3)}
 * @param migrations the migrations, in version order
 * @param duration   the time the whole rehearsal took, the scratch server's start included
 */
public record RehearsalReport(String scope, List<RehearsedMigration> migrations, Duration duration) {
    public RehearsalReport {
        migrations = List.copyOf(migrations);
    }

    /** The migrations whose round trip is not exact. */
    public List<RehearsedMigration> failed() {
        return migrations.stream().filter(m -> !m.ok()).toList();
    }

    /** Whether every round trip is exact. */
    public boolean passed() {
        return failed().isEmpty();
    }

    /**
     * The failure to report when a round trip is not exact: how many and which migrations, with their verdicts, and
     * that no real database was changed; empty when every round trip is exact.
     *
     * @param again the command that runs the rehearsal again, for the fix
     */
    public Optional<MigrateException> failure(String again) {
        List<RehearsedMigration> failed = failed();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        String which = String.join(
                ", ",
                failed.stream().map(m -> m.file() + " (" + m.verdict() + ")").toList());
        return Optional.of(new MigrateException(
                ErrorCode.CHECK_FAILED,
                "test-rollback: " + failed.size() + " of " + Messages.count(migrations.size(), "migration")
                        + " failed the round trip (apply, undo, apply again): " + which
                        + "; nothing was changed on any real database (the rehearsal ran in throwaway databases on"
                        + " the scratch PostgreSQL under target/migrate/scratch); fix the undo scripts as the report"
                        + " says, then run " + again));
    }
}
