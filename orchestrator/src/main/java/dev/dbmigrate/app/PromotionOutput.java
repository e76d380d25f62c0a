package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.promote.PromotionReport;
import dev.dbmigrate.promote.PromotionSettings;
import dev.dbmigrate.promote.StepResult;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.report.ReportWriter;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.util.Map;

/** What a promotion leaves behind when it ends, passed or not: its report files and its summary on the console. */
final class PromotionOutput {
    private PromotionOutput() {}

    static void writeReports(
            PromotionReport report,
            PromotionSettings settings,
            Map<String, String> environment,
            MigrateListener listener) {
        MigrateSettings to = settings.to();
        try {
            ReportWriter.Files3 files = ReportWriter.write(report, to.buildDir().resolve("migrate"), environment);
            listener.info("Reports: " + to.projectDir().relativize(files.json()) + ", "
                    + to.projectDir().relativize(files.markdown()) + ", "
                    + to.projectDir().relativize(files.junit()));
        } catch (IOException e) {
            listener.warn("could not write the promotion reports under "
                    + to.buildDir().resolve("migrate") + ": " + e.getMessage());
        }
    }

    static void printSummary(PromotionReport report, MigrateListener listener) {
        listener.info("promote " + report.from() + " -> " + report.to() + ": "
                + report.outcome().word() + " in " + Messages.millis(report.duration()));
        for (StepResult s : report.steps()) {
            listener.info(String.format(
                    "  %-40s %-8s %8s",
                    s.name(),
                    s.status().name().toLowerCase(),
                    s.status() == Status.SKIPPED ? "" : s.duration().toMillis() + " ms"));
        }
        report.environments().forEach((env, state) -> listener.info("  " + env + ": " + state));
        listener.info(report.message());
    }
}
