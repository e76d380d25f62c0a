package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The drop command: every object in the managed schemas but the audit table, dropped in one transaction that also
 * records the drop in the audit table, once {@link DropConfirmation} allows it.
 */
final class Drop {
    private final CommandContext ctx;
    private final MigrateSettings settings;

    Drop(CommandContext ctx) {
        this.ctx = ctx;
        this.settings = ctx.settings;
    }

    /**
     * @param confirmation the database name the user gave, or {@code null}
     * @param backup       the name of the backup taken just before, or {@code null} when none was taken
     */
    Results.Drop drop(String confirmation, String backup) {
        Database db = ctx.database();
        DropConfirmation.check(settings, db, confirmation);
        String runId = UUID.randomUUID().toString();
        Instant at = Instant.now();
        long started = System.nanoTime();
        List<String> objects;
        try (MigrationLock lock = ctx.lock("drop");
                Connection c = db.connect()) {
            String before = CurrentVersion.ofRows(ctx.historyTable().read(c));
            objects = SchemaDrop.run(
                    c,
                    settings.schemas(),
                    ctx.auditLog(),
                    dropped -> new AuditEntry(
                            runId,
                            "drop",
                            before,
                            "dropped " + Messages.count(dropped.size(), "object") + " from " + schemasText()
                                    + " of database " + db.name(),
                            null,
                            "success",
                            at,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            null,
                            AuditLog.osUser(),
                            AuditLog.host(),
                            backup == null ? "no backup taken" : "backup " + backup + " taken first"));
        } catch (SQLException e) {
            throw failed(db, e);
        }
        if (objects.isEmpty()) {
            ctx.listener.info("drop: " + schemasText() + " held nothing to drop");
        } else {
            objects.forEach(o -> ctx.listener.info("Dropped " + o));
            ctx.listener.info("drop finished: " + Messages.count(objects.size(), "object") + " dropped from database "
                    + db.name() + "; the audit table " + settings.defaultSchema() + "." + AuditLog.TABLE
                    + " was kept and records the drop");
        }
        return new Results.Drop(db.name(), settings.schemas(), objects);
    }

    /** "schema public", "schemas app, audit". */
    private String schemasText() {
        return "schema" + (settings.schemas().size() == 1 ? " " : "s ") + String.join(", ", settings.schemas());
    }

    /** The drop failed and was rolled back: why, and the command that runs it again. */
    private MigrateException failed(Database db, SQLException e) {
        if (ConnectionFailure.isConnectionProblem(e)) {
            return ConnectionFailure.of(e);
        }
        return new MigrateException(
                ErrorCode.MIGRATION_FAILED,
                "drop of database " + db.name() + " failed and was"
                        + " rolled back, so nothing was dropped: " + Messages.oneLine(e.getMessage())
                        + " (fix the cause"
                        + " above and run "
                        + (DropConfirmation.required(settings, db)
                                ? FixHint.rerun(settings, "drop", FixHint.set(MigrateProperty.CONFIRM, db.name()))
                                : FixHint.rerun(settings, "drop"))
                        + " again)",
                e);
    }
}
