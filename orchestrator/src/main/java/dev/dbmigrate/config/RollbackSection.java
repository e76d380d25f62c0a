package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.quoted;

import java.util.Map;

/** Reads a profile's {@code rollback} section: {@code strategy} and {@code fallback}, each with its own default. */
final class RollbackSection {
    private final ProfileValues values;
    private final ProfileProblems problems;

    RollbackSection(ProfileValues values, ProfileProblems problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The section; {@code null} when the profile has none. */
    EnvironmentProfile.Rollback read(Object value) {
        Map<String, Object> rollback = values.section(value, "rollback", "strategy: undo");
        if (rollback == null) {
            return null;
        }
        ProfileKeys.check(rollback, "rollback", ProfileKeys.ROLLBACK, problems);
        String strategy = problems.attempt(() -> strategy(rollback), null);
        String fallback = problems.attempt(() -> fallback(rollback), null);
        // a key left out takes its own default, not one that depends on which other keys are written
        return new EnvironmentProfile.Rollback(strategy, fallback);
    }

    private String strategy(Map<String, Object> rollback) {
        String strategy = values.text(rollback, "rollback.strategy");
        if (strategy != null && !strategy.equals("undo") && !strategy.equals("restore")) {
            throw problems.fail("rollback.strategy = " + quoted(strategy) + " is not a rollback strategy "
                    + "(use undo or restore)");
        }
        return strategy;
    }

    private String fallback(Map<String, Object> rollback) {
        String fallback = values.text(rollback, "rollback.fallback");
        if (fallback != null && !fallback.equals("restore") && !fallback.equals("none")) {
            throw problems.fail("rollback.fallback = " + quoted(fallback) + " is not a rollback fallback "
                    + "(use restore or none)");
        }
        return fallback;
    }
}
