package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One goal, as every front end shows and runs it: the Maven goal {@code migrate:<name>} and the CLI verb
 * {@code <name>} take exactly {@link #options()} and run {@link #action()}. The registry of all of them is
 * {@link Goals}.
 *
 * @param name    the goal's name, e.g. {@code downgrade}
 * @param summary one line saying what it does, for the CLI's usage
 * @param options the options it takes, in the order help lists them
 * @param action  what it does: one call of {@link MigrateCommands}
 */
public record Goal(String name, String summary, List<GoalOption> options, Action action) {
    /** What a goal does with one run's inputs. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the goal; a failure is a {@link dev.dbmigrate.error.MigrateException}.
         *
         * @return what its {@link MigrateCommands} method returned, such as {@code Results.Current} for
         *     {@code current}
         */
        Object run(GoalRun run);
    }

    public Goal {
        options = List.copyOf(options);
    }

    /** The properties of {@link #options()}. */
    public Set<MigrateProperty> properties() {
        Set<MigrateProperty> properties = EnumSet.noneOf(MigrateProperty.class);
        options.forEach(option -> properties.add(option.property()));
        return properties;
    }

    /**
     * Runs the goal with {@code run}'s inputs.
     *
     * @return what its {@link MigrateCommands} method returned (a front end that shows only the events ignores it)
     */
    public Object run(GoalRun run) {
        return action.run(run);
    }
}
