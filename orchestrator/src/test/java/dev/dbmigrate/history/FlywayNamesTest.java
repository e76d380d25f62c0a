package dev.dbmigrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

/** The history format's names are Flyway's own: every state with its display name and pattern, every row type. */
class FlywayNamesTest {
    /** The states Flyway's {@code ValidatePattern} accepts in an ignore pattern. */
    private static final Set<MigrationState> IGNORABLE = Set.of(
            MigrationState.MISSING_SUCCESS,
            MigrationState.PENDING,
            MigrationState.IGNORED,
            MigrationState.FUTURE_SUCCESS);

    @Test
    void statesAreFlywaysWithTheirDisplayNamesAndPatterns() {
        assertEquals(
                Arrays.stream(MigrationState.values()).map(Enum::name).toList(),
                Arrays.stream(HistoryState.values()).map(Enum::name).toList());
        for (MigrationState flyway : MigrationState.values()) {
            HistoryState ours = HistoryState.valueOf(flyway.name());
            assertEquals(flyway.getDisplayName(), ours.displayName(), flyway.name());
            if (IGNORABLE.contains(flyway)) {
                assertEquals("*:" + flyway.getPattern(), ours.ignorePattern(), flyway.name());
            } else {
                assertThrows(IllegalStateException.class, ours::ignorePattern, flyway.name());
            }
        }
    }

    @Test
    void statesMatchTheirDisplayNameInAnyCase() {
        assertEquals(
                List.of(true, true, false),
                List.of(
                        HistoryState.BELOW_BASELINE.matches("Below Baseline"),
                        HistoryState.PENDING.matches("PENDING"),
                        HistoryState.FAILED.matches("Failed (Future)")));
    }

    @Test
    void rowTypesAreFlywaysAndMatchCaseSensitively() {
        assertEquals(
                Arrays.stream(CoreMigrationType.values()).map(Enum::name).toList(),
                Arrays.stream(MigrationType.values()).map(Enum::name).toList());
        assertEquals(
                List.of(true, false, false),
                List.of(
                        MigrationType.SQL.matches("SQL"),
                        MigrationType.SQL.matches("sql"),
                        MigrationType.BASELINE.matches(null)));
    }
}
