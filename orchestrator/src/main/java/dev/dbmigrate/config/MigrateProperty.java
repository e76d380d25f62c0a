package dev.dbmigrate.config;

/**
 * Every user-facing property, in one place. Each is settable as {@code -Dmigrate.<name>}, in the POM
 * {@code <configuration>} as {@code <name>}, and as the CLI option {@code --<name>}.
 *
 * <p>A new option is a constant here (its name and help text), one entry in the table of
 * {@link CommandOptions} (how its value is read and checked, and its default) with its typed accessor,
 * and the goals that take it.
 */
public enum MigrateProperty {
    ENV("env", "environment profile name: environments/<env>.yml (default dev)"),
    URL(
            "url",
            "JDBC URL jdbc:postgresql://host:5432/db, or libpq URI postgresql://user@host:5432/db (a password in it"
                    + " percent-encoded)"),
    USER("user", "database user (overrides the URL's and the profile's)"),
    PASSWORD("password", "database password (prefer password: ${ENV_VAR} in the profile, or serverId with Maven)"),
    SERVER_ID("serverId", "id of a <server> in settings.xml holding the credentials"),
    SCHEMAS("schemas", "comma-separated managed schemas (default public)"),
    LOCATIONS("locations", "comma-separated migration locations (default filesystem:src/main/resources/db/migration)"),
    TABLE("table", "history table (default flyway_schema_history)"),
    MESSAGE("message", "description of the migration create writes"),
    TARGET("target", "version to upgrade or downgrade to (downgrade: 0 undoes every migration)"),
    STEPS("steps", "how many migrations downgrade undoes (default 1)"),
    CONFIRM(
            "confirm",
            "the database name, confirming drop (any database but the embedded one) or restore on a"
                    + " protected environment"),
    BASELINE_VERSION("baselineVersion", "version to record as baseline of an existing schema (init)"),
    FROM(
            "from",
            "environment a promotion starts from; for diff one side: an environment, migrations (what the files"
                    + " build) or a snapshot file; for snapshot migrations"),
    TO(
            "to",
            "environment a promotion goes to; for diff the other side (an environment, migrations or a snapshot file)"),
    FORMAT(
            "format",
            "output format: text, json or markdown (history, diff, check); text, json or junit (test-rollback);"
                    + " text, json, sarif or junit (lint); default text"),
    OUTPUT(
            "output",
            "file to write the report (history, test-rollback, lint), a snapshot, a diff or a drift check to instead"
                    + " of the log"),
    SKIP("skip", "skip the goal"),
    FAIL_IF_PENDING("failIfPending", "current fails when migrations are pending"),
    ALLOW_EMPTY("allowEmpty", "allow a missing or empty migration location"),
    IGNORE_MISNAMED(
            "ignoreMisnamed",
            "skip, with a warning, files that look like migrations but do not follow the"
                    + " naming (default false: every goal that reads the files refuses them; Flyway's counterpart is"
                    + " validateMigrationNaming)"),
    OUT_OF_ORDER("outOfOrder", "apply pending migrations older than the newest applied one"),
    VERSION_SCHEME("versionScheme", "how create numbers migrations: timestamp (default) or sequential"),
    REQUIRE_UNDO(
            "requireUndo",
            "validate (and the gate of current -Dmigrate.failIfPending=true) fails when a"
                    + " migration has no undo script (default true)"),
    BACKUP("backup", "the backup restore uses: a file name in the backup folder or a path (default the latest)"),
    BACKUP_BEFORE_DROP(
            "backupBeforeDrop",
            "drop backs the database up first when pg_dump is available (default"
                    + " true; false for throwaway databases; a protected environment always backs up)"),
    PG_BIN_DIR("pgBinDir", "folder holding pg_dump, pg_restore and psql (default: PATH, then /usr/lib/postgresql)"),
    EMBEDDED_VERSION(
            "embeddedVersion",
            "PostgreSQL version of the embedded database: a major from 12 to 18 (such as 16) or a bundle version (such"
                    + " as 16.10.0); default 15"),
    SAMPLE_DATA(
            "sampleData",
            "folder of sample data files D<version>__<name>.sql, each loaded right after its version is applied"
                    + " in a rehearsal (default src/test/resources/db/sample-data)"),
    LOCK_WAIT("lockWait", "how long a run waits for another run's migration lock, e.g. 30s or 10min (default 10min)"),
    FAIL_ON_DIFFERENCE("failOnDifference", "diff fails when the two sides differ (default false: it only reports)"),
    AUTOGENERATE(
            "autogenerate",
            "create writes the migration and its undo from the desired schema (schemaFile or JPA entities), proven in"
                    + " a throwaway database first (default false: an empty template)"),
    SCHEMA_FILE(
            "schemaFile",
            "the desired schema for create -Dmigrate.autogenerate=true: a .sql file, or a folder whose .sql files are"
                    + " read in name order (default src/main/resources/db/schema.sql)"),
    SCHEMA_SOURCE(
            "schemaSource",
            "where autogenerate reads the desired schema: sql (schemaFile, default) or jpa (the entities of"
                    + " entityPackages, through Hibernate's schema export)"),
    ENTITY_PACKAGES(
            "entityPackages", "comma-separated packages holding the JPA entities (schemaSource=jpa), e.g. com.example"),
    ALLOW_DESTRUCTIVE(
            "allowDestructive",
            "autogenerate writes destructive changes (a dropped table or column, a narrowing type change) as"
                    + " statements (default false: commented out behind a warning)"),
    RENAME(
            "rename",
            "comma-separated renames autogenerate writes as RENAME instead of drop and add: table.old:new for a"
                    + " column, old:new for a table"),
    LINT_SCOPE(
            "lintScope",
            "lint.scope",
            "which migrations lint reports on: all (default) or pending (those pending on --env, read from its"
                    + " history table)"),
    LINT_FAIL_ON(
            "lintFailOn",
            "lint.failOn",
            "the lowest severity of a finding that fails lint: error (default), warning or never"),
    LINT_TRACE(
            "lintTrace",
            "lint.trace",
            "true: also run each migration in a throwaway database and report the locks it took, the tables it"
                    + " rewrote and what would queue behind an open transaction (default false)");

    /** The prefix of every property: {@code migrate.}. */
    public static final String PREFIX = "migrate.";

    private final String key;
    private final String option;
    private final String description;

    MigrateProperty(String key, String description) {
        this(key, key, description);
    }

    /**
     * A property whose name after {@code migrate.} ({@code option}, such as {@code lint.scope}) is not a Java name, so
     * the POM and the Maven goal's parameter call it {@code key} ({@code lintScope}).
     */
    MigrateProperty(String key, String option, String description) {
        this.key = key;
        this.option = option;
        this.description = description;
    }

    /**
     * The name in the POM, of the Maven goal's parameter, and of the value in a run's options, e.g.
     * {@code baselineVersion} or {@code lintScope}.
     */
    public String key() {
        return key;
    }

    /**
     * The name after {@code migrate.} in the system property and after {@code --} on the CLI: the {@link #key()},
     * except for names with a dot ({@code lint.scope}, whose key is {@code lintScope}).
     */
    public String option() {
        return option;
    }

    /** The system property, e.g. {@code migrate.baselineVersion} or {@code migrate.lint.scope}. */
    public String property() {
        return PREFIX + option;
    }

    public String description() {
        return description;
    }
}
