package dev.dbmigrate.config;

import static dev.dbmigrate.config.MigrateProperty.ALLOW_DESTRUCTIVE;
import static dev.dbmigrate.config.MigrateProperty.ALLOW_EMPTY;
import static dev.dbmigrate.config.MigrateProperty.AUTOGENERATE;
import static dev.dbmigrate.config.MigrateProperty.BACKUP;
import static dev.dbmigrate.config.MigrateProperty.BACKUP_BEFORE_DROP;
import static dev.dbmigrate.config.MigrateProperty.BASELINE_VERSION;
import static dev.dbmigrate.config.MigrateProperty.CONFIRM;
import static dev.dbmigrate.config.MigrateProperty.EMBEDDED_VERSION;
import static dev.dbmigrate.config.MigrateProperty.ENTITY_PACKAGES;
import static dev.dbmigrate.config.MigrateProperty.ENV;
import static dev.dbmigrate.config.MigrateProperty.FAIL_IF_PENDING;
import static dev.dbmigrate.config.MigrateProperty.FAIL_ON_DIFFERENCE;
import static dev.dbmigrate.config.MigrateProperty.FORMAT;
import static dev.dbmigrate.config.MigrateProperty.FROM;
import static dev.dbmigrate.config.MigrateProperty.IGNORE_MISNAMED;
import static dev.dbmigrate.config.MigrateProperty.LINT_FAIL_ON;
import static dev.dbmigrate.config.MigrateProperty.LINT_SCOPE;
import static dev.dbmigrate.config.MigrateProperty.LINT_TRACE;
import static dev.dbmigrate.config.MigrateProperty.LOCATIONS;
import static dev.dbmigrate.config.MigrateProperty.LOCK_WAIT;
import static dev.dbmigrate.config.MigrateProperty.MESSAGE;
import static dev.dbmigrate.config.MigrateProperty.OUTPUT;
import static dev.dbmigrate.config.MigrateProperty.OUT_OF_ORDER;
import static dev.dbmigrate.config.MigrateProperty.PASSWORD;
import static dev.dbmigrate.config.MigrateProperty.PG_BIN_DIR;
import static dev.dbmigrate.config.MigrateProperty.RENAME;
import static dev.dbmigrate.config.MigrateProperty.REQUIRE_UNDO;
import static dev.dbmigrate.config.MigrateProperty.SAMPLE_DATA;
import static dev.dbmigrate.config.MigrateProperty.SCHEMAS;
import static dev.dbmigrate.config.MigrateProperty.SCHEMA_FILE;
import static dev.dbmigrate.config.MigrateProperty.SCHEMA_SOURCE;
import static dev.dbmigrate.config.MigrateProperty.SERVER_ID;
import static dev.dbmigrate.config.MigrateProperty.SKIP;
import static dev.dbmigrate.config.MigrateProperty.STEPS;
import static dev.dbmigrate.config.MigrateProperty.TABLE;
import static dev.dbmigrate.config.MigrateProperty.TARGET;
import static dev.dbmigrate.config.MigrateProperty.TO;
import static dev.dbmigrate.config.MigrateProperty.URL;
import static dev.dbmigrate.config.MigrateProperty.USER;
import static dev.dbmigrate.config.MigrateProperty.VERSION_SCHEME;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which properties each goal takes: the one list that the CLI's verbs and their help read, and that the Maven goals'
 * parameters are checked against (so {@code migrate:help} lists for each goal what it uses, and nothing it ignores).
 */
public final class GoalOptions {
    /**
     * Every goal that works on one database: where it is (the embedded one's version when none is configured), who
     * connects, and what the tool's tables are ({@code lockWait} only for the goals that take the migration lock).
     */
    private static final Set<MigrateProperty> DATABASE =
            EnumSet.of(SKIP, ENV, URL, USER, PASSWORD, SERVER_ID, SCHEMAS, TABLE, EMBEDDED_VERSION);
    /** Every goal that reads the migration files. */
    private static final Set<MigrateProperty> MIGRATIONS =
            EnumSet.of(LOCATIONS, ALLOW_EMPTY, OUT_OF_ORDER, IGNORE_MISNAMED);

    private static final Map<String, Set<MigrateProperty>> GOALS = new LinkedHashMap<>();

    static {
        GOALS.put("init", migrations(BASELINE_VERSION, TARGET, LOCK_WAIT));
        GOALS.put("drop", database(CONFIRM, BACKUP_BEFORE_DROP, PG_BIN_DIR, LOCK_WAIT));
        GOALS.put(
                "create",
                Collections.unmodifiableSet(EnumSet.of(
                        SKIP,
                        ENV,
                        LOCATIONS,
                        MESSAGE,
                        VERSION_SCHEME,
                        AUTOGENERATE,
                        SCHEMA_FILE,
                        SCHEMA_SOURCE,
                        ENTITY_PACKAGES,
                        ALLOW_DESTRUCTIVE,
                        RENAME,
                        SAMPLE_DATA,
                        SCHEMAS,
                        TABLE,
                        EMBEDDED_VERSION,
                        IGNORE_MISNAMED)));
        GOALS.put("upgrade", migrations(TARGET, PG_BIN_DIR, LOCK_WAIT));
        GOALS.put("downgrade", migrations(STEPS, TARGET, PG_BIN_DIR, LOCK_WAIT));
        GOALS.put("history", migrations(FORMAT, OUTPUT));
        GOALS.put("current", migrations(FAIL_IF_PENDING, REQUIRE_UNDO));
        GOALS.put("validate", migrations(REQUIRE_UNDO));
        GOALS.put("repair", migrations(LOCK_WAIT));
        GOALS.put("backup", database(PG_BIN_DIR));
        GOALS.put("restore", database(BACKUP, CONFIRM, PG_BIN_DIR));
        GOALS.put("verify", database());
        GOALS.put("test-rollback", migrations(FORMAT, OUTPUT, SAMPLE_DATA));
        // each environment's connection comes from its own profile, so promote takes none on the command line
        Set<MigrateProperty> promote = EnumSet.of(SKIP, FROM, TO, PG_BIN_DIR, TABLE, LOCK_WAIT, EMBEDDED_VERSION);
        promote.addAll(MIGRATIONS);
        GOALS.put("promote", Collections.unmodifiableSet(promote));
        GOALS.put("snapshot", migrations(FROM, OUTPUT));
        // each side that is an environment takes its connection from its own profile, as promote's do
        Set<MigrateProperty> diff =
                EnumSet.of(SKIP, FROM, TO, FORMAT, OUTPUT, FAIL_ON_DIFFERENCE, SCHEMAS, TABLE, EMBEDDED_VERSION);
        diff.addAll(MIGRATIONS);
        GOALS.put("diff", Collections.unmodifiableSet(diff));
        GOALS.put("check", migrations(FORMAT, OUTPUT));
        // the database only for -Dmigrate.lint.scope=pending: the history table of --env
        GOALS.put("lint", migrations(FORMAT, OUTPUT, LINT_SCOPE, LINT_FAIL_ON, LINT_TRACE, REQUIRE_UNDO, SAMPLE_DATA));
        GOALS.put("plan", migrations(TARGET, OUTPUT, SAMPLE_DATA));
        GOALS.put("doctor", migrations(FORMAT, OUTPUT, PG_BIN_DIR));
    }

    private GoalOptions() {}

    private static Set<MigrateProperty> database(MigrateProperty... own) {
        Set<MigrateProperty> set = EnumSet.copyOf(DATABASE);
        set.addAll(java.util.List.of(own));
        return Collections.unmodifiableSet(set);
    }

    private static Set<MigrateProperty> migrations(MigrateProperty... own) {
        Set<MigrateProperty> set = EnumSet.copyOf(database(own));
        set.addAll(MIGRATIONS);
        return Collections.unmodifiableSet(set);
    }

    /** The goals, in the order the help lists them. */
    public static Set<String> goals() {
        return Collections.unmodifiableSet(GOALS.keySet());
    }

    /** The properties {@code goal} takes; empty for a goal that does not exist. */
    public static Set<MigrateProperty> of(String goal) {
        return GOALS.getOrDefault(goal, Set.of());
    }
}
