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
 * @param options       the values of the other options (message, target, steps, ...), by property
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
        CommandOptions options,
        Executor executor) {

    /** A copy with other command options (the pipeline's rollback runs a downgrade to a target). */
    public MigrateSettings withOptions(CommandOptions newOptions) {
        return new MigrateSettings(
                projectDir, buildDir, profile, source, database, schemas, locations, table, newOptions, executor);
    }

    /** A copy that reads the migrations from {@code newLocations} (the files of a change not yet written, beside them). */
    public MigrateSettings withLocations(List<Path> newLocations) {
        return new MigrateSettings(
                projectDir, buildDir, profile, source, database, schemas, newLocations, table, options, executor);
    }

    /** A copy that works on the database at {@code url} (a throwaway database), as if given by {@code -Dmigrate.url}. */
    public MigrateSettings withDatabase(DatabaseUrl url) {
        return new MigrateSettings(
                projectDir,
                buildDir,
                profile,
                ConnectionSource.EXPLICIT,
                url,
                schemas,
                locations,
                table,
                options,
                executor);
    }

    /** A copy whose upgrades go through another executor. */
    public MigrateSettings withExecutor(Executor newExecutor) {
        return new MigrateSettings(
                projectDir, buildDir, profile, source, database, schemas, locations, table, options, newExecutor);
    }

    /** The schema holding the history and audit tables. */
    public String defaultSchema() {
        return schemas.get(0);
    }

    /** The environment's name. */
    public String env() {
        return profile.name();
    }

    /** A missing or empty location is not an error. */
    public boolean allowEmpty() {
        return options.allowEmpty();
    }

    /**
     * Files that look like migrations but do not follow the naming are skipped with a warning instead of refused.
     */
    public boolean ignoreMisnamed() {
        return options.ignoreMisnamed();
    }

    /** Apply pending migrations older than the newest applied one. */
    public boolean outOfOrder() {
        return options.outOfOrder();
    }

    /** How {@code create} numbers migrations. */
    public VersionScheme versionScheme() {
        return options.versionScheme();
    }

    /** How {@code create} numbers new migrations. */
    public enum VersionScheme {
        /** UTC date and time, {@code yyyyMMddHHmmss}: two branches never pick the same number. */
        TIMESTAMP,
        /** The highest existing version plus one, for teams that keep small integers. */
        SEQUENTIAL
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
        TEXT,
        JSON,
        MARKDOWN,
        /** JUnit XML, one test case per item (test-rollback, lint). */
        JUNIT,
        /** SARIF 2.1.0, for code-scanning tools (lint). */
        SARIF
    }

    /** Which migrations {@code lint} reports on ({@code migrate.lint.scope}). */
    public enum LintScope {
        /** Every migration file (the default). */
        ALL,
        /** The migrations pending on the environment, as its history table says. */
        PENDING
    }

    /** The lowest severity of a finding that fails {@code lint} ({@code migrate.lint.failOn}). */
    public enum LintFailOn {
        /** An error-level finding fails the run (the default). */
        ERROR,
        /** Any finding fails the run. */
        WARNING,
        /** Nothing fails the run: the findings are only reported. */
        NEVER
    }
}
