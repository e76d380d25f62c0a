package dev.dbmigrate.backup;

import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.PromotionTable;
import dev.dbmigrate.sql.SqlText;
import java.util.List;

/**
 * The tool's own tables that a restore keeps as they are live rather than as the backup holds them: the audit trail
 * ({@code migrate_audit}) and the promotion journal ({@code migrate_promotion}). A backup that a promotion took holds
 * that promotion's journal row as it was then ({@code running}, in step 'backup ...'); restoring it must neither bring
 * that promotion back to life nor forget what happened since, so both tables outlive the restore, and the restore
 * itself is recorded in both, in the restore's own transaction.
 *
 * <p>The restore's preamble copies each table into a temporary table ({@link #saveSql}); its postamble
 * ({@link #putBackSql}) puts them back: the audit rows written after the backup are added to the restored ones (the
 * audit is append-only, so the live table holds the restored rows too), and the journal is replaced by the live one
 * as a whole (without a live journal, the restored rows go: none of them may be resumed).
 */
final class KeptTables {
    private static final String AUDIT_COLUMNS = "run_id, command, version, description, script, outcome, started_at,"
            + " duration_ms, db_user, os_user, host, message";

    private KeptTables() {}

    /**
     * The restore as it is recorded.
     *
     * @param runId   the restore's run id
     * @param env     the environment restored
     * @param backup  the backup restored
     * @param who     who ran it ({@code AdvisoryLocks.describeThisRun})
     * @param message the audit row's message
     */
    record Restore(String runId, String env, BackupFile backup, String who, String message) {}

    /** SQL (for the preamble, before anything is dropped) that copies the live tables of {@code schema}. */
    static String saveSql(String schema, int index) {
        String name = SqlText.literal(schema);
        return "DO $migrate$\n"
                + "BEGIN\n"
                + "    IF pg_catalog.to_regclass(pg_catalog.format('%I." + AuditLog.TABLE + "', " + name
                + ")) IS NOT NULL THEN\n"
                + "        EXECUTE pg_catalog.format('CREATE TEMP TABLE " + keptAudit(index)
                + " ON COMMIT DROP AS SELECT * FROM %I." + AuditLog.TABLE + "', " + name + ");\n"
                + "    END IF;\n"
                + "    IF pg_catalog.to_regclass(pg_catalog.format('%I." + PromotionTable.TABLE + "', " + name
                + ")) IS NOT NULL THEN\n"
                // the copy holds every column of this build's layout, which the put-back inserts
                + "        EXECUTE " + SqlText.literal(PromotionTable.createTableSql(schema)) + ";\n"
                + "        EXECUTE pg_catalog.format('CREATE TEMP TABLE " + keptJournal(index)
                + " ON COMMIT DROP AS SELECT * FROM %I." + PromotionTable.TABLE + "', " + name + ");\n"
                + "    END IF;\n"
                + "END\n"
                + "$migrate$;\n";
    }

    /**
     * SQL (for the postamble, after the backup's content is in) that puts the live tables of {@code schema} back and,
     * when {@code restore} is given (the default schema), records the restore in both.
     */
    static String putBackSql(String schema, int index, Restore restore) {
        String audit = SqlText.identifier(schema) + "." + AuditLog.TABLE;
        String journal = SqlText.identifier(schema) + "." + PromotionTable.TABLE;
        String auditInsert = "INSERT INTO " + audit + " (" + AUDIT_COLUMNS + ") SELECT " + AUDIT_COLUMNS
                + " FROM pg_temp." + keptAudit(index) + " k WHERE NOT EXISTS (SELECT 1 FROM " + audit + " a"
                + " WHERE a.run_id = k.run_id AND a.command = k.command"
                + " AND a.version IS NOT DISTINCT FROM k.version AND a.script IS NOT DISTINCT FROM k.script"
                + " AND a.started_at = k.started_at) ORDER BY k.id";
        String journalInsert = "INSERT INTO " + journal + " (" + PromotionTable.COLUMNS + ") SELECT "
                + PromotionTable.COLUMNS + " FROM pg_temp." + keptJournal(index);
        StringBuilder sql = new StringBuilder("DO $migrate$\n"
                + "BEGIN\n"
                + "    IF pg_catalog.to_regclass('pg_temp." + keptAudit(index) + "') IS NOT NULL THEN\n"
                + "        EXECUTE " + SqlText.literal(new AuditLog(schema).createTableSql()) + ";\n"
                + "        EXECUTE " + SqlText.literal(auditInsert) + ";\n"
                + "    END IF;\n"
                + "    IF pg_catalog.to_regclass('pg_temp." + keptJournal(index) + "') IS NOT NULL\n"
                + "       OR pg_catalog.to_regclass(" + SqlText.literal(journal) + ") IS NOT NULL THEN\n"
                + "        EXECUTE " + SqlText.literal(PromotionTable.createTableSql(schema)) + ";\n"
                + "        EXECUTE " + SqlText.literal("DELETE FROM " + journal) + ";\n"
                + "        IF pg_catalog.to_regclass('pg_temp." + keptJournal(index) + "') IS NOT NULL THEN\n"
                + "            EXECUTE " + SqlText.literal(journalInsert) + ";\n"
                + "        END IF;\n");
        if (restore != null) {
            BackupFile backup = restore.backup();
            sql.append("        EXECUTE ")
                    .append(SqlText.literal(PromotionTable.restoreRecordSql(
                            schema,
                            restore.runId(),
                            restore.env(),
                            backup.name(),
                            backup.path().toString(),
                            backup.schemaVersion(),
                            restore.who())))
                    .append(";\n");
        }
        sql.append("    END IF;\n");
        if (restore != null) {
            sql.append(restoreAuditSql(audit, restore));
        }
        return sql.append("END\n$migrate$;\n").toString();
    }

    /** The statement that records the restore in the audit, when the schema has an audit table. */
    private static String restoreAuditSql(String audit, Restore restore) {
        // the audit records the restore when it records anything in this schema
        String entry = "INSERT INTO " + audit + " (" + AUDIT_COLUMNS + ") VALUES ("
                + String.join(
                        ", ",
                        SqlText.literal(restore.runId()),
                        "'restore'",
                        SqlText.literal(restore.backup().schemaVersion()),
                        SqlText.literal(restore.backup().name()),
                        "null",
                        "'restored'",
                        "clock_timestamp()",
                        "0",
                        "current_user",
                        SqlText.literal(AuditLog.osUser()),
                        SqlText.literal(AuditLog.host()),
                        SqlText.literal(restore.message()))
                + ")";
        return "    IF pg_catalog.to_regclass(" + SqlText.literal(audit) + ") IS NOT NULL THEN\n"
                + "        EXECUTE " + SqlText.literal(entry) + ";\n"
                + "    END IF;\n";
    }

    /** The put-back of every schema; the restore is recorded in the first (the tool's tables' schema). */
    static String putBackSql(List<String> schemas, Restore restore) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < schemas.size(); i++) {
            sql.append(putBackSql(schemas.get(i), i, i == 0 ? restore : null));
        }
        return sql.toString();
    }

    private static String keptAudit(int index) {
        return "migrate_restore_audit_" + index;
    }

    private static String keptJournal(int index) {
        return "migrate_restore_journal_" + index;
    }
}
