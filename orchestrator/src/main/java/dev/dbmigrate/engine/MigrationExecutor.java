package dev.dbmigrate.engine;

import java.sql.SQLException;

/**
 * What applies an upgrade's pending migrations, each with its history row in Flyway's format and its audit entry,
 * under the migration lock. Two implementations: {@link LeanExecutor}, the direct executor (the default), and
 * {@link FlywayExecutor}, Flyway's migrate; {@link Upgrade} chooses by
 * {@link dev.dbmigrate.config.MigrateSettings#executor()} and by what the direct executor leaves to Flyway
 * ({@link UpgradePlan#fallback()}). Both write the same history rows and say the same things.
 */
interface MigrationExecutor {
    /**
     * Applies what is pending, telling {@code run} of each migration applied, and returns the run's result.
     *
     * @throws dev.dbmigrate.error.MigrateException when a migration fails or the run is interrupted, in this project's
     *                                              words ({@link UpgradeRun#stopped})
     */
    Results.Upgrade apply(UpgradeRun run) throws SQLException;
}
