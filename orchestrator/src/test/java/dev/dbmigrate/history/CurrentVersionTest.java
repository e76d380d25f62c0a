package dev.dbmigrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one current-version function: the same answer from history rows and from Flyway's info, in Flyway's order. */
class CurrentVersionTest {
    private static HistoryTable.Row row(int rank, String version, String type, boolean success) {
        return new HistoryTable.Row(rank, version, "d", type, "s" + rank, 0, "u", null, 0, success);
    }

    private static MigrationInfo info(String version, String type, String state, boolean applied) {
        return new MigrationInfo(version, "d", "s", type, state, null, null, null, null, null, applied, null);
    }

    @Test
    void theHighestSuccessfulMigrationOrBaselineCountsInVersionOrderNotTextOrder() {
        List<HistoryTable.Row> rows = List.of(
                row(1, null, "SCHEMA", true),
                row(2, "1.9", "BASELINE", true),
                row(3, "1.10", "SQL", true),
                row(4, "2", "SQL", false),
                row(5, null, "SQL", true));
        assertEquals("1.10", CurrentVersion.ofRows(rows));
        assertEquals(
                "1.10",
                CurrentVersion.of(List.of(
                        info("1.9", "BASELINE", "Baseline", true),
                        info("1.10", "SQL", "Success", true),
                        info("2", "SQL", "Failed", true),
                        info("3", "SQL", "Pending", false),
                        info(null, "SQL", "Success", true))));
    }

    @Test
    void rowsRepairMarkedDeletedAndTheSchemaMarkerNeverCount() {
        assertEquals(
                "1",
                CurrentVersion.ofRows(
                        List.of(row(1, "1", "SQL", true), row(2, "7", "DELETE", true), row(3, "9", "SCHEMA", true))));
        assertNull(CurrentVersion.ofRows(List.of(row(1, null, "SCHEMA", true))));
        assertNull(CurrentVersion.of(List.of(info("1", "SQL", "Pending", false))));
    }

    @Test
    void equalVersionsKeepTheFirstAsWritten() {
        assertEquals("1.01", CurrentVersion.ofRows(List.of(row(1, "1.01", "SQL", true), row(2, "1.1", "SQL", true))));
        assertEquals(0, Versions.compare("1.01.0", "1_1"));
        assertEquals("1.1", Versions.normalize("1_01.0"));
    }
}
