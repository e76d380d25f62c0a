package dev.dbmigrate.app;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.LintScope;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.LintRun;
import dev.dbmigrate.report.LintOutput;
import dev.dbmigrate.trace.Trace;
import dev.dbmigrate.trace.TraceReport;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The {@code lint} goal: runs the safety rules over the migration files ({@link LintRun}), prints or writes the report
 * in {@code -Dmigrate.format} (text, json, sarif or junit), and fails when a finding at or above
 * {@code -Dmigrate.lint.failOn} remains. With {@code -Dmigrate.lint.trace=true} it also runs the migrations in scope in a
 * throwaway database ({@link Trace}) and reports what they measurably did beside the findings. It changes nothing in
 * any real database.
 */
public final class LintCommand {
    private LintCommand() {}

    /**
     * Lints and reports.
     *
     * @throws MigrateException (check failed) naming the findings that fail the run, and how to fix or silence them
     */
    public static LintReport run(MigrateSettings settings, MigrateListener listener) {
        OutputFormat format = settings.options()
                .format(
                        "lint",
                        EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.SARIF, OutputFormat.JUNIT));
        LintReport report = LintRun.run(settings, listener);
        TraceReport trace = settings.options().lintTrace() ? Trace.of(settings, report, listener) : null;
        String rendered = LintOutput.render(report, trace, format);
        Path file = settings.options().output();
        if (file != null) {
            OutputFile.write(file, rendered, "the lint report", "lint changed nothing in any database");
            listener.info(LintOutput.summary(report));
            listener.info("lint report (" + format.name().toLowerCase(Locale.ROOT) + ") written to " + file);
        } else {
            rendered.lines().forEach(listener::info);
        }
        String again = FixHint.goal("lint")
                + (settings.options().lintScope() == LintScope.PENDING
                        ? " " + FixHint.set(MigrateProperty.ENV, settings.env()) + " "
                                + FixHint.set(MigrateProperty.LINT_SCOPE, "pending") + FixHint.sameDatabase(settings)
                        : "");
        report.failure(again).ifPresent(failure -> {
            throw failure;
        });
        return report;
    }
}
