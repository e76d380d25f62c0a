package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.db.PromotionTable;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a promotion keeps track of itself, in both databases ({@code <schema>.migrate_promotion}): which step it is
 * in, the versions the environments had before it, and the backups it took. A row still {@code running} while nobody
 * holds the promotion lock belongs to a promotion that died: the next {@code promote} resumes it (rolling back to the
 * versions recorded here if a step fails), and {@code current} and {@code history} say so.
 */
public final class PromotionState {
    /** The table's name. */
    public static final String TABLE = PromotionTable.TABLE;
    /** The status of the row a restore of the database writes. */
    public static final String RESTORED = PromotionTable.RESTORED;

    private final MigrateSettings settings;

    public PromotionState(MigrateSettings settings) {
        this.settings = settings;
    }

    /**
     * One promotion as recorded.
     *
     * @param runId        the promotion's run id
     * @param from         the source environment
     * @param to           the target environment
     * @param step         the step it was in last
     * @param status       running, finished or resumed
     * @param startedAt    when it started
     * @param updatedAt    when it last recorded progress
     * @param startedBy    who ran it (command, user, host, process)
     * @param sourceBefore the source's version before it, or null
     * @param targetBefore the target's version before it, or null
     * @param sourceBackup the source's backup (a path), or null before it was taken
     * @param targetBackup the target's backup (a path), or null before it was taken
     * @param historyMark  the newest row of the history table of the database this record was read from, when the
     *                     run last recorded its progress there ({@link #historyMark(Connection)}), or null
     */
    public record Run(
            String runId,
            String from,
            String to,
            String step,
            String status,
            Instant startedAt,
            Instant updatedAt,
            String startedBy,
            String sourceBefore,
            String targetBefore,
            String sourceBackup,
            String targetBackup,
            String historyMark) {
        /** A run as it is about to be recorded (the history mark is read when it is written). */
        public Run(
                String runId,
                String from,
                String to,
                String step,
                String status,
                Instant startedAt,
                Instant updatedAt,
                String startedBy,
                String sourceBefore,
                String targetBefore,
                String sourceBackup,
                String targetBackup) {
            this(
                    runId,
                    from,
                    to,
                    step,
                    status,
                    startedAt,
                    updatedAt,
                    startedBy,
                    sourceBefore,
                    targetBefore,
                    sourceBackup,
                    targetBackup,
                    null);
        }

        /** One line for logs and messages. */
        public String describe() {
            return "promotion " + runId + " (" + from + " -> " + to + ", started " + startedAt + " by " + startedBy
                    + ") was interrupted in step '" + step + "'";
        }
    }

    private String table() {
        return PromotionTable.qualified(settings.defaultSchema());
    }

    private void ensureTable(Connection c) throws SQLException {
        PromotionTable.ensure(c, settings.defaultSchema());
    }

    /**
     * The newest row of this environment's history table, as recorded in {@code history_mark}: its rank, version and
     * when it was applied ({@code "none"} when the table is missing or empty). A database restored, downgraded or
     * upgraded by someone else since has another newest row.
     */
    public String historyMark(Connection c) throws SQLException {
        return new HistoryTable(settings.defaultSchema(), settings.table())
                .newest(c)
                .map(row -> mark(
                        row.installedRank(),
                        row.version(),
                        row.installedOn() == null ? null : Timestamp.from(row.installedOn())))
                .orElse("none");
    }

    /** Whether the history table still holds the row {@code mark} describes (rows may have been added after it). */
    boolean holdsMark(Connection c, String mark) throws SQLException {
        if (mark.equals("none")) {
            return true;
        }
        HistoryTable history = new HistoryTable(settings.defaultSchema(), settings.table());
        if (!history.exists(c)) {
            return false;
        }
        for (HistoryTable.Row row : history.read(c)) {
            if (mark.equals(mark(
                    row.installedRank(),
                    row.version(),
                    row.installedOn() == null ? null : Timestamp.from(row.installedOn())))) {
                return true;
            }
        }
        return false;
    }

    private static String mark(int rank, String version, Timestamp installedOn) {
        return "rank " + rank + " (version " + display(version) + ", applied "
                + (installedOn == null ? "<unknown>" : installedOn.toInstant()) + ")";
    }

    /** Records a new run (or the resumption of one) as running. */
    public void begin(Database db, Run run) {
        write(db, "record the promotion", c -> {
            ensureTable(c);
            try (PreparedStatement s = c.prepareStatement("insert into " + table() + " (run_id, from_env, to_env,"
                    + " step, status, started_at, updated_at, started_by, source_before, target_before,"
                    + " source_backup, target_backup, history_mark)"
                    + " values (?, ?, ?, ?, 'running', ?, now(), ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, run.runId());
                s.setString(2, run.from());
                s.setString(3, run.to());
                s.setString(4, run.step());
                s.setTimestamp(5, Timestamp.from(run.startedAt()));
                s.setString(6, run.startedBy());
                s.setString(7, run.sourceBefore());
                s.setString(8, run.targetBefore());
                s.setString(9, run.sourceBackup());
                s.setString(10, run.targetBackup());
                s.setString(11, historyMark(c));
                s.executeUpdate();
            }
        });
    }

    /** Records the step the run is in now, and the backups it has taken so far. */
    public void progress(Database db, String runId, String step, String sourceBackup, String targetBackup) {
        write(db, "record the promotion's progress", c -> {
            try (PreparedStatement s = c.prepareStatement("update " + table() + " set step = ?, updated_at = now(),"
                    + " source_backup = coalesce(?, source_backup), target_backup = coalesce(?, target_backup),"
                    + " history_mark = ? where run_id = ?")) {
                s.setString(1, step);
                s.setString(2, sourceBackup);
                s.setString(3, targetBackup);
                s.setString(4, historyMark(c));
                s.setString(5, runId);
                s.executeUpdate();
            }
        });
    }

    /** Marks a run as ended ({@code finished}) or taken over by a later run ({@code resumed}). */
    public void end(Database db, String runId, String status, String step) {
        write(db, "record the end of the promotion", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "update " + table() + " set status = ?, step = ?," + " updated_at = now() where run_id = ?")) {
                s.setString(1, status);
                s.setString(2, step);
                s.setString(3, runId);
                s.executeUpdate();
            }
        });
    }

    /**
     * The newest run still marked running. Only meaningful while the caller holds the promotion lock (or has checked
     * that nobody does): then that run died.
     */
    public Optional<Run> interrupted(Database db) {
        return newest(db, "status = 'running'", null);
    }

    /**
     * The newest restore of this database recorded after {@code since} ({@link #RESTORED}; its step names the backup),
     * or empty.
     */
    public Optional<Run> restoredSince(Database db, Instant since) {
        return newest(db, "status = '" + RESTORED + "' and started_at > ?", Timestamp.from(since));
    }

    /** The row of run {@code runId} in this database, whatever its status, or empty. */
    public Optional<Run> find(Database db, String runId) {
        return newest(db, "run_id = ?", runId);
    }

    private Optional<Run> newest(Database db, String condition, Object parameter) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("select to_regclass('" + table().replace("'", "''") + "')")) {
                exists.next();
                if (exists.getString(1) == null) {
                    return Optional.empty();
                }
            }
            // a table written by an earlier version has no history_mark column: read it through to_jsonb
            try (PreparedStatement q = c.prepareStatement("select run_id, from_env, to_env, step, status, started_at,"
                    + " updated_at, started_by, source_before, target_before, source_backup, target_backup,"
                    + " to_jsonb(p) ->> 'history_mark' from " + table() + " p where " + condition
                    + " order by started_at desc limit 1")) {
                if (parameter != null) {
                    q.setObject(1, parameter);
                }
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Run(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant(),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12),
                            rs.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not read the promotion state of " + settings.env() + ": " + Messages.oneLine(e.getMessage()),
                    e);
        }
    }

    /**
     * For {@code current} and {@code history}: a line about an interrupted promotion of this environment, when the
     * state says one is running and nobody holds the promotion lock.
     */
    public Optional<String> interruptedNotice(Database db) {
        Optional<Run> run = interrupted(db);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        if (PromotionLock.isHeld(db)) {
            return Optional.of("promotion " + run.get().runId() + " ("
                    + run.get().from() + " -> " + run.get().to() + ") is running, in step '"
                    + run.get().step() + "'");
        }
        return Optional.of("the last " + run.get().describe() + "; run migrate:promote -Dmigrate.from="
                + run.get().from() + " -Dmigrate.to=" + run.get().to() + " to resume it (a step that fails then"
                + " rolls back to the versions before it: " + run.get().from() + " "
                + display(run.get().sourceBefore()) + ", " + run.get().to() + " "
                + display(run.get().targetBefore())
                + ")");
    }

    private static String display(String version) {
        return version == null ? "<none>" : version;
    }

    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    private void write(Database db, String what, Write write) {
        try (Connection c = db.connect()) {
            write.run(c);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not " + what + " in " + settings.env() + ": " + Messages.oneLine(e.getMessage()),
                    e);
        }
    }
}
