package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.history.HistoryTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files the pending scope reports on, from an environment's history rows. */
class ReportedFilesTest {
    @TempDir
    Path dir;

    private Path write(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "select 1;\n");
    }

    private static HistoryTable.Row row(int rank, String version, String script, boolean success) {
        return new HistoryTable.Row(rank, version, "x", "SQL", script, 0, "postgres", Instant.EPOCH, 1, success);
    }

    @Test
    void appliedMigrationsAndTheirUndoScriptsAreOutOfScopeAndEverythingElseIn() throws Exception {
        Path v1 = write("V1__a.sql");
        Path u1 = write("U1__a.sql");
        Path v2 = write("V2__b.sql");
        Path v3 = write("V3__c.sql");
        Path u3 = write("U3__c.sql");
        Path v4 = write("V4__d.sql");
        LintContext context = new LintContext(MigrationFiles.scan(List.of(dir), false), true, false, null);
        // V1 and V3 applied, V2 never (out of order), V4 failed
        ReportedFiles pending = ReportedFiles.pending(
                context,
                "qa",
                List.of(
                        row(1, "1", "V1__a.sql", true),
                        row(2, "3", "V3__c.sql", true),
                        row(3, "4", "V4__d.sql", false)));
        assertEquals("the migrations pending on environment qa (at version 3)", pending.description());
        assertTrue(pending.pending());
        for (Path applied : List.of(v1, u1, v3, u3)) {
            assertFalse(pending.reports(applied), applied.toString());
        }
        assertTrue(pending.reports(v2));
        assertTrue(pending.reports(v4));
        assertTrue(pending.reports(dir.resolve("V5_misnamed.sql")), "a file that is no migration is always in scope");
        assertEquals(2, pending.inScope());
        assertEquals(6, pending.total());

        ReportedFiles none = ReportedFiles.pending(context, "qa", List.of());
        assertEquals("the migrations pending on environment qa (at version <none>)", none.description());
        assertEquals(6, none.inScope());
        ReportedFiles all = ReportedFiles.all(context);
        assertEquals("every migration", all.description());
        assertFalse(all.pending());
        assertTrue(all.reports(v1));
    }
}
