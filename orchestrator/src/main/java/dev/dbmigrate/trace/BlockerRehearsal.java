package dev.dbmigrate.trace;

import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.trace.StatementTrace.Blocked;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocker rehearsal: one session per existing table the migration touches begins a transaction, reads the table
 * ({@code SELECT 1 ... LIMIT 1}, as an application's transaction would) and keeps it open; then the migration runs
 * again, in one transaction, with the environment's lock timeout (or {@link Trace#PROBE_TIMEOUT} when it has none).
 * A statement whose lock the readers' ACCESS SHARE holds up waits until the timeout ends it (SQLSTATE 55P03): that is
 * recorded, the readers of the tables it needs let go, and it runs again from a savepoint, so every later statement is
 * rehearsed too. The transaction is committed: the database then holds the migration, as upgrade would leave it. A
 * migration whose statements cannot run in a transaction is rehearsed on a copy of the database from before it.
 */
final class BlockerRehearsal {
    /** SQLSTATE lock_not_available: {@code lock_timeout} fired. */
    static final String LOCK_TIMEOUT = "55P03";
    /** SQLSTATE query_canceled: a statement timeout ended the wait. */
    private static final String CANCELED = "57014";

    private final ScratchServer scratch;
    private final String db;
    private final Relations relations;
    private final Long profileTimeoutMs;
    private final Map<String, Connection> readers = new LinkedHashMap<>();

    /** @param profileTimeoutMs the profile's {@code lockTimeout} in milliseconds, or null when it sets none */
    BlockerRehearsal(ScratchServer scratch, String db, Relations relations, Long profileTimeoutMs) {
        this.scratch = scratch;
        this.db = db;
        this.relations = relations;
        this.profileTimeoutMs = profileTimeoutMs;
    }

    /** The existing tables the traced statements locked, rewrote or locked an index of. */
    List<Relations.Relation> touched(List<StatementTrace> traced) {
        Set<String> named = new HashSet<>();
        for (StatementTrace s : traced) {
            s.locks().forEach(l -> named.add(l.relation()));
            named.addAll(s.rewrote());
        }
        return relations.tablesOf(named);
    }

    /**
     * Rehearses the migration on {@code c} (a session of {@link Session#open} with the lock timeout to use) behind
     * readers of {@code tables}. A migration that runs in a transaction is committed, each statement that waited run
     * again from a savepoint once its readers let go; one whose statements cannot run in a transaction runs them one
     * by one, and a statement that waited is not run again (the database is a copy, dropped after).
     *
     * @param held told of each table whose reader was opened
     * @return the traced statements with what each did behind the readers
     */
    List<StatementTrace> run(
            Connection c,
            List<SqlStatement> statements,
            List<StatementTrace> traced,
            List<Relations.Relation> tables,
            List<Relations.Relation> held,
            boolean inTransaction)
            throws SQLException {
        try {
            for (Relations.Relation table : tables) {
                read(table, held);
            }
            String setByRun = Relations.lockTimeout(c);
            c.setAutoCommit(!inTransaction);
            List<StatementTrace> result = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < statements.size(); i++) {
                    String timeout = Relations.lockTimeout(c);
                    Blocked blocked = runBehindReaders(
                            c, s, statements.get(i), traced.get(i), new Timeout(timeout, setByRun), inTransaction);
                    result.add(traced.get(i).withBlocked(blocked));
                }
            }
            if (inTransaction) {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            if (inTransaction) {
                c.rollback();
            }
            throw e;
        } finally {
            releaseAll();
        }
    }

    /** The lock timeout in force before a statement, and the one the run set. */
    private record Timeout(String inForce, String setByRun) {}

    private Blocked runBehindReaders(
            Connection c, Statement s, SqlStatement statement, StatementTrace traced, Timeout timeout, boolean again)
            throws SQLException {
        // a script that turned lock_timeout off would wait without end: the client cancels the wait instead
        s.setQueryTimeout(timeout.inForce().equals("0") ? 1 : 0);
        Savepoint before = again ? c.setSavepoint() : null;
        long t0 = System.nanoTime();
        try {
            s.execute(statement.sql());
            if (again) {
                c.releaseSavepoint(before);
            }
            return null;
        } catch (SQLException e) {
            if (!LOCK_TIMEOUT.equals(e.getSQLState()) && !CANCELED.equals(e.getSQLState())) {
                throw e;
            }
            long waited = (System.nanoTime() - t0) / 1_000_000;
            List<String> behind = release(traced);
            if (again) {
                c.rollback(before);
                s.setQueryTimeout(0);
                s.execute(statement.sql());
            }
            LockMode strongest = traced.locks().stream()
                    .map(LockTaken::mode)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            return new Blocked(
                    behind,
                    waited,
                    e.getSQLState(),
                    timeout.inForce(),
                    source(timeout.inForce(), timeout.setByRun()),
                    strongest);
        }
    }

    private Blocked.Source source(String timeout, String setByRun) {
        if (timeout.equals("0")) {
            return Blocked.Source.NONE;
        }
        if (!timeout.equals(setByRun)) {
            return Blocked.Source.SCRIPT;
        }
        return profileTimeoutMs == null ? Blocked.Source.NONE : Blocked.Source.PROFILE;
    }

    /**
     * Opens a reader of {@code table}; a table that cannot be read (a materialized view never populated) gets none and
     * is left out of {@code tables}, the ones actually held open.
     */
    private void read(Relations.Relation table, List<Relations.Relation> held) throws SQLException {
        Connection reader = scratch.connect(db);
        reader.setAutoCommit(false);
        try (Statement s = reader.createStatement()) {
            s.executeQuery("select 1 from " + table.quoted() + " limit 1").close();
        } catch (SQLException e) {
            reader.close();
            return;
        }
        readers.put(table.qualified(), reader);
        held.add(table);
    }

    /**
     * Lets go the readers of the tables whose ACCESS EXCLUSIVE the statement needed (every reader when the trace saw
     * none: then something else held it up).
     */
    private List<String> release(StatementTrace traced) throws SQLException {
        Set<String> exclusive = new HashSet<>();
        traced.locks().stream().filter(l -> l.mode().blocksReads()).forEach(l -> exclusive.add(l.relation()));
        List<String> tables = relations.tablesOf(exclusive).stream()
                .map(Relations.Relation::qualified)
                .filter(readers::containsKey)
                .toList();
        List<String> behind = tables.isEmpty() ? List.copyOf(readers.keySet()) : tables;
        for (String table : behind) {
            Connection reader = readers.remove(table);
            reader.rollback();
            reader.close();
        }
        return behind;
    }

    private void releaseAll() {
        for (Connection reader : readers.values()) {
            try {
                reader.close();
            } catch (SQLException e) {
                // the server ends the session's transaction when the connection goes
            }
        }
        readers.clear();
    }
}
