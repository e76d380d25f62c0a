package dev.dbmigrate.trace;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.MigrationsBuild;
import dev.dbmigrate.rehearse.SampleData;
import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One walk of {@link Trace} along the migrations, on one throwaway database. */
final class TraceWalk {
    private final ScratchServer scratch;
    private final String db;
    private final MigrateSettings settings;
    private final SampleData sample;
    private final Long timeoutMs;
    private final MigrateListener listener;

    TraceWalk(
            ScratchServer scratch,
            String db,
            MigrateSettings settings,
            SampleData sample,
            Long timeoutMs,
            MigrateListener listener) {
        this.scratch = scratch;
        this.db = db;
        this.settings = settings;
        this.sample = sample;
        this.timeoutMs = timeoutMs;
        this.listener = listener;
    }

    /**
     * Applies {@code before} through the engine, loading each one's sample data right after it (so the engine runs up
     * to each version that has sample data, then to the last).
     */
    void build(List<MigrationFile> before) {
        for (int i = 0; i < before.size(); i++) {
            MigrationFile m = before.get(i);
            if (sample.of(m).isEmpty() && i < before.size() - 1) {
                continue;
            }
            try {
                MigrationsBuild.upgrade(scratch, db, settings, m.versionText(), listener);
            } catch (MigrateException e) {
                throw buildFailed(before.get(before.size() - 1), e.getMessage(), e);
            }
            for (MigrationFile loaded : before.subList(0, i + 1)) {
                Optional<String> error = sample.load(scratch, db, loaded, settings.schemas());
                if (error.isPresent()) {
                    throw buildFailed(before.get(before.size() - 1), "sample data " + error.get(), null);
                }
            }
            before = before.subList(i + 1, before.size());
            i = -1;
        }
    }

    private MigrateException buildFailed(MigrationFile last, String cause, Throwable e) {
        return new MigrateException(
                ErrorCode.CHECK_FAILED,
                "the trace could not build the state up to " + last.fileName() + " from the migration files in its"
                        + " throwaway database (" + cause + "); nothing was changed on any real database (fix the file,"
                        + " or the sample data after it, so that the migrations before the traced ones build)",
                e);
    }

    /** Traces the migrations of {@code walk} whose version is {@code wanted}, applying the others between them. */
    List<MigrationTrace> trace(List<MigrationFile> walk, Set<String> wanted) throws SQLException {
        List<MigrationTrace> traces = new ArrayList<>();
        String stopped = null;
        for (MigrationFile m : walk) {
            boolean traced = wanted.contains(m.version());
            if (stopped != null) {
                if (traced) {
                    traces.add(trace(
                            m, true, List.of(), List.of(), "not traced: " + stopped + " failed before it", List.of()));
                }
                continue;
            }
            MigrationTrace result = traced ? traceOne(m) : applyUntraced(m);
            if (result.failure() != null) {
                stopped = m.fileName();
            } else {
                Optional<String> error = sample.load(scratch, db, m, settings.schemas());
                if (error.isPresent()) {
                    List<String> notes = new ArrayList<>(result.notes());
                    notes.add("sample data " + error.get());
                    result = trace(m, result.inTransaction(), result.statements(), result.readTables(), null, notes);
                }
            }
            if (traced) {
                listener.info("trace: " + m.fileName() + ": " + outcome(result));
                traces.add(result);
            }
        }
        return traces;
    }

    private static String outcome(MigrationTrace result) {
        if (result.failure() != null) {
            return result.failure();
        }
        int waited = result.blockers().size();
        return Messages.count(result.statements().size(), "statement") + ", "
                + (waited == 0 ? "none" : Integer.toString(waited)) + " waited behind an open transaction";
    }

    private MigrationTrace traceOne(MigrationFile m) throws SQLException {
        List<SqlStatement> statements;
        try {
            statements = SqlScript.parse(MigrationFiles.read(m.path()));
        } catch (IllegalArgumentException e) {
            return trace(
                    m, true, List.of(), List.of(), "cannot be split into statements: " + e.getMessage(), List.of());
        }
        boolean outside = statements.stream().anyMatch(SqlStatement::requiresNoTransaction);
        if (outside && !statements.stream().allMatch(SqlStatement::requiresNoTransaction)) {
            return trace(
                    m,
                    false,
                    List.of(),
                    List.of(),
                    "mixes statements that cannot run inside a transaction with"
                            + " others, which upgrade refuses (move each such statement, such as CREATE INDEX CONCURRENTLY,"
                            + " into a migration file of its own)",
                    List.of());
        }
        Relations relations;
        TransactionTrace.Outcome outcome;
        // statements outside a transaction stay done: their blocker rehearsal runs on a copy of the state before
        String copy = outside ? scratch.copyOf(db, "blocker") : null;
        try {
            try (Connection c = Session.open(scratch, db, settings.defaultSchema(), timeoutMs)) {
                relations = Relations.read(c, settings.schemas());
                if (outside) {
                    try (Connection watching = scratch.connect(db)) {
                        outcome = new SingleStatementTrace(c, watching, relations).run(statements);
                    }
                } else {
                    outcome = new TransactionTrace(c, relations).run(statements);
                }
            }
            if (outcome.failure() != null) {
                return trace(m, !outside, outcome.statements(), List.of(), outcome.failure(), List.of());
            }
            return rehearse(m, statements, relations, outcome.statements(), copy);
        } finally {
            if (copy != null) {
                scratch.drop(copy);
            }
        }
    }

    /**
     * The blocker rehearsal of a traced migration: on the trace's database, which it commits, or on {@code copy}, the
     * state before a migration whose statements run outside a transaction.
     */
    private MigrationTrace rehearse(
            MigrationFile m,
            List<SqlStatement> statements,
            Relations relations,
            List<StatementTrace> traced,
            String copy)
            throws SQLException {
        boolean inTransaction = copy == null;
        BlockerRehearsal blocker = new BlockerRehearsal(scratch, inTransaction ? db : copy, relations, timeoutMs);
        List<Relations.Relation> tables = blocker.touched(traced);
        long probe = timeoutMs != null ? timeoutMs : Trace.PROBE_TIMEOUT.toMillis();
        try (Connection c = Session.open(scratch, inTransaction ? db : copy, settings.defaultSchema(), probe)) {
            List<Relations.Relation> held = new ArrayList<>();
            List<StatementTrace> rehearsed = blocker.run(c, statements, traced, tables, held, inTransaction);
            List<String> read = held.stream().map(Relations.Relation::qualified).toList();
            return trace(m, inTransaction, rehearsed, read, null, List.of());
        } catch (SQLException e) {
            String error = Messages.oneLine(e.getMessage());
            return inTransaction
                    ? trace(
                            m,
                            true,
                            traced,
                            List.of(),
                            "the blocker rehearsal failed: " + error + " (rolled back)",
                            List.of())
                    : trace(m, false, traced, List.of(), null, List.of("the blocker rehearsal stopped: " + error));
        }
    }

    /** Applies a migration between two traced ones, as upgrade would, without tracing it. */
    private MigrationTrace applyUntraced(MigrationFile m) throws SQLException {
        List<SqlStatement> statements = SqlScript.parse(MigrationFiles.read(m.path()));
        boolean outside = statements.stream().allMatch(SqlStatement::requiresNoTransaction);
        try (Connection c = Session.open(scratch, db, settings.defaultSchema(), timeoutMs);
                Statement s = c.createStatement()) {
            c.setAutoCommit(outside);
            for (SqlStatement statement : statements) {
                try {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    if (!outside) {
                        c.rollback();
                    }
                    return trace(m, !outside, List.of(), List.of(), Trace.failure(statement, e), List.of());
                }
            }
            if (!outside) {
                c.commit();
            }
        }
        return trace(m, !outside, List.of(), List.of(), null, List.of());
    }

    private static MigrationTrace trace(
            MigrationFile m,
            boolean inTransaction,
            List<StatementTrace> statements,
            List<String> readTables,
            String failure,
            List<String> notes) {
        return new MigrationTrace(
                m.versionText(), m.script(), m.path(), inTransaction, statements, readTables, failure, notes);
    }
}
