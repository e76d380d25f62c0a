package dev.dbmigrate.engine;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.events.MigrateListener;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The everyday commands on one database: init, drop, upgrade, downgrade, history, current, validate, repair. The
 * Maven goals and the CLI verbs call these methods and nothing else. Each command is a class of its own
 * ({@link Upgrade}, {@link Downgrade}, {@link MigrationState}, {@link Validation}, {@link Repair}, {@link Drop}) over
 * what they share ({@link CommandContext}). A Migrator opens its database (or starts the embedded one) lazily and
 * releases it on {@link #close()}.
 */
public final class Migrator implements AutoCloseable {
    private final CommandContext ctx;

    /** A Migrator that opens (and on {@link #close()} releases) the settings' database. */
    public Migrator(MigrateSettings settings, MigrateListener listener) {
        this(settings, listener, null);
    }

    /**
     * A Migrator working on a database the caller opened and keeps open (the promotion pipeline shares one
     * {@link Database} per environment across its steps); {@code null} means "open your own".
     */
    public Migrator(MigrateSettings settings, MigrateListener listener, Database shared) {
        this.ctx = new CommandContext(settings, listener, shared);
    }

    /** Applies every pending migration to an empty database; refuses an existing schema without history. */
    public Results.Upgrade init() {
        return new Upgrade(ctx).init();
    }

    /**
     * Applies pending migrations up to {@code target}, one transaction each, with the executor the settings choose
     * ({@link MigrateSettings#executor()}).
     */
    public Results.Upgrade upgrade() {
        return new Upgrade(ctx).upgrade();
    }

    /**
     * The dry run of {@link #upgrade()}: writes to {@code out}, as a psql script, every statement the upgrade would
     * run against this database, in order (the session settings, each pending migration in its transaction, its
     * history row and audit entry), having read the database read-only and changed nothing. Refused where upgrade
     * would refuse, and where upgrade would leave the run to Flyway's migrate.
     *
     * @param annotations lines printed as SQL comments above a migration's statements (its measured locks and
     *                    rewrites, say), keyed by the migration's script as the history records it
     *                    ({@code V2__add_index.sql}, or {@code sub/V2__add_index.sql} in a subfolder) or by its file
     *                    name; empty for none
     */
    public Results.Plan plan(Map<String, List<String>> annotations, Writer out) {
        return new DryRun(ctx).plan(annotations, out);
    }

    /**
     * Undoes the newest applied migrations with their undo scripts: {@code steps} of them (default 1), or all above
     * {@code target}. Refuses before changing anything when an undo script is missing.
     */
    public Results.Downgrade downgrade() {
        return new Downgrade(ctx).downgrade();
    }

    /** Every migration, applied, pending and undone, with the audit trail. */
    public Results.History history() {
        return new MigrationState(ctx).history();
    }

    /** The current version and what is pending. */
    public Results.Current current() {
        return new MigrationState(ctx).current();
    }

    /**
     * The current version as the history table records it, without reading the migration files: what a backup is
     * named after, so that a misnamed file in the project never stands in the way of a backup.
     */
    public String appliedVersion() {
        return new MigrationState(ctx).appliedVersion();
    }

    /** Checks names, duplicate versions, undo scripts and, against the database, checksums. */
    public Results.Validation validate(boolean requireUndo) {
        return new Validation(ctx).validate(requireUndo);
    }

    /** Removes failed history entries and realigns checksums with the files. */
    public Results.Repair repair() {
        return new Repair(ctx).repair();
    }

    /**
     * Drops every object in the managed schemas, confirmed by {@code -Dmigrate.confirm} (see
     * {@link #drop(String, String)}).
     */
    public Results.Drop drop() {
        return drop(ctx.settings.options().confirm(), null);
    }

    /**
     * Drops every object in the managed schemas but the audit table, in one transaction that also records the drop
     * in the audit table (who, when, the database, the backup taken first). Refused, with nothing dropped, unless
     * {@code confirmation} is the database name, on every database but the embedded one ({@link DropConfirmation}).
     *
     * @param confirmation the database name the user gave, or {@code null}
     * @param backup       the name of the backup taken just before, or {@code null} when none was taken
     */
    public Results.Drop drop(String confirmation, String backup) {
        return new Drop(ctx).drop(confirmation, backup);
    }

    /**
     * Whether the schemas hold relations of the user's: anything but this tool's own {@code migrate_*} tables and the
     * history table. Flyway refuses to migrate such a schema without a history table (it needs a baseline).
     */
    public static boolean holdsUserTables(Connection c, List<String> schemas, String historyTable) throws SQLException {
        return CommandContext.holdsUserTables(c, schemas, historyTable);
    }

    /** A version for messages: {@code <none>} when nothing is applied. */
    public static String display(String version) {
        return CommandContext.display(version);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
