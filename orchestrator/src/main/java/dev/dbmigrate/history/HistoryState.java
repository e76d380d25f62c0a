package dev.dbmigrate.history;

/**
 * The state of a migration as Flyway's info shows it, with Flyway's own display names ({@code MigrationState} in
 * Flyway 13): the words {@code migrate:info}, the history report and the engine's checks read and write. A state is a
 * view of a migration (its file, its history row, the baseline and the target), not a column of the history table.
 */
public enum HistoryState {
    PENDING("Pending", "pending"),
    ABOVE_TARGET("Above Target", null),
    BELOW_BASELINE("Below Baseline", null),
    BASELINE_IGNORED("Ignored (Baseline)", null),
    BASELINE("Baseline", null),
    IGNORED("Ignored", "ignored"),
    MISSING_SUCCESS("Missing", "missing"),
    MISSING_FAILED("Failed (Missing)", null),
    SUCCESS("Success", null),
    UNDONE("Undone", null),
    AVAILABLE("Available", null),
    FAILED("Failed", null),
    OUT_OF_ORDER("Out of Order", null),
    FUTURE_SUCCESS("Future", "future"),
    FUTURE_FAILED("Failed (Future)", null),
    OUTDATED("Outdated", null),
    SUPERSEDED("Superseded", null),
    DELETED("Deleted", null);

    private final String displayName;
    private final String pattern;

    HistoryState(String displayName, String pattern) {
        this.displayName = displayName;
        this.pattern = pattern;
    }

    /** Flyway's name for the state, as info shows it: "Pending", "Success", "Below Baseline", ... */
    public String displayName() {
        return displayName;
    }

    /**
     * The pattern that ignores migrations in this state in Flyway's {@code ignoreMigrationPatterns}
     * ({@code *:pending}); only pending, ignored, missing and future migrations can be ignored.
     *
     * @throws IllegalStateException for a state Flyway's patterns cannot name
     */
    public String ignorePattern() {
        if (pattern == null) {
            throw new IllegalStateException(displayName + " migrations cannot be ignored by a pattern");
        }
        return "*:" + pattern;
    }

    /** Whether {@code state} (a display name, in any case) is this state. */
    public boolean matches(String state) {
        return displayName.equalsIgnoreCase(state);
    }
}
