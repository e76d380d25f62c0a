package dev.dbmigrate.promote;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.LintRun;
import dev.dbmigrate.lint.Severity;
import dev.dbmigrate.promote.StepRunner.Done;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.support.ProjectPaths;
import dev.dbmigrate.trace.StatementTrace;
import dev.dbmigrate.trace.Trace;
import dev.dbmigrate.trace.TraceReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A preflight step of a promotion: the safety rules over the migrations pending on the target
 * ({@code migrate:lint -Dmigrate.lint.scope=pending}), each traced in a throwaway database (their locks, rewrites and
 * what would queue behind an open transaction, under the target's lock timeout), and the plan of the target's upgrade
 * ({@code migrate:plan}, annotated with the trace) written beside the reports. A finding at or above the target's
 * {@code lint.failOn} stops the promotion before anything changed.
 */
final class LintStep {
    private final PromotionContext run;

    LintStep(PromotionContext run) {
        this.run = run;
    }

    /** Lints, traces and plans; fails naming the findings that stop the promotion. */
    Done<Void> check() {
        MigrateSettings target = run.to();
        // a missing undo script is an error where a rollback would need it, as the preflight's validation has it
        boolean requireUndo = RollbackPolicy.of(run.from().profile().rollback()).requiresUndoScripts()
                || RollbackPolicy.of(target.profile().rollback()).requiresUndoScripts();
        LintReport lint = LintRun.pending(target, run.db(target), requireUndo, MigrateListener.NONE);
        MigrateException failure = lint.failure(again(target)).orElse(null);
        if (failure != null) {
            return Done.failed(
                    null,
                    new MigrateException(
                            failure.code(),
                            failure.getMessage() + "; " + run.from().env() + " and " + target.env()
                                    + " were not changed"));
        }
        TraceReport trace = null;
        String traced;
        // what the trace measures informs the report and the plan; a trace that cannot run (no scratch server here)
        // is a warning: the rehearsal after this step proves the migrations run, where the profiles ask for it
        try {
            trace = Trace.of(target, lint, MigrateListener.NONE);
            traced = traced(trace);
        } catch (MigrateException e) {
            traced = "not traced: " + Messages.oneLine(e.getMessage());
            run.listener().warn("lint on " + target.env() + ": the pending migrations were " + traced);
        }
        String plan = plan(target, trace == null ? Map.of() : trace.annotations());
        String detail = Messages.count(lint.files().size(), "migration file") + " pending on " + target.env() + ": "
                + Messages.count(lint.count(Severity.ERROR), "error") + ", "
                + Messages.count(lint.count(Severity.WARNING), "warning") + ", "
                + lint.silenced().size()
                + " silenced; " + traced + "; " + plan;
        lint.findings().forEach(f -> run.listener().warn("lint on " + target.env() + ": " + lint.line(f)));
        return Done.passed(null, detail);
    }

    private static String traced(TraceReport trace) {
        long exclusive = trace.migrations().stream()
                .flatMap(m -> m.statements().stream())
                .filter(StatementTrace::tookAccessExclusive)
                .count();
        long rewrites = trace.migrations().stream()
                .flatMap(m -> m.statements().stream())
                .filter(s -> !s.rewrote().isEmpty())
                .count();
        return "traced: " + Messages.count((int) exclusive, "statement") + " took ACCESS EXCLUSIVE, " + rewrites
                + " rewrote a table"
                + (trace.anyWouldQueue() ? ", some would queue behind an open transaction (no lock timeout)" : "");
    }

    /**
     * The plan of the target's upgrade ({@code migrate:plan}), annotated with the trace, written to
     * {@code migrate/plans/<run>-<target>.sql} under the build folder; the step's words for where it is, or why there is
     * none (a run that upgrade leaves to Flyway cannot be shown).
     */
    private String plan(MigrateSettings target, Map<String, List<String>> annotations) {
        String run8 = run.runId().substring(0, Math.min(8, run.runId().length()));
        Path file = target.buildDir().resolve("migrate/plans").resolve(run8 + "-" + target.env() + ".sql");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                run.migrator(target).plan(annotations, out);
            }
            return "plan in " + ProjectPaths.shown(target.projectDir(), file);
        } catch (IOException | MigrateException e) {
            deleteQuietly(file);
            String why = Messages.oneLine(e.getMessage());
            run.listener().warn("the plan of " + target.env() + " was not written: " + why);
            return "no plan: " + why;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover under the build folder; the step's line says there is no plan
        }
    }

    private String again(MigrateSettings target) {
        return "mvn " + FixHint.goal("lint") + " " + FixHint.set(MigrateProperty.ENV, target.env()) + " "
                + FixHint.set(MigrateProperty.LINT_SCOPE, "pending") + " (or " + run.promoteCommand() + ")";
    }
}
