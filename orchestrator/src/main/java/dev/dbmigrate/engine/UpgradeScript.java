package dev.dbmigrate.engine;

import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.engine.UpgradePlan.Pending;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The dry-run plan as a psql script: every statement the direct executor would send for an upgrade, in its order,
 * each migration in the transaction it would run in (or outside one, for {@code CREATE INDEX CONCURRENTLY} and its
 * kind), its history row and audit entry written by the executor's own {@link UpgradeStatements}. The statements are
 * the executor's, not a rendering of them: that is why the script is written here and not in {@code report}.
 *
 * <p>Where the script differs from the run, by necessity: it takes the migration lock without waiting (the run waits
 * up to {@code lockWait}); each migration commits on its own (the run may commit quick ones in groups, with the same
 * outcome, never on a protected environment); a migration run outside a transaction is timed from a session setting
 * ({@code migrate.plan_started}) where the run times it on the client; and a failure stops psql without the failed
 * row and audit entry the run writes.
 */
final class UpgradeScript {
    /** The session setting a migration run outside a transaction is timed from. */
    static final String STARTED = "migrate.plan_started";

    private static final String RULE = "-- " + "-".repeat(100);

    private final CommandContext ctx;
    private final UpgradePlan plan;
    private final UpgradeStatements statements;
    private final List<String> auditTable;
    private final String runId;
    private final Map<String, List<String>> annotations;

    /**
     * @param auditTable  what the executor would run to bring the audit table to this build's layout (often nothing)
     * @param runId       the run id the audit entries carry
     * @param annotations lines to print above each migration's statements, by its script (as the history records it)
     *                    or its file name
     */
    UpgradeScript(
            CommandContext ctx,
            UpgradePlan plan,
            UpgradeStatements statements,
            List<String> auditTable,
            String runId,
            Map<String, List<String>> annotations) {
        this.ctx = ctx;
        this.plan = plan;
        this.statements = statements;
        this.auditTable = auditTable;
        this.runId = runId;
        this.annotations = annotations;
    }

    /** Writes the script: the header, then (when anything is pending) the session, each migration, the unlock. */
    void write(Writer out, String database, String to) throws IOException {
        String schema = ctx.settings.defaultSchema();
        List<Pending> pending = plan.pending();
        String target = ctx.settings.options().target();
        out.write("-- migrate plan: the SQL that upgrade would run, in order\n");
        out.write("-- environment: " + ctx.settings.env() + "\n");
        out.write("-- database: " + database + " (schema " + schema + ", history table " + ctx.historyName() + ")\n");
        out.write("-- current version: " + CommandContext.display(plan.current()) + "\n");
        out.write("-- pending: " + Messages.count(pending.size(), "migration")
                + (target == null ? "" : " (up to target " + target + ")") + "; after them the version is "
                + CommandContext.display(to) + "\n");
        if (ctx.settings.profile().protectedEnv()) {
            out.write("-- environment " + ctx.settings.env() + " is protected: upgrade backs it up with pg_dump"
                    + " first; this script does not\n");
        }
        out.write("-- generated at: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
        out.write("-- nothing was changed: the plan read the database in read-only transactions\n");
        out.write("-- apply with: psql -X -f <this file> <connection> (as the role upgrade connects as)\n");
        out.write("\\set ON_ERROR_STOP on\n");
        if (pending.isEmpty()) {
            out.write("\n-- nothing is pending: schema " + schema + " is at version "
                    + CommandContext.display(plan.current()) + "; this script changes nothing\n");
            return;
        }
        out.write("\n-- the migration lock (upgrade waits up to lockWait for it; this script stops at once)\n");
        statement(out, MigrationLock.scriptLock(schema, ctx.settings.table()));
        List<String> session = ctx.sessionSettings();
        if (!session.isEmpty()) {
            out.write("\n-- the profile's timeouts\n");
            statements(out, session);
        }
        out.write("\n-- the history table (and the audit table, when it is missing or of an older layout)\n");
        statements(out, ctx.historyTable().createSql());
        statements(out, auditTable);
        out.write("\n-- the session the migrations run in: the role that connected, Flyway's search path\n");
        statements(out, statements.session());
        int rank = plan.nextRank();
        for (Pending m : pending) {
            migration(out, m, rank++);
        }
        out.write("\n" + RULE + "\n-- done: " + Messages.count(pending.size(), "migration") + " applied; version "
                + CommandContext.display(to) + "\n");
        statement(out, MigrationLock.scriptUnlock(schema, ctx.settings.table()));
    }

    private void migration(Writer out, Pending m, int rank) throws IOException {
        MigrationFiles.MigrationFile file = m.file();
        out.write("\n" + RULE + "\n");
        out.write("-- " + file.script() + "\n");
        out.write("-- version " + file.versionText() + " (" + file.description() + "), checksum " + m.checksum()
                + ", installed_rank " + rank + "; "
                + (m.noTransaction()
                        ? "runs outside a transaction (its statements cannot run in one), as upgrade runs it"
                        : "one transaction")
                + "\n");
        for (String line :
                annotations.getOrDefault(file.script(), annotations.getOrDefault(file.fileName(), List.of()))) {
            out.write(comment(line) + "\n");
        }
        var entry = CommandContext.auditEntry(
                runId,
                "upgrade",
                new Step(file.versionText(), file.description(), file.script(), Duration.ZERO),
                "success",
                null);
        String took;
        if (m.noTransaction()) {
            statement(out, "select set_config('" + STARTED + "', clock_timestamp()::text, false)");
            took = "(extract(epoch from clock_timestamp() - current_setting('" + STARTED
                    + "')::timestamptz) * 1000)::int";
        } else {
            statement(out, "begin");
            took = ScriptRunner.SERVER_MS;
        }
        migrationStatements(out, m);
        statements(out, statements.bookkeeping(m, rank, took, entry));
        if (!m.noTransaction()) {
            statement(out, "commit");
        }
    }

    /** The migration's statements, verbatim; a script too large to hold is read again as it is written. */
    private static void migrationStatements(Writer out, Pending m) throws IOException {
        if (m.streamed() == null) {
            for (SqlStatement s : m.statements()) {
                statement(out, s.sql());
            }
            return;
        }
        try (ScriptReader reader = ScriptReader.open(m.file().path())) {
            SqlScript.Statements all = SqlScript.stream(reader);
            for (SqlStatement s = all.next(); s != null; s = all.next()) {
                statement(out, s.sql());
            }
            if (reader.checksum() != m.checksum()) {
                throw new MigrateException(
                        ErrorCode.VALIDATION,
                        "plan stopped: " + m.file().script() + " changed while the plan was being written (its"
                                + " checksum was " + m.checksum() + " when the plan started and is "
                                + reader.checksum() + " now); nothing was changed (leave the file alone and run the"
                                + " plan again)");
            }
        }
    }

    private static void statements(Writer out, List<String> sql) throws IOException {
        for (String s : sql) {
            statement(out, s);
        }
    }

    /** One statement and its semicolon: on a line of its own when the statement ends in a line comment. */
    private static void statement(Writer out, String sql) throws IOException {
        String last = sql.substring(sql.lastIndexOf('\n') + 1);
        out.write(sql + (last.contains("--") ? "\n;\n" : ";\n"));
    }

    private static String comment(String line) {
        String flat = line.replace("\r", " ").replace("\n", " ");
        return flat.startsWith("--") ? flat : "-- " + flat;
    }
}
