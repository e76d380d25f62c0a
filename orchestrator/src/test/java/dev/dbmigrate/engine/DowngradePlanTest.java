package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.MigrationInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a downgrade undoes, decided without a database: newest applied first, never below a baseline. */
class DowngradePlanTest {
    private static MigrationInfo applied(int rank, String version, String type) {
        return new MigrationInfo(
                version, "d", "V" + version + "__d.sql", type, "Success", rank, null, null, null, null, true, null);
    }

    private static final List<MigrationInfo> APPLIED =
            List.of(applied(1, null, "SCHEMA"), applied(2, "1", "SQL"), applied(3, "3", "SQL"), applied(4, "2", "SQL"));

    private static List<String> versions(List<MigrationInfo> plan) {
        return plan.stream().map(MigrationInfo::version).toList();
    }

    @Test
    void undoesTheLastAppliedByDefaultAndStepsCountFromTheNewestByRank() {
        assertEquals(List.of("2"), versions(DowngradePlan.toUndo(APPLIED, null, null)));
        assertEquals(List.of("2", "3"), versions(DowngradePlan.toUndo(APPLIED, null, 2)));
    }

    @Test
    void aTargetUndoesEveryMigrationAboveItAndZeroUndoesAll() {
        assertEquals(List.of("2", "3"), versions(DowngradePlan.toUndo(APPLIED, "1", null)));
        assertEquals(List.of("2", "3", "1"), versions(DowngradePlan.toUndo(APPLIED, "0", null)));
    }

    @Test
    void refusesStepsAndTargetTogetherMoreStepsThanAppliedAndATargetBelowTheBaseline() {
        assertEquals(
                ErrorCode.CONFIGURATION,
                assertThrows(MigrateException.class, () -> DowngradePlan.toUndo(APPLIED, "1", 1))
                        .code());
        assertEquals(
                ErrorCode.REFUSED,
                assertThrows(MigrateException.class, () -> DowngradePlan.toUndo(APPLIED, null, 4))
                        .code());
        List<MigrationInfo> baselined = List.of(applied(1, "5", "BASELINE"), applied(2, "6", "SQL"));
        MigrateException below = assertThrows(MigrateException.class, () -> DowngradePlan.toUndo(baselined, "4", null));
        assertEquals(
                "downgrade refused: target 4 is below the baseline 5, whose schema has no undo scripts; nothing"
                        + " was changed (use -Dmigrate.steps=1 or -Dmigrate.target=5 to undo every migration above the"
                        + " baseline)",
                below.getMessage());
    }
}
