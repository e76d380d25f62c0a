package dev.dbmigrate.trace;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.PgDuration;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.rehearse.SampleData;
import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trace ({@code -Dmigrate.lint.trace=true}, and promote's preflight): what migrations really do, measured. In a
 * throwaway database on the scratch server, built through the engine from the migrations before the first traced one
 * (each followed by its sample data, as the rollback rehearsal loads it), each traced migration runs statement by
 * statement as upgrade would run it: which locks each statement takes on relations that existed before
 * ({@code pg_locks} of its own backend, or from a second session for statements that cannot run in a transaction),
 * which tables and indexes it writes anew (their file node changes), how long each lock that stops writes is held until
 * the end of the transaction, and which statements run after an ACCESS EXCLUSIVE lock. Then the blocker rehearsal
 * ({@link BlockerRehearsal}) runs it again behind sessions that hold open transactions over the tables it touches,
 * with the environment's lock timeout, and commits it; the next migration is traced on the result. A migration
 * between two traced ones is applied without being traced. Nothing here touches a real database.
 */
public final class Trace {
    /** The lock timeout the blocker rehearsal probes with when the environment sets none. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);

    private static final int SUMMARY_LENGTH = 60;

    private Trace() {}

    /**
     * Traces the versioned migrations a lint run reported on ({@link LintReport#files()}: every one, or those pending
     * on the environment), for {@code -Dmigrate.lint.trace} and promote's preflight.
     */
    public static TraceReport of(MigrateSettings settings, LintReport lint, MigrateListener listener) {
        MigrationFiles files = MigrationFiles.scan(settings.locations(), settings.allowEmpty());
        Set<Path> inScope = Set.copyOf(lint.files());
        List<MigrationFile> toTrace = files.versioned().stream()
                .filter(f -> inScope.contains(f.path()))
                .toList();
        return run(settings, files, toTrace, listener);
    }

    /**
     * Traces the versioned migrations {@code toTrace} among {@code files} (repeatable and undo scripts in it are left
     * out), on the scratch server of the project {@code settings} describe, with its environment profile's
     * {@code lockTimeout} for the blocker rehearsal.
     *
     * @throws MigrateException when the state before the first traced migration cannot be built (a migration before it
     *                          fails, or its sample data), or the scratch server cannot be reached
     */
    public static TraceReport run(
            MigrateSettings settings, MigrationFiles files, List<MigrationFile> toTrace, MigrateListener listener) {
        String lockTimeout = settings.profile().lockTimeout();
        Set<String> wanted = toTrace.stream()
                .filter(f -> f.prefix() == 'V')
                .map(MigrationFile::version)
                .collect(Collectors.toSet());
        List<MigrationFile> versioned = files.versioned().stream()
                .sorted(Comparator.comparing(MigrationFile::version, Versions.ORDER))
                .toList();
        List<MigrationFile> traced =
                versioned.stream().filter(f -> wanted.contains(f.version())).toList();
        if (traced.isEmpty()) {
            return new TraceReport(List.of(), lockTimeout, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        SampleData sample = SampleData.read(settings, versioned);
        Long timeoutMs =
                lockTimeout == null ? null : PgDuration.parse(lockTimeout, null).toMillis();
        long t0 = System.nanoTime();
        try (ScratchServer scratch = ScratchServer.start(settings, listener)) {
            String db = scratch.newDatabase("trace");
            long t1 = System.nanoTime();
            TraceWalk walk = new TraceWalk(scratch, db, settings, sample, timeoutMs, listener);
            MigrationFile first = traced.get(0);
            walk.build(versioned.stream()
                    .filter(f -> Versions.compare(f.version(), first.version()) < 0)
                    .toList());
            long t2 = System.nanoTime();
            List<MigrationTrace> migrations = walk.trace(
                    versioned.stream()
                            .filter(f -> Versions.compare(f.version(), first.version()) >= 0
                                    && Versions.compare(
                                                    f.version(),
                                                    traced.get(traced.size() - 1)
                                                            .version())
                                            <= 0)
                            .toList(),
                    wanted);
            long t3 = System.nanoTime();
            TraceReport report =
                    new TraceReport(migrations, lockTimeout, nanos(t1 - t0), nanos(t2 - t1), nanos(t3 - t2));
            listener.info(
                    "trace: scratch PostgreSQL ready in " + report.serverStart().toMillis() + " ms, state before "
                            + first.fileName() + " built in " + report.built().toMillis() + " ms, "
                            + Messages.count(migrations.size(), "migration") + " traced in "
                            + report.traced().toMillis()
                            + " ms");
            return report;
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "the trace could not work in its throwaway database on the scratch PostgreSQL (" + e.getMessage()
                            + "); nothing was changed on any real database (delete target/migrate/scratch and run"
                            + " again)",
                    e);
        }
    }

    private static Duration nanos(long n) {
        return Duration.ofNanos(n);
    }

    /** {@code line 3: ERROR: column "x" does not exist}. */
    static String failure(SqlStatement statement, SQLException e) {
        return "line " + statement.line() + ": " + Messages.oneLine(e.getMessage());
    }

    /** The statement's first line (after its leading {@code --} comments), shortened to {@value #SUMMARY_LENGTH} characters. */
    static String summary(SqlStatement statement) {
        String first = statement
                .sql()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("--"))
                .findFirst()
                .orElse("");
        return first.length() <= SUMMARY_LENGTH ? first : first.substring(0, SUMMARY_LENGTH - 3) + "...";
    }
}
