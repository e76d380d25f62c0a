package dev.dbmigrate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateEvent.BackupWritten;
import dev.dbmigrate.events.MigrateEvent.CheckFinished;
import dev.dbmigrate.events.MigrateEvent.Level;
import dev.dbmigrate.events.MigrateEvent.Message;
import dev.dbmigrate.events.MigrateEvent.MigrationApplied;
import dev.dbmigrate.events.MigrateEvent.MigrationRetried;
import dev.dbmigrate.events.MigrateEvent.MigrationUndone;
import dev.dbmigrate.events.MigrateEvent.StepFinished;
import dev.dbmigrate.events.MigrateEvent.StepStarted;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleTextTest {
    private static final Duration MS_42 = Duration.ofMillis(42);

    @Test
    void aMessageKeepsItsLevelAndText() {
        MigrateEvent event = new Message(Level.DEBUG, "ran pg_dump (exit 0)");
        assertEquals(Level.DEBUG, ConsoleText.level(event));
        assertEquals("ran pg_dump (exit 0)", ConsoleText.text(event));
    }

    @Test
    void anAppliedMigrationIsNamedByVersionDescriptionAndScript() {
        assertLine(
                Level.INFO,
                "Applied V2 add songs (V2__add_songs.sql) in 42 ms",
                new MigrationApplied("2", "add songs", "V2__add_songs.sql", MS_42));
        assertLine(
                Level.INFO,
                "Applied repeatable views (R__views.sql) in 42 ms",
                new MigrationApplied(null, "views", "R__views.sql", MS_42));
    }

    @Test
    void aRetryAfterTheLockTimeoutWarnsWithItsNumberAndPause() {
        assertLine(
                Level.WARN,
                "V3__add_index.sql hit the lock timeout (lock_timeout 1s): retry 2 of 5 in 4s",
                new MigrationRetried("3", "V3__add_index.sql", "1s", 2, 5, Duration.ofSeconds(4)));
    }

    @Test
    void anUndoneMigrationNamesItsUndoScript() {
        assertLine(
                Level.INFO,
                "Undid V2 add songs (V2__add_songs.sql) with U2__add_songs.sql in 42 ms",
                new MigrationUndone("2", "add songs", "V2__add_songs.sql", "U2__add_songs.sql", MS_42));
    }

    @Test
    void aWrittenBackupShowsItsSizeFormatJobsAndCompression() {
        Path folder = Path.of("target", "backups");
        assertLine(
                Level.INFO,
                "Backup b1 written to " + folder + " (512 B, custom format, compression 1) in 42 ms",
                new BackupWritten("b1", folder, 512, "custom", null, 1, MS_42));
        assertLine(
                Level.INFO,
                "Backup b2 written to " + folder + " (2.0 KB, directory format, 1 job, compression 1)" + " in 42 ms",
                new BackupWritten("b2", folder, 2048, "directory", 1, 1, MS_42));
        assertLine(
                Level.INFO,
                "Backup b3 written to " + folder + " (3.5 MB, directory format, 2 jobs, compression 0)" + " in 42 ms",
                new BackupWritten("b3", folder, 3 * 1024 * 1024 + 512 * 1024, "directory", 2, 0, MS_42));
    }

    @Test
    void aStepSaysItStartedAndAFailedStepWarns() {
        assertLine(Level.INFO, "[upgrade staging] ...", new StepStarted("upgrade staging", "staging"));
        assertLine(
                Level.INFO,
                "[upgrade staging] passed in 42 ms: V1 -> V3",
                new StepFinished("upgrade staging", "staging", true, MS_42, "V1 -> V3"));
        assertLine(
                Level.WARN,
                "[verify prod] FAILED in 42 ms: 1 check failed",
                new StepFinished("verify prod", "prod", false, MS_42, "1 check failed"));
    }

    @Test
    void aCheckShowsItsBudgetWhenPassedAndAFailedCheckWarns() {
        assertLine(
                Level.INFO,
                "verify 'songs': passed (0 rows, expected 0) in 42 ms",
                new CheckFinished("songs", true, "0 rows, expected 0", MS_42, null));
        assertLine(
                Level.INFO,
                "verify 'songs': passed (0 rows, expected 0) in 42 ms (budget 5000 ms)",
                new CheckFinished("songs", true, "0 rows, expected 0", MS_42, Duration.ofSeconds(5)));
        assertLine(
                Level.WARN,
                "verify 'songs': FAILED: returned 3 rows, expected 0 in 42 ms",
                new CheckFinished("songs", false, "returned 3 rows, expected 0", MS_42, Duration.ofSeconds(5)));
    }

    private static void assertLine(Level level, String text, MigrateEvent event) {
        assertEquals(text, ConsoleText.text(event));
        assertEquals(level, ConsoleText.level(event));
    }
}
