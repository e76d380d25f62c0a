package dev.dbmigrate.engine;

import dev.dbmigrate.config.ConnectionSource;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.db.SqlFailure;
import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.flyway.FlywayGateway;
import dev.dbmigrate.flyway.FlywaySetup;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What every command on one database shares: the settings, the listener, the database (opened, or the embedded one
 * started, lazily), the migration lock, the migration files and their naming checks, the history and audit tables,
 * Flyway's gateway, and the translation of SQL failures. One per {@link Migrator}.
 */
final class CommandContext implements AutoCloseable {
    final MigrateSettings settings;
    final MigrateListener listener;
    private Database database;
    private final boolean ownsDatabase;

    /** @param shared a database the caller opened and keeps open, or {@code null} to open one when first needed */
    CommandContext(MigrateSettings settings, MigrateListener listener, Database shared) {
        this.settings = settings;
        this.listener = listener;
        this.database = shared;
        this.ownsDatabase = shared == null;
    }

    Database database() {
        if (database == null) {
            database = Database.open(settings, listener);
        }
        return database;
    }

    /**
     * Starts opening the command's connection on another thread, so that it overlaps with finding, reading and
     * parsing the scripts (the first connection of a JVM, the driver's classes and authentication, costs about as
     * much as finding and reading 1,000 scripts); null when that would start the embedded server, which is started
     * only once the files are known to be there.
     */
    CompletableFuture<Connection> connectEarly(boolean managedSearchPath) {
        if (database == null && settings.source() == ConnectionSource.EMBEDDED) {
            return null;
        }
        return connectAsync(managedSearchPath);
    }

    /** Starts opening a connection on another thread. */
    CompletableFuture<Connection> connectAsync(boolean managedSearchPath) {
        Database db = database();
        return Background.supply(() -> db.connect(managedSearchPath));
    }

    /** The migration files, found while the connection opens (closed again when they cannot be found). */
    MigrationFiles scanWhile(CompletableFuture<Connection> connecting, String command) {
        try {
            return scanFiles(command);
        } catch (RuntimeException e) {
            if (connecting != null) {
                connecting.thenAccept(CommandContext::closeQuietly);
            }
            throw e;
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    /** The migration lock, on a connection of its own. */
    MigrationLock lock(String command) {
        return MigrationLock.acquire(
                database(),
                settings.defaultSchema(),
                settings.table(),
                command,
                settings.options().lockWait(),
                listener);
    }

    /** The migration lock on {@code c}, the connection the command works on. */
    MigrationLock lock(Connection c, String command) {
        return MigrationLock.acquire(
                c,
                settings.defaultSchema(),
                settings.table(),
                command,
                settings.options().lockWait(),
                listener);
    }

    /** The migration lock for a command that Flyway runs, which takes Flyway's own lock beside it. */
    MigrationLock lockBesideFlyway(String command) {
        return MigrationLock.acquireBesideFlyway(
                database(),
                settings.defaultSchema(),
                settings.table(),
                command,
                settings.options().lockWait(),
                listener);
    }

    /** The migration files, refused when one looks like a migration but is misnamed or two share a version. */
    MigrationFiles scanFiles(String command) {
        return checkNames(MigrationFiles.scan(settings.locations(), settings.allowEmpty()), command);
    }

    /**
     * Refuses entries named like migrations that cannot be read as files (dangling links, folders, unreadable files),
     * and files that look like migrations but do not follow the naming (Flyway would skip both without a word),
     * unless {@code migrate.ignoreMisnamed} says to skip them (then each is named in a warning), and versions used
     * by two files (Flyway cannot resolve them).
     */
    MigrationFiles checkNames(MigrationFiles files, String command) {
        if (!files.unusable().isEmpty()) {
            throw NamingProblems.unusable(command, files.unusable(), locationsText());
        }
        if (!files.misnamed().isEmpty()) {
            if (!settings.ignoreMisnamed()) {
                throw NamingProblems.misnamed(command, files.misnamed(), locationsText());
            }
            files.misnamed().forEach(m -> listener.warn(NamingProblems.skipped(m)));
        }
        if (!files.duplicates().isEmpty()) {
            throw NamingProblems.duplicates(command, files.duplicates());
        }
        return files;
    }

    /** Flyway, configured from the settings, migrating up to {@code target} (null for all). */
    FlywayGateway gateway(String target) {
        Database db = database();
        return new FlywayGateway(
                new FlywaySetup(
                        db.url().jdbcUrl(),
                        db.url().user(),
                        db.url().password().value(),
                        settings.schemas(),
                        settings.locations(),
                        settings.table(),
                        target,
                        settings.options().baselineVersion(),
                        settings.outOfOrder(),
                        sessionSettingsSql()),
                listener);
    }

    private String sessionSettingsSql() {
        List<String> settings = sessionSettings();
        return settings.isEmpty()
                ? null
                : String.join("", settings.stream().map(s -> s + ";").toList());
    }

    /** The profile's lock and statement timeouts, as the statements that set them on a session (none when unset). */
    List<String> sessionSettings() {
        List<String> sql = new ArrayList<>();
        String lock = settings.profile().lockTimeout();
        String statement = settings.profile().statementTimeout();
        if (lock != null) {
            sql.add("set lock_timeout = '" + PgDuration.sqlValue(lock) + "'");
        }
        if (statement != null) {
            sql.add("set statement_timeout = '" + PgDuration.sqlValue(statement) + "'");
        }
        return sql;
    }

    /** The profile's lock and statement timeouts, set on the connection scripts run on. */
    void applySessionSettings(Connection c) throws SQLException {
        String sql = sessionSettingsSql();
        if (sql != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    HistoryTable historyTable() {
        return new HistoryTable(settings.defaultSchema(), settings.table());
    }

    AuditLog auditLog() {
        return new AuditLog(settings.defaultSchema());
    }

    /**
     * How many scripts may share a commit: quick ones in groups, except on a protected environment (production), where
     * each commits on its own and so holds its locks no longer than it runs, as with Flyway's defaults.
     */
    CommitGroups groups() {
        return new CommitGroups(!settings.profile().protectedEnv());
    }

    /**
     * {@link #groups()} for the migrations of an upgrade: each on its own as well with {@code lockRetries}, where a
     * retry repeats one migration, never a group.
     */
    CommitGroups upgradeGroups() {
        return settings.profile().lockRetries().enabled() ? new CommitGroups(false) : groups();
    }

    /**
     * Whether the schemas hold relations of the user's: anything but this tool's own {@code migrate_*} tables and the
     * history table. Flyway refuses to migrate such a schema without a history table (it needs a baseline).
     */
    static boolean holdsUserTables(Connection c, List<String> schemas, String historyTable) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_class c join pg_namespace n"
                + " on n.oid = c.relnamespace where n.nspname = any(?) and c.relkind in ('r', 'p', 'v', 'm', 'f')"
                + " and c.relname not like 'migrate!_%' escape '!' and c.relname <> ?")) {
            s.setArray(1, c.createArrayOf("text", schemas.toArray()));
            s.setString(2, historyTable);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /**
     * Flyway refuses to migrate a schema that holds tables but no history table, this tool's own {@code migrate_*}
     * tables included (a schema that was dropped keeps its audit; a promotion journals in it first): where the
     * schemas hold only those, the empty history table is created first, as the default executor creates it.
     */
    void historyBesideToolTables() {
        try (Connection c = database().connect()) {
            HistoryTable history = historyTable();
            if (onlyToolTables(c, history, settings.schemas(), settings.table())) {
                history.createIfMissing(c);
            }
        } catch (SQLException e) {
            throw sqlFailure("create the history table " + historyName(), e);
        }
    }

    /**
     * Whether {@code schemas} hold no history table, some of this tool's {@code migrate_*} tables and no other table,
     * view or foreign table: one read of the catalog.
     */
    static boolean onlyToolTables(Connection c, HistoryTable history, List<String> schemas, String table)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select to_regclass(?) is not null,"
                + " coalesce(bool_or(c.relkind in ('r', 'p') and c.relname like 'migrate!_%' escape '!'), false),"
                + " coalesce(bool_or(c.relname not like 'migrate!_%' escape '!' and c.relname <> ?), false)"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = any(?) and c.relkind in ('r', 'p', 'v', 'm', 'f')")) {
            s.setString(1, history.qualified());
            s.setString(2, table);
            s.setArray(3, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean historyExists = rs.getBoolean(1);
                boolean toolTables = rs.getBoolean(2);
                boolean userTables = rs.getBoolean(3);
                return !historyExists && toolTables && !userTables;
            }
        }
    }

    /** Writes audit entries on a connection of their own; a failure is only warned about. */
    void writeAudit(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = database().connect()) {
            auditLog().append(c, entries);
        } catch (SQLException e) {
            listener.warn("could not write the audit table " + settings.defaultSchema() + "." + AuditLog.TABLE + ": "
                    + Messages.oneLine(e.getMessage()));
        }
    }

    /** The audit entry of a step that ended now. */
    static AuditEntry auditEntry(String runId, String command, Step step, String outcome, String message) {
        return auditEntry(runId, command, step, outcome, message, Instant.now().minus(step.duration()));
    }

    static AuditEntry auditEntry(String runId, String command, Step step, String outcome, String message, Instant at) {
        return new AuditEntry(
                runId,
                command,
                step.version(),
                step.description(),
                step.script(),
                outcome,
                at,
                step.duration().toMillis(),
                null,
                AuditLog.osUser(),
                AuditLog.host(),
                message);
    }

    /** An SQL failure in this project's words: a connection problem, a missing privilege, or else internal. */
    MigrateException sqlFailure(String what, SQLException e) {
        String role = settings.database() == null ? null : settings.database().user();
        SqlFailure kind = SqlFailure.of(e);
        if (kind.preventsConnecting()) {
            return ConnectionFailure.of(e, role);
        }
        String fix = kind == SqlFailure.INSUFFICIENT_PRIVILEGE
                ? SqlFailure.privilegeFix(e, role, "SELECT, INSERT, UPDATE, DELETE")
                : kind.fix(role);
        ErrorCode code = kind == SqlFailure.INSUFFICIENT_PRIVILEGE
                ? ErrorCode.CONFIGURATION
                : kind.losesConnection() ? ErrorCode.CONNECTION : ErrorCode.INTERNAL;
        return new MigrateException(
                code,
                "could not " + what + ": " + Messages.oneLine(e.getMessage()) + (fix.isEmpty() ? "" : " (" + fix + ")"),
                e);
    }

    /** The migration locations, relative to the project, for messages. */
    String locationsText() {
        return String.join(
                ", ",
                settings.locations().stream()
                        .map(p -> settings.projectDir().relativize(p).toString())
                        .toList());
    }

    /** The schema.table of the history table, for messages. */
    String historyName() {
        return settings.defaultSchema() + "." + settings.table();
    }

    /** A version for messages: {@code <none>} when nothing is applied. */
    static String display(String version) {
        return version == null ? "<none>" : version;
    }

    @Override
    public void close() {
        if (database != null && ownsDatabase) {
            database.close();
        }
        database = null;
    }
}
