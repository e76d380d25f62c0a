package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.doctor.CheckOutcome;
import dev.dbmigrate.doctor.CheckOutcome.Status;
import dev.dbmigrate.doctor.DoctorReport;
import dev.dbmigrate.support.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The doctor's report as text (one line per check, {@code [PASS] connection: ...}, with a {@code fix:} line under each
 * failure and warning, then the count) or as JSON, from the same record.
 */
public final class DoctorOutput {
    private DoctorOutput() {}

    /** The report in {@code format}: {@link OutputFormat#TEXT} or {@link OutputFormat#JSON}. */
    public static String render(DoctorReport report, OutputFormat format) {
        return format == OutputFormat.JSON ? json(report) : text(report);
    }

    /** The one line that sums the report up. */
    public static String headline(DoctorReport report) {
        return "doctor on " + report.environment() + ": "
                + Messages.count(report.checks().size(), "check") + ", "
                + report.withStatus(Status.PASS).size() + " passed, "
                + Messages.count(report.withStatus(Status.WARN).size(), "warning") + ", "
                + report.withStatus(Status.FAIL).size() + " failed, "
                + report.withStatus(Status.SKIPPED).size() + " skipped";
    }

    private static String text(DoctorReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("Doctor of " + report.environment() + " (" + report.database() + "):");
        for (CheckOutcome check : report.checks()) {
            lines.add("[" + check.status() + "] " + check.name() + ": " + check.detail());
            if (check.fix() != null && (check.status() == Status.FAIL || check.status() == Status.WARN)) {
                lines.add("    fix: " + check.fix());
            }
        }
        lines.add(headline(report));
        return String.join("\n", lines) + "\n";
    }

    private static String json(DoctorReport report) {
        ObjectNode root = Json.object();
        root.put("environment", report.environment());
        root.put("database", report.database());
        root.put("healthy", report.healthy());
        List<ObjectNode> checks = new ArrayList<>();
        for (CheckOutcome check : report.checks()) {
            ObjectNode node = Json.object();
            node.put("name", check.name());
            node.put("status", check.status().name().toLowerCase(Locale.ROOT));
            node.put("detail", check.detail());
            if (check.fix() != null) {
                node.put("fix", check.fix());
            }
            checks.add(node);
        }
        root.set("checks", Json.array(checks));
        return Json.write(root);
    }
}
