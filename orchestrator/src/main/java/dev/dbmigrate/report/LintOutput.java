package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.Severity;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.trace.Disagreement;
import dev.dbmigrate.trace.TraceReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A lint run's report ({@code migrate:lint}) as text (one line per finding, grouped by file, then a summary), JSON,
 * SARIF 2.1.0 ({@link LintSarif}, for code-scanning tools) or JUnit XML (one test case per migration file).
 */
public final class LintOutput {
    private LintOutput() {}

    /**
     * The report in {@code format} with the trace beside its findings (text and json; SARIF and JUnit carry the
     * findings only); {@code trace} is null when the run was not traced.
     */
    public static String render(LintReport report, TraceReport trace, OutputFormat format) {
        if (trace == null || format == OutputFormat.SARIF || format == OutputFormat.JUNIT) {
            return render(report, format);
        }
        List<Finding> seen = new ArrayList<>(report.findings());
        seen.addAll(report.silenced());
        List<Disagreement> disagreements = trace.disagreements(seen);
        if (format == OutputFormat.JSON) {
            ObjectNode root = json(report);
            TraceOutput.json(root, report, trace, disagreements);
            return Json.write(root);
        }
        String text = text(report);
        String last = summary(report) + "\n";
        return text.substring(0, text.length() - last.length()) + TraceOutput.text(trace, disagreements) + last;
    }

    /** The report in {@code format}: text, json, sarif or junit. */
    public static String render(LintReport report, OutputFormat format) {
        return switch (format) {
            case TEXT -> text(report);
            case JSON -> Json.write(json(report));
            case SARIF -> Json.write(LintSarif.sarif(report));
            case JUNIT -> junit(report);
            case MARKDOWN -> throw new IllegalArgumentException("a lint report is not written as " + format);
        };
    }

    /**
     * One line per finding, {@code <file>:<line> <severity> <rule-id>: <message>}, with the safe alternative indented
     * below it ({@code instead: ...}), the files apart by a blank line, then the summary.
     */
    public static String text(LintReport report) {
        StringBuilder out = new StringBuilder();
        Path last = null;
        for (Finding f : report.findings()) {
            if (last != null && !last.equals(f.file())) {
                out.append('\n');
            }
            last = f.file();
            out.append(report.line(f)).append('\n');
            String instead = report.alternative(f);
            if (instead != null) {
                out.append("    instead: ").append(instead).append('\n');
            }
        }
        if (!report.findings().isEmpty()) {
            out.append('\n');
        }
        for (Finding f : report.silenced()) {
            out.append(report.location(f))
                    .append(" silenced ")
                    .append(f.ruleId())
                    .append(": ")
                    .append(report.reason(f))
                    .append('\n');
        }
        return out.append(summary(report)).append('\n').toString();
    }

    /**
     * The last line of the text: "lint of every migration: 1 error, 2 warnings, 0 silenced; 7 migration files
     * checked, 7 in scope (fails on error: failed)".
     */
    public static String summary(LintReport report) {
        return "lint of " + report.scope().description() + ": "
                + Messages.count(report.count(Severity.ERROR), "error") + ", "
                + Messages.count(report.count(Severity.WARNING), "warning") + ", "
                + report.silenced().size() + " silenced; "
                + Messages.count(report.scope().total(), "migration file") + " checked, "
                + report.scope().inScope() + " in scope (fails on " + word(report.failOn()) + ": "
                + (report.failing().isEmpty() ? "passed" : "failed") + ")";
    }

    /**
     * The report as a JSON tree: the scope, the threshold, whether it passed, the counts, each finding and each
     * silenced one. The trace ({@code -Dmigrate.lint.trace}) adds its {@code migrations} to this tree.
     */
    public static ObjectNode json(LintReport report) {
        ObjectNode root = Json.object();
        root.put("scope", report.scope().description());
        root.put("failOn", word(report.failOn()));
        root.put("passed", report.failing().isEmpty());
        ObjectNode summary = Json.object();
        summary.put("errors", report.count(Severity.ERROR));
        summary.put("warnings", report.count(Severity.WARNING));
        summary.put("silenced", report.silenced().size());
        summary.put("filesChecked", report.scope().total());
        summary.put("filesInScope", report.scope().inScope());
        summary.put("durationMs", report.duration().toMillis());
        root.set("summary", summary);
        List<JsonNode> findings = new ArrayList<>();
        report.findings().forEach(f -> findings.add(finding(report, f)));
        root.set("findings", Json.array(findings));
        List<JsonNode> silenced = new ArrayList<>();
        for (Finding f : report.silenced()) {
            silenced.add(finding(report, f).put("reason", report.reason(f)));
        }
        root.set("silenced", Json.array(silenced));
        return root;
    }

    private static ObjectNode finding(LintReport report, Finding f) {
        ObjectNode node = Json.object();
        node.put("ruleId", f.ruleId());
        node.put("severity", word(f.severity()));
        node.put("file", report.shown(f.file()));
        node.put("line", f.line());
        node.put("message", f.message());
        node.put("alternative", report.alternative(f));
        return node;
    }

    /**
     * The report as JUnit XML: one test case per migration file in scope (and per other file with a finding, such as a
     * misnamed one), named after the file, failed with the findings that fail the run.
     */
    public static String junit(LintReport report) {
        Set<Path> files = new LinkedHashSet<>(report.files());
        report.findings().forEach(f -> files.add(f.file()));
        List<JunitXml.Case> cases = new ArrayList<>();
        for (Path file : files.stream().sorted().toList()) {
            List<Finding> failing =
                    report.about(file).stream().filter(report::fails).toList();
            List<String> details = new ArrayList<>();
            for (Finding f : failing) {
                details.add(report.line(f));
                String instead = report.alternative(f);
                if (instead != null) {
                    details.add("    instead: " + instead);
                }
            }
            cases.add(new JunitXml.Case(
                    "migrate.lint",
                    report.shown(file),
                    null,
                    failing.isEmpty()
                            ? null
                            : report.shown(file) + ": " + Messages.count(failing.size(), "finding") + " at or above "
                                    + word(report.failOn()),
                    String.join("\n", details),
                    null));
        }
        return JunitXml.suite("migrate-lint", cases, report.duration().toMillis(), summary(report));
    }

    static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
