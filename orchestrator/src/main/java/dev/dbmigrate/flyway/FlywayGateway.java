package dev.dbmigrate.flyway;

import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryState;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ErrorOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.output.errors.FlywayMigrateExceptionToErrorObjectConverter.FlywayMigrateErrorOutputItem;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The only class that touches Flyway's API. Flyway resolves migrations, computes checksums, keeps the
 * Flyway-compatible history table and applies versioned and repeatable migrations; undo scripts, audit and
 * reporting are this project's own code around it.
 *
 * <p>Flyway's PostgreSQL transactional lock is switched off, so {@code CREATE INDEX CONCURRENTLY} runs outside a
 * transaction; Flyway then serialises concurrent runs with a session-level advisory lock, which dies with its
 * connection. Flyway 13's open-source core has no telemetry implementation that calls out
 * ({@code NullFlywayTelemetryManager}); nothing here adds one.
 *
 * <p>One class of Flyway's internals is used, {@code FlywaySqlScriptException}: it is the only place Flyway 13 gives
 * the file name and line of a failed SQL statement when the failure is not a migration's (a SQL callback such as
 * {@code beforeMigrate.sql} fails outside any migration, so no {@code FlywayMigrateException} wraps it); Flyway's
 * public error output ({@link ErrorOutput}) converts that exception to an item with its SQL state and message only.
 * Everything else comes through Flyway's public API.
 */
public final class FlywayGateway {
    private final FlywaySetup setup;
    private final MigrateListener listener;

    public FlywayGateway(FlywaySetup setup, MigrateListener listener) {
        this.setup = setup;
        this.listener = listener;
    }

    /** One migration applied (or failed) by {@link #migrate}: wall time includes Flyway's bookkeeping. */
    public record AppliedMigration(
            String version, String description, String script, Duration duration, boolean success) {}

    /** Every migration Flyway knows of, applied and pending, in Flyway's order. */
    public List<MigrationInfo> info() {
        return call("list the migrations", true, () -> {
            List<MigrationInfo> result = new ArrayList<>();
            for (org.flywaydb.core.api.MigrationInfo i : flyway(null).info().all()) {
                result.add(convert(i));
            }
            return result;
        });
    }

    /**
     * Applies pending migrations, reporting each one as it finishes, with the connection it ran on: what the caller
     * writes there (the audit entry) commits together with the migration.
     *
     * @return the migrations applied, in order
     * @throws MigrationFailure when a migration fails; it carries the ones applied before it
     */
    public List<AppliedMigration> migrate(BiConsumer<AppliedMigration, Connection> each) {
        List<AppliedMigration> applied = new ArrayList<>();
        TimingCallback timing = new TimingCallback(applied, each);
        try {
            flyway(timing).migrate();
            return applied;
        } catch (FlywayValidateException e) {
            // Flyway validates before it applies anything; its problems in this project's words
            List<String> problems = validate();
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    "the migrations failed validation, so none was applied: "
                            + (problems.isEmpty() ? Messages.oneLine(e.getMessage()) : String.join("; ", problems)),
                    e);
        } catch (FlywayException e) {
            if (Interruption.requested()) {
                // whatever Flyway was doing (waiting for its lock, between two migrations, running one), the run was
                // interrupted: a failure that carries what was applied, for the caller to say so in its own words
                Interruption.noticed();
                AppliedMigration current = timing.current();
                throw new MigrationFailure(
                        "the run was interrupted (SIGINT or SIGTERM)"
                                + (current == null ? "" : " while " + current.script() + " ran"),
                        e,
                        current,
                        current == null ? null : current.script());
            }
            throw MigrationFailure.from(e, applied, timing.current());
        }
    }

    /** Records {@code baselineVersion} as the baseline of an existing schema. */
    public void baseline() {
        call("record the baseline", false, () -> flyway(null).baseline());
    }

    /**
     * Validation problems Flyway sees (checksums, missing and failed migrations), each as one line; a checksum
     * mismatch in this project's words ({@link Messages#checksumProblem}), not Flyway's advice to repair.
     */
    public List<String> validate() {
        return call("validate the migrations", true, () -> {
            Flyway flyway = flyway(null);
            ValidateResult result = flyway.validateWithResult();
            List<String> problems = new ArrayList<>();
            if (result.invalidMigrations != null) {
                for (ValidateOutput out : result.invalidMigrations) {
                    String checksum = out.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH
                            ? checksumProblem(flyway, out)
                            : null;
                    problems.add(checksum != null ? checksum : FlywayText.translate(out.errorDetails.errorMessage));
                }
            }
            if (problems.isEmpty() && !result.validationSuccessful && result.errorDetails != null) {
                problems.add(FlywayText.translate(result.errorDetails.errorMessage));
            }
            return problems;
        });
    }

    /** The checksum mismatch of {@code out} with both checksums, or null when Flyway's info does not show it. */
    private static String checksumProblem(Flyway flyway, ValidateOutput out) {
        for (org.flywaydb.core.api.MigrationInfo i : flyway.info().all()) {
            if (i.getVersion() != null
                    && i.getVersion().getVersion().equals(out.version)
                    && i.isApplied()
                    && !i.isChecksumMatching()) {
                String file = out.filepath == null || out.filepath.isEmpty()
                        ? i.getScript()
                        : Path.of(out.filepath).getFileName().toString();
                return Messages.checksumProblem(
                        file, i.getVersion().getVersion(), i.getAppliedChecksum(), i.getResolvedChecksum());
            }
        }
        return null;
    }

    /** Removes failed history rows and realigns checksums and descriptions with the files; returns what it did. */
    public List<String> repair() {
        return call("repair the history table", false, () -> {
            // without "*:future": the newest applied migrations whose files are gone are marked deleted too
            RepairResult result =
                    flyway(null, HistoryState.PENDING.ignorePattern()).repair();
            List<String> actions = new ArrayList<>();
            result.migrationsRemoved.forEach(
                    m -> actions.add("removed failed entry " + m.version + " " + m.description));
            result.migrationsDeleted.forEach(
                    m -> actions.add("marked missing entry " + m.version + " " + m.description + " as deleted"));
            result.migrationsAligned.forEach(m -> actions.add("realigned checksum of " + m.version + " "
                    + m.description + " (only recorded in the history table: none of the file's SQL was run, the"
                    + " database keeps what was applied)"));
            return actions;
        });
    }

    private Flyway flyway(Callback callback) {
        return flyway(callback, HistoryState.PENDING.ignorePattern(), HistoryState.FUTURE_SUCCESS.ignorePattern());
    }

    private Flyway flyway(Callback callback, String... ignoreMigrationPatterns) {
        FluentConfiguration config = Flyway.configure(FlywayGateway.class.getClassLoader())
                .dataSource(setup.jdbcUrl(), setup.user(), setup.password())
                .schemas(setup.schemas().toArray(String[]::new))
                .defaultSchema(setup.schemas().get(0))
                .locations(
                        setup.locations().stream().map(FlywayGateway::location).toArray(String[]::new))
                .table(setup.table())
                .cleanDisabled(true) // drop is the engine's own (SchemaDrop): it keeps and writes the audit table
                .ignoreMigrationPatterns(ignoreMigrationPatterns)
                .outOfOrder(setup.outOfOrder())
                .validateMigrationNaming(false)
                .failOnMissingLocations(false)
                .connectRetries(0)
                .loggers(FlywayLogCreator.class.getName());
        FlywayLogCreator.route(listener);
        // Through the extension object: Flyway 13 accepts the "flyway.postgresql.transactional.lock" property only
        // with jackson-databind on the classpath, and fails every command without it.
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        if (setup.target() != null) {
            config.target(setup.target());
        }
        if (setup.baselineVersion() != null) {
            config.baselineVersion(setup.baselineVersion()).baselineDescription("baseline");
        }
        if (setup.initSql() != null) {
            config.initSql(setup.initSql());
        }
        if (callback != null) {
            config.callbacks(callback);
        }
        return config.load();
    }

    private static String location(Path folder) {
        return "filesystem:" + folder.toAbsolutePath();
    }

    private static MigrationInfo convert(org.flywaydb.core.api.MigrationInfo i) {
        MigrationVersion v = i.getVersion();
        boolean applied = i.getInstalledRank() != null;
        return new MigrationInfo(
                v == null ? null : v.getVersion(),
                i.getDescription(),
                i.getScript(),
                i.getType() == null ? null : i.getType().name(),
                i.getState() == null ? null : i.getState().getDisplayName(),
                i.getInstalledRank(),
                i.getInstalledOn() == null ? null : i.getInstalledOn().toInstant(),
                i.getInstalledBy(),
                i.getExecutionTime(),
                i.getChecksum(),
                applied,
                null);
    }

    /**
     * @param readOnly the action changes nothing (info, validate), so a failure says nothing was changed
     */
    private <T> T call(String what, boolean readOnly, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (FlywayException e) {
            throw translate(what, readOnly, e);
        }
    }

    private void call(String what, boolean readOnly, Runnable action) {
        call(what, readOnly, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Turns a Flyway failure into the library's exception in this project's words ({@link FlywayText}), naming the
     * migration when Flyway says which, telling connection failures apart.
     *
     * @param unchanged the failure left the database as it was
     */
    static MigrateException translate(String what, boolean unchanged, FlywayException e) {
        SQLException sql = findCause(e, SQLException.class);
        if (sql != null && ConnectionFailure.isConnectionProblem(sql)) {
            return ConnectionFailure.of(sql);
        }
        if (sql != null && SqlFailure.of(sql) == SqlFailure.INSUFFICIENT_PRIVILEGE) {
            // a permission error reads as one, with the GRANT, whatever Flyway was doing
            return new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not " + what + ": "
                            + Messages.oneLine(sql.getMessage()) + (unchanged ? "; nothing was changed" : "") + " ("
                            + SqlFailure.privilegeFix(sql, null, "SELECT, INSERT, UPDATE, DELETE") + ")",
                    e);
        }
        String script = failedScript(e);
        return new MigrateException(
                ErrorCode.VALIDATION,
                "Flyway could not " + what + ": "
                        + (script == null ? "" : script + ": ") + FlywayText.translate(e.getMessage())
                        + (unchanged ? "; nothing was changed" : ""),
                e);
    }

    /**
     * The script of the migration a failure of Flyway's migrate names (a failed row found before anything ran, a group
     * mixing transactional and non-transactional migrations), or null: from Flyway's public error output, whose path
     * is then the migration's script as the history table records it.
     */
    private static String failedScript(FlywayException e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FlywayException f
                    && ErrorOutput.fromException(f).error() instanceof FlywayMigrateErrorOutputItem item) {
                return item.path();
            }
        }
        return null;
    }

    static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** A migration failed; the earlier ones stay applied (the caller saw each of them applied, one by one). */
    public static final class MigrationFailure extends MigrateException {
        private final transient AppliedMigration failed;
        private final String script;

        private MigrationFailure(String message, Throwable cause, AppliedMigration failed, String script) {
            super(ErrorCode.MIGRATION_FAILED, message, cause);
            this.failed = failed;
            this.script = script;
        }

        static MigrateException from(FlywayException e, List<AppliedMigration> applied, AppliedMigration failed) {
            FlywaySqlScriptException scriptFailure = findCause(e, FlywaySqlScriptException.class);
            SQLException sql = findCause(e, SQLException.class);
            if (failed == null && scriptFailure == null) {
                return translate("apply the migrations", applied.isEmpty(), e);
            }
            String script = failed != null
                    ? failed.script()
                    : scriptFailure.getResource() == null
                            ? "?"
                            : scriptFailure.getResource().getFilename();
            int line = scriptFailure == null ? 0 : scriptFailure.getLineNumber();
            String database = sql != null ? Messages.oneLine(sql.getMessage()) : FlywayText.translate(e.getMessage());
            return new MigrationFailure(
                    "migration " + script + " failed" + (line > 0 ? " at line " + line : "") + ": " + database,
                    e,
                    failed,
                    script);
        }

        /** The same failure told in {@code message}: a caller's fuller account of it (such as its retries). */
        public MigrationFailure retold(String message) {
            return new MigrationFailure(message, getCause(), failed, script);
        }

        /** The failed migration with the time it ran, or null when the failure came before any migration. */
        public AppliedMigration failed() {
            return failed;
        }

        public String script() {
            return script;
        }
    }
}
