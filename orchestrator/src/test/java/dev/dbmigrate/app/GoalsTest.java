package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.GoalOptions;
import dev.dbmigrate.config.MigrateProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {
    @Test
    void everyGoalOfTheOptionTableHasOneDescriptorInTheSameOrder() {
        assertEquals(
                List.copyOf(GoalOptions.goals()),
                Goals.all().stream().map(Goal::name).toList());
        assertEquals(
                List.of(
                        "init",
                        "drop",
                        "create",
                        "upgrade",
                        "downgrade",
                        "history",
                        "current",
                        "validate",
                        "repair",
                        "backup",
                        "restore",
                        "verify",
                        "test-rollback",
                        "promote",
                        "snapshot",
                        "diff",
                        "check",
                        "lint",
                        "plan",
                        "doctor"),
                Goals.all().stream().map(Goal::name).toList());
    }

    @Test
    void eachDescriptorTakesTheOptionsOfItsGoalAndNamesThemForEachFrontEnd() {
        for (Goal goal : Goals.all()) {
            assertEquals(GoalOptions.of(goal.name()), goal.properties(), goal.name());
            assertTrue(!goal.summary().isBlank() && !goal.summary().contains("\n"), goal.name());
        }
        GoalOption steps = new GoalOption(MigrateProperty.STEPS);
        assertEquals("migrate.steps", steps.mavenProperty());
        assertEquals("--steps", steps.cliName().orElseThrow());
        assertTrue(new GoalOption(MigrateProperty.SERVER_ID).cliName().isEmpty(), "settings.xml is Maven's");
        // a name with a dot: the POM and the Mojo's parameter call it lintScope
        GoalOption scope = new GoalOption(MigrateProperty.LINT_SCOPE);
        assertEquals("migrate.lint.scope", scope.mavenProperty());
        assertEquals("--lint.scope", scope.cliName().orElseThrow());
        assertEquals("lintScope", MigrateProperty.LINT_SCOPE.key());
        assertEquals(Goals.all().get(4), Goals.named("downgrade").orElseThrow());
        assertTrue(Goals.named("help").isEmpty());
    }
}
