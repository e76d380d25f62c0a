package dev.dbmigrate.app;

import dev.dbmigrate.config.GoalOptions;
import dev.dbmigrate.config.MigrateProperty;
import java.util.List;
import java.util.Optional;

/**
 * Every goal, in the order help lists them: the one registry the CLI builds its verbs from and the Maven goals, their
 * help and {@code docs/goals.md} are checked against. The options of each come from {@link GoalOptions}, which the
 * fix hints in the library's messages read as well.
 */
public final class Goals {
    private static final List<Goal> ALL = List.of(
            goal(
                    "init",
                    "apply every migration to an empty database (an existing schema needs --baselineVersion)",
                    run -> MigrateCommands.init(run.settings(), run.listener())),
            goal(
                    "drop",
                    "drop every object in the managed schemas but the audit table (any database but the embedded"
                            + " one: typed confirmation, or --confirm <database>; backed up first)",
                    run -> MigrateCommands.drop(run.settings(), run.listener(), run.ask())),
            goal(
                    "create",
                    "write V<version>__<slug>.sql and its undo U<version>__<slug>.sql (with --autogenerate true: from"
                            + " the desired schema, proven in a throwaway database first)",
                    run -> MigrateCommands.create(
                            run.settings(), run.listener(), run.prompt(), run.projectClasspath())),
            goal(
                    "upgrade",
                    "apply pending migrations, one transaction each (up to --target)",
                    run -> MigrateCommands.upgrade(run.settings(), run.listener())),
            goal(
                    "downgrade",
                    "undo the last --steps (default 1) migrations, or down to --target (0 undoes all)",
                    run -> MigrateCommands.downgrade(run.settings(), run.listener())),
            goal(
                    "history",
                    "every migration with state, when, by whom, duration and undo availability",
                    run -> MigrateCommands.history(run.settings(), run.listener())),
            goal(
                    "current",
                    "the current version and the pending migrations",
                    run -> MigrateCommands.current(run.settings(), run.listener())),
            goal(
                    "validate",
                    "check names, duplicate versions, undo scripts and checksums",
                    run -> MigrateCommands.validate(run.settings(), run.listener())),
            goal(
                    "repair",
                    "remove failed history entries and realign checksums",
                    run -> MigrateCommands.repair(run.settings(), run.listener())),
            goal(
                    "backup",
                    "pg_dump the database into the profile's backup folder, with a SHA-256",
                    run -> MigrateCommands.backup(run.settings(), run.listener())),
            goal(
                    "restore",
                    "restore the managed schemas from --backup (default the latest), in one transaction (any"
                            + " database but the embedded one: typed confirmation, or --confirm <database>)",
                    run -> MigrateCommands.restore(run.settings(), run.listener(), run.ask())),
            goal(
                    "verify",
                    "run the profile's verification queries read-only and show sizes and index use",
                    run -> MigrateCommands.verify(run.settings(), run.listener())),
            goal(
                    "test-rollback",
                    "rehearse every migration (with --env, those pending there) in throwaway databases: apply, undo,"
                            + " compare with before, apply again, compare with after",
                    run -> TestRollback.run(
                            run.settings(), run.values().containsKey(MigrateProperty.ENV.key()), run.listener())),
            // each environment's connection comes from its own profile, so promote resolves them itself
            goal(
                    "promote",
                    "back up, upgrade and verify --from, then --to; roll back on failure",
                    run -> MigrateCommands.promote(
                            run.values(), run.environment(), run.projectDir(), run.buildDir(), run.listener())),
            goal(
                    "snapshot",
                    "write the schema of --env (or, with --from migrations, of what the migration files build) as"
                            + " stable JSON to --output",
                    run -> SchemaCommands.snapshot(run.settings(), run.listener())),
            // each side that is an environment takes its connection from its own profile, as promote's do
            goal(
                    "diff",
                    "compare --from and --to (each an environment, migrations or a snapshot file), one line per"
                            + " difference",
                    run -> SchemaCommands.diff(
                            run.values(), run.environment(), run.projectDir(), run.buildDir(), run.listener())),
            goal(
                    "check",
                    "drift: compare --env with what its applied migrations build; fail when they differ",
                    run -> SchemaCommands.check(run.settings(), run.listener())),
            goal(
                    "lint",
                    "check the migration files against the safety rules (with --lint.scope pending, only those pending"
                            + " on --env); fail on a finding at or above --lint.failOn",
                    run -> LintCommand.run(run.settings(), run.listener())),
            goal(
                    "plan",
                    "the dry run of upgrade: every statement it would run (history and audit included), in order, as"
                            + " a psql script to --output or the log; reads the database read-only, changes nothing",
                    run -> PlanCommand.plan(run.settings(), run.listener())),
            goal(
                    "doctor",
                    "preflight checks of --env, one line each with its fix: connection and TLS, server version,"
                            + " privileges, history table, pg_dump/pg_restore, backup folder, timeouts, INVALID"
                            + " indexes; fails when one fails (changes nothing)",
                    run -> DoctorCommand.run(run.settings(), run.listener())));

    private Goals() {}

    private static Goal goal(String name, String summary, Goal.Action action) {
        if (!GoalOptions.goals().contains(name)) {
            throw new IllegalStateException("goal " + name + " has no options in GoalOptions");
        }
        List<GoalOption> options =
                GoalOptions.of(name).stream().map(GoalOption::new).toList();
        return new Goal(name, summary, options, action);
    }

    /** Every goal, in the order help lists them. */
    public static List<Goal> all() {
        return ALL;
    }

    /** The goal called {@code name}, if there is one. */
    public static Optional<Goal> named(String name) {
        return ALL.stream().filter(goal -> goal.name().equals(name)).findFirst();
    }
}
