package dev.dbmigrate.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one command needs, resolved and validated by {@link SettingsResolver}. Immutable.
 *
 * @param projectDir    the project folder (relative paths are resolved against it)
 * @param buildDir      the build output folder ({@code target/}): the only place the tool writes on its own
 * @param profile       the environment profile in effect
 * @param source        where the connection came from
 * @param database      the connection; null only when {@code source} is {@link ConnectionSource#EMBEDDED}
 * @param schemas       managed schemas, the first holding the history and audit tables
 * @param locations     migration folders, in order; {@code create} writes into the first
 * @param table         the history table
 * @param allowEmpty    a missing or empty location is not an error
 * @param ignoreMisnamed files that look like migrations but do not follow the naming are skipped with a warning
 *                      instead of refused
 * @param outOfOrder    apply pending migrations older than the newest applied one
 * @param versionScheme how {@code create} numbers migrations
 * @param options       the command-specific options (message, target, steps, ...)
 * @param executor      what applies an upgrade's migrations: the tool's own executor (the default) or Flyway's migrate
 */
public record MigrateSettings(
        Path projectDir,
        Path buildDir,
        EnvironmentProfile profile,
        ConnectionSource source,
        DatabaseUrl database,
        List<String> schemas,
        List<Path> locations,
        String table,
        boolean allowEmpty,
        boolean ignoreMisnamed,
        boolean outOfOrder,
        VersionScheme versionScheme,
        CommandOptions options,
        Executor executor) {

    /** A copy with other command options (the pipeline's rollback runs a downgrade to a target). */
    public MigrateSettings withOptions(CommandOptions newOptions) {
        return new MigrateSettings(projectDir, buildDir, profile, source, database, schemas, locations, table,
                allowEmpty, ignoreMisnamed, outOfOrder, versionScheme, newOptions, executor);
    }

    /** A copy whose upgrades go through another executor. */
    public MigrateSettings withExecutor(Executor newExecutor) {
        return new MigrateSettings(projectDir, buildDir, profile, source, database, schemas, locations, table,
                allowEmpty, ignoreMisnamed, outOfOrder, versionScheme, options, newExecutor);
    }

    /** The schema holding the history and audit tables. */
    public String defaultSchema() {
        return schemas.get(0);
    }

    /** The environment's name. */
    public String env() {
        return profile.name();
    }

    /** How {@code create} numbers new migrations. */
    public enum VersionScheme {
        /** UTC date and time, {@code yyyyMMddHHmmss}: two branches never pick the same number. */
        TIMESTAMP,
        /** The highest existing version plus one, for teams that keep small integers. */
        SEQUENTIAL
    }

    /**
     * Options that only some commands read.
     *
     * @param message         the description for {@code create}
     * @param target          target version for upgrade/downgrade, or null
     * @param steps           how many migrations downgrade undoes, or null
     * @param confirm         the database name confirming drop on a protected environment
     * @param baselineVersion baseline for init on an existing schema, or null
     * @param format          output format for history
     * @param output          file to write the history to, or null for the log
     * @param failIfPending   current fails when migrations are pending
     * @param requireUndo     validate fails when a migration has no undo script
     * @param backup          the backup restore uses (a name or path), or null for the latest
     * @param pgBinDir        the folder holding pg_dump, pg_restore and psql, or null to search PATH
     * @param from            the environment a promotion starts from
     * @param to              the environment a promotion goes to
     * @param lockWait        how long to wait for another run's migration lock
     * @param backupBeforeDrop drop backs up a non-embedded database first when pg_dump is available (default true)
     */
    public record CommandOptions(String message, String target, Integer steps, String confirm, String baselineVersion,
                                 OutputFormat format, Path output, boolean failIfPending, boolean requireUndo,
                                 String backup, Path pgBinDir, String from, String to, java.time.Duration lockWait,
                                 boolean backupBeforeDrop) {
        /** A copy with another target version and no step count. */
        public CommandOptions withTarget(String newTarget) {
            return new CommandOptions(message, newTarget, null, confirm, baselineVersion, format, output,
                    failIfPending, requireUndo, backup, pgBinDir, from, to, lockWait, backupBeforeDrop);
        }
    }

    /**
     * What applies an upgrade's migrations. Both write the same history rows and take the same locks; FLYWAY is a
     * diagnostic switch, to compare the two (the benchmark and the tests use it), set with the JVM system property
     * {@value #PROPERTY}{@code =flyway}.
     */
    public enum Executor {
        /**
         * The tool's own executor, which hands to Flyway's migrate only what it leaves to Flyway (a repeatable
         * migration to apply, placeholders, callbacks, ...): the default.
         */
        DIRECT,
        /** Flyway's migrate, for every upgrade. */
        FLYWAY;

        /** The JVM system property that chooses the executor: {@code -Ddbmigrate.executor=flyway}. */
        public static final String PROPERTY = "dbmigrate.executor";

        /** FLYWAY for the value {@code flyway}; DIRECT for anything else, or no value. */
        public static Executor of(String value) {
            return "flyway".equals(value) ? FLYWAY : DIRECT;
        }
    }

    /** Output formats of reports. */
    public enum OutputFormat {
        TEXT, JSON, MARKDOWN
    }
}
