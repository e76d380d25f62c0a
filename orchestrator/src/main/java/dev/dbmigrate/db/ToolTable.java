package dev.dbmigrate.db;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the tool's own tables ({@code migrate_*}) in a managed schema, with the ordered steps that build its layout
 * version by version. The version a table is at is recorded in the table's comment ({@code migrate_audit schema 1}),
 * so it travels with the table through {@code pg_dump}, a restore and a copy, and no second table has to agree with
 * it. {@link #ensure} brings a table to {@link #version()} on first use: a missing table is created, a table of an
 * earlier version (or one written before versions were recorded: no comment) gets the steps after its version, in
 * order. Every step is idempotent ({@code if not exists}), so a table without a recorded version replays them all.
 *
 * <p>To change a tool table in a later release, append a step; never edit a step that has shipped.
 */
public final class ToolTable {
    /**
     * The transaction-scoped advisory lock that serialises bringing tool tables up to date (two runs at once: one
     * creates or upgrades, the other waits, then finds the table current). Distinct from the tool's session locks.
     */
    static final long LOCK_KEY = 0x6d6967746162L; // "migtab"

    private static final String LOCK_SQL = "select pg_advisory_xact_lock(" + LOCK_KEY + ")";

    private static final Pattern RECORDED = Pattern.compile("^(\\S+) schema (\\d+)\\b");

    /**
     * One upgrade step.
     *
     * @param version the layout version this step brings the table to (1 creates it)
     * @param sql     the step's statement, {@code %s} standing for the table's qualified name
     */
    public record Step(int version, String sql) {
        String sqlFor(String qualifiedTable) {
            return sql.replace("%s", qualifiedTable);
        }
    }

    private final String name;
    private final List<Step> steps;

    /**
     * @param name  the table's name, starting with {@code migrate_}
     * @param steps the steps in order, numbered 1, 2, 3...
     */
    public ToolTable(String name, List<Step> steps) {
        if (!name.startsWith("migrate_")) {
            throw new IllegalArgumentException("a tool table's name starts with migrate_: " + name);
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).version() != i + 1) {
                throw new IllegalArgumentException(name + ": step " + (i + 1) + " is numbered "
                        + steps.get(i).version());
            }
        }
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /** The table's name. */
    public String name() {
        return name;
    }

    /** The layout version this build writes: the last step's. */
    public int version() {
        return steps.size();
    }

    /** The table's name in {@code schema}, quoted. */
    public String qualified(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"." + name;
    }

    /** The comment that records version {@code version} on the table. */
    String versionComment(int version) {
        return name + " schema " + version;
    }

    /**
     * Every step and the version comment, as statements separated by {@code ;}: brings the table in {@code schema}
     * from any earlier layout to this build's (a restore replays it through psql).
     */
    public String upgradeSql(String schema) {
        return String.join("; ", statements(schema, 0));
    }

    private List<String> statements(String schema, int from) {
        String table = qualified(schema);
        List<String> sql = new ArrayList<>();
        for (Step step : steps.subList(from, steps.size())) {
            sql.add(step.sqlFor(table));
        }
        sql.add("comment on table " + table + " is '" + versionComment(version()) + "'");
        return sql;
    }

    /**
     * The version the table in {@code schema} is at: its recorded version; 0 when it is missing or was written before
     * versions were recorded (its comment does not name one).
     */
    public int recordedVersion(Connection c, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select obj_description(to_regclass(?), 'pg_class')")) {
            s.setString(1, qualified(schema));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String comment = rs.getString(1);
                Matcher m = comment == null ? null : RECORDED.matcher(comment);
                return m != null && m.find() && m.group(1).equals(name) ? Integer.parseInt(m.group(2)) : 0;
            }
        }
    }

    /**
     * What {@link #ensure} would run on the table in {@code schema} now, read without changing anything: nothing when
     * the table is at this build's version; else one transaction of its own that takes the same lock and runs the
     * steps after the recorded version (the dry-run plan prints it).
     *
     * @throws MigrateException (REFUSED) when the table is at a newer version than this build knows
     */
    public List<String> ensureSql(Connection c, String schema) throws SQLException {
        if (current(c, schema)) {
            return List.of();
        }
        List<String> sql = new ArrayList<>();
        sql.add("begin");
        sql.add(LOCK_SQL);
        sql.addAll(statements(schema, recordedVersion(c, schema)));
        sql.add("commit");
        return sql;
    }

    /**
     * Brings the table in {@code schema} to this build's version, creating it when it is missing. A table already
     * there costs one catalog query. The upgrade runs under a transaction-scoped advisory lock: in the caller's
     * transaction when one is open (the table then commits or rolls back with the caller's work), else in one of its
     * own. A role that may use the table but not alter it (it does not own it) uses it as it is, as releases before
     * versioned tables did; the table's owner upgrades it on its next run.
     *
     * @throws MigrateException (REFUSED) when the table is at a newer version than this build knows
     */
    public void ensure(Connection c, String schema) throws SQLException {
        if (current(c, schema)) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        Savepoint before = auto ? null : c.setSavepoint();
        try {
            upgradeLocked(c, schema);
            if (auto) {
                c.commit();
            }
        } catch (SQLException e) {
            rollback(c, before);
            if (!notOwnerOfExisting(e, c, schema)) {
                throw e;
            }
        } catch (RuntimeException e) {
            rollback(c, before);
            throw e;
        } finally {
            if (auto) {
                c.setAutoCommit(true);
            }
        }
    }

    private static void rollback(Connection c, Savepoint savepoint) throws SQLException {
        if (savepoint == null) {
            c.rollback();
        } else {
            c.rollback(savepoint);
        }
    }

    private boolean notOwnerOfExisting(SQLException e, Connection c, String schema) throws SQLException {
        if (SqlFailure.of(e) != SqlFailure.INSUFFICIENT_PRIVILEGE) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("select to_regclass(?) is not null")) {
            s.setString(1, qualified(schema));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean current(Connection c, String schema) throws SQLException {
        int found = recordedVersion(c, schema);
        if (found > version()) {
            throw newer(schema, found);
        }
        return found == version();
    }

    private void upgradeLocked(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(LOCK_SQL);
            if (current(c, schema)) {
                return;
            }
            // the steps after the recorded version; all of them for a table without one (they are idempotent)
            for (String sql : statements(schema, recordedVersion(c, schema))) {
                s.execute(sql);
            }
        }
    }

    private MigrateException newer(String schema, int found) {
        return new MigrateException(
                ErrorCode.REFUSED,
                "the table " + schema + "." + name + " is at schema version "
                        + found + " (recorded in its comment), newer than version " + version() + " that this build of"
                        + " migrate knows; it was written by a newer release of migrate, and this one does not write to it;"
                        + " nothing was changed (run the release of migrate that upgraded it, or a newer one)");
    }
}
