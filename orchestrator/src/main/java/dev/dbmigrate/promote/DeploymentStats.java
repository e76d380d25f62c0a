package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.verify.DatabaseStats;
import dev.dbmigrate.verify.StatsDelta;
import java.util.function.Predicate;

/**
 * What a deployment changed in one environment's database: its statistics before and after, and the difference, all
 * without the tool's own tables (the history table and {@code migrate_*}), so they show the application's changes.
 *
 * @param environment the environment
 * @param before      its statistics before the deployment
 * @param after       its statistics after the deployment (taken by the verification)
 * @param change      what changed between the two
 */
public record DeploymentStats(String environment, DatabaseStats before, DatabaseStats after, StatsDelta change) {

    /** The application's changes on {@code env}, from statistics of every table; null when either is missing. */
    static DeploymentStats of(MigrateSettings env, DatabaseStats allBefore, DatabaseStats allAfter) {
        if (allBefore == null || allAfter == null) {
            return null;
        }
        Predicate<String> toolTable = name -> name.equals(env.table()) || name.startsWith("migrate_");
        DatabaseStats before = allBefore.withoutTables(toolTable);
        DatabaseStats after = allAfter.withoutTables(toolTable);
        return new DeploymentStats(env.env(), before, after, DatabaseStats.compare(before, after));
    }
}
