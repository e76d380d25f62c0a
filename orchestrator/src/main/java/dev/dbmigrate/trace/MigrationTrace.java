package dev.dbmigrate.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * What one versioned migration did when it ran, statement by statement, in a throwaway database built from the
 * migrations before it, and then behind a session holding an open transaction over the tables it touches.
 *
 * @param version       the migration's version, as its file spells it
 * @param script        its path relative to its location, as the history table records it
 * @param path          its file, as {@link dev.dbmigrate.engine.MigrationFiles} found it (what lint findings name)
 * @param inTransaction whether its statements ran in one transaction (false for a migration of statements that
 *                      cannot, such as {@code CREATE INDEX CONCURRENTLY}: each then runs on its own and its locks are
 *                      watched from a second session)
 * @param statements    each statement, in order; up to the failing one when it failed
 * @param readTables    the existing tables the blocker rehearsal's session read and held open; empty when the
 *                      rehearsal did not run
 * @param failure       why it could not be traced ({@code line 3: ERROR: ...}), or null when it ran through
 * @param notes         what else a reader of the trace needs: a blocker rehearsal that did not run and why, sample data
 *                      that failed to load after it
 */
public record MigrationTrace(
        String version,
        String script,
        Path path,
        boolean inTransaction,
        List<StatementTrace> statements,
        List<String> readTables,
        String failure,
        List<String> notes) {

    public MigrationTrace {
        statements = List.copyOf(statements);
        readTables = List.copyOf(readTables);
        notes = List.copyOf(notes);
    }

    /** Whether every statement ran. */
    public boolean traced() {
        return failure == null;
    }

    /**
     * What the blocker rehearsal found, one line per statement that waited behind the open transaction:
     * {@code line 3 (alter table users add column ...): queued behind ...}. Empty when none waited.
     */
    public List<String> blockers() {
        return statements.stream()
                .filter(s -> s.blocked() != null)
                .map(s -> "line " + s.line() + " (" + s.sql() + "): "
                        + s.blocked().verdict())
                .toList();
    }

    /** The statement that starts on {@code line}, if one does. */
    StatementTrace at(int line) {
        return statements.stream().filter(s -> s.line() == line).findFirst().orElse(null);
    }
}
