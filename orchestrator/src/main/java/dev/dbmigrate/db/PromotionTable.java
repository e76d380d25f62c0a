package dev.dbmigrate.db;

import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The promotion journal's table ({@code <schema>.migrate_promotion}): its layout, and the row a restore writes into
 * it. The promotion itself reads and writes it through {@code promote.PromotionState}; a restore keeps it (see
 * {@code backup.KeptTables}).
 */
public final class PromotionTable {
    /** The table's name. */
    public static final String TABLE = "migrate_promotion";
    /** The status of the row a restore of the database writes. */
    public static final String RESTORED = "restored";

    private PromotionTable() {}

    /**
     * The table's layout, version by version (append a step to change it): 1 the table as first released, 2 the
     * {@code history_mark} a resume checks.
     */
    public static final ToolTable LAYOUT = new ToolTable(
            TABLE,
            List.of(
                    new ToolTable.Step(
                            1,
                            "create table if not exists %s ("
                                    + " run_id text primary key,"
                                    + " from_env text not null,"
                                    + " to_env text not null,"
                                    + " step text not null,"
                                    + " status text not null,"
                                    + " started_at timestamptz not null,"
                                    + " updated_at timestamptz not null,"
                                    + " started_by text not null,"
                                    + " source_before text,"
                                    + " target_before text,"
                                    + " source_backup text,"
                                    + " target_backup text)"),
                    new ToolTable.Step(2, "alter table %s add column if not exists history_mark text")));

    /**
     * The statements that create the table when it is missing and bring an existing one to this build's layout,
     * version recorded (a restore replays them through psql).
     */
    public static String createTableSql(String schema) {
        return LAYOUT.upgradeSql(schema);
    }

    /** Creates the table when it is missing, or brings it to this build's layout ({@link ToolTable#ensure}). */
    public static void ensure(Connection c, String schema) throws SQLException {
        LAYOUT.ensure(c, schema);
    }

    /** The columns of a row, in the table's order. */
    public static final String COLUMNS = "run_id, from_env, to_env, step, status, started_at, updated_at, started_by,"
            + " source_before, target_before, source_backup, target_backup, history_mark";

    public static String qualified(String schema) {
        return LAYOUT.qualified(schema);
    }

    /**
     * The row a restore adds (in the restore's transaction): status {@link #RESTORED}, the environment as both ends,
     * the backup in its step and as the target's backup. So the journal shows the restore, and a promotion that was
     * interrupted before it is not resumed over it.
     */
    public static String restoreRecordSql(
            String schema,
            String runId,
            String env,
            String backupName,
            String backupPath,
            String backupVersion,
            String who) {
        return "insert into " + qualified(schema) + " (" + COLUMNS + ") values ("
                + String.join(
                        ", ",
                        SqlText.literal(runId),
                        SqlText.literal(env),
                        SqlText.literal(env),
                        SqlText.literal("restored from " + backupName + " (version " + display(backupVersion) + ")"),
                        SqlText.literal(RESTORED),
                        "clock_timestamp()",
                        "clock_timestamp()",
                        SqlText.literal(who),
                        "null",
                        SqlText.literal(backupVersion),
                        "null",
                        SqlText.literal(backupPath),
                        "null")
                + ")";
    }

    private static String display(String version) {
        return version == null ? "<none>" : version;
    }
}
