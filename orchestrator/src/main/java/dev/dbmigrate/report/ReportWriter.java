package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.promote.DeploymentStats;
import dev.dbmigrate.promote.PromotionReport;
import dev.dbmigrate.promote.StepResult;
import dev.dbmigrate.promote.StepResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link PromotionReport} as JSON, a Markdown summary (fit for a CI job summary or a pull-request comment)
 * and JUnit XML (one test case per step, so Jenkins and GitLab show it), and, on GitHub Actions, the job summary and
 * the step outputs {@code from_version}, {@code to_version}, {@code applied} and {@code outcome}.
 */
public final class ReportWriter {
    /** GitHub refuses job summaries above 1 MiB; stay well below. */
    static final int GITHUB_SUMMARY_LIMIT = 1_000_000;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ReportWriter() {}

    /** The three report files of one run. */
    public record Files3(Path json, Path markdown, Path junit) {}

    /** Writes the reports under {@code dir} and, where the variables are set, GitHub's summary and outputs. */
    public static Files3 write(PromotionReport report, Path dir, Map<String, String> environment) throws IOException {
        Files.createDirectories(dir);
        String base = "promote-" + STAMP.format(report.started()) + "-" + report.from() + "-" + report.to() + "-"
                + report.runId().substring(0, Math.min(8, report.runId().length()));
        Path json = dir.resolve(base + ".json");
        Path md = dir.resolve(base + ".md");
        Path xml = dir.resolve(base + ".xml");
        String markdown = markdown(report);
        Files.writeString(json, json(report));
        Files.writeString(md, markdown);
        Files.writeString(xml, junit(report));
        String summary = environment.get("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            Files.writeString(
                    Path.of(summary),
                    truncate(markdown, GITHUB_SUMMARY_LIMIT),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        String output = environment.get("GITHUB_OUTPUT");
        if (output != null && !output.isBlank()) {
            Files.writeString(
                    Path.of(output),
                    "from_version=" + nullToEmpty(report.fromVersion()) + "\n"
                            + "to_version=" + nullToEmpty(report.toVersion()) + "\n"
                            + "applied=" + report.applied() + "\n"
                            + "outcome=" + report.outcome().word() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        return new Files3(json, md, xml);
    }

    static String truncate(String text, int limitBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limitBytes) {
            return text;
        }
        String note = "\n\n_(summary cut to stay under GitHub's 1 MiB limit; the full report is in target/migrate/)_\n";
        int keep = limitBytes - note.getBytes(StandardCharsets.UTF_8).length;
        String cut = new String(bytes, 0, keep, StandardCharsets.UTF_8);
        // drop a character the byte cut may have split
        if (!cut.isEmpty() && cut.charAt(cut.length() - 1) == '\uFFFD') {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + note;
    }

    static String json(PromotionReport r) {
        ObjectNode root = Json.object();
        root.put("runId", r.runId());
        root.put("from", r.from());
        root.put("to", r.to());
        root.put("started", r.started().toString());
        root.put("durationMs", r.duration().toMillis());
        root.put("outcome", r.outcome().word());
        root.put("fromVersion", r.fromVersion());
        root.put("toVersion", r.toVersion());
        root.put("applied", r.applied());
        root.put("message", r.message());
        ArrayNode steps = root.putArray("steps");
        for (StepResult s : r.steps()) {
            steps.addObject()
                    .put("name", s.name())
                    .put("environment", s.environment())
                    .put("status", s.status().name().toLowerCase(Locale.ROOT))
                    .put("durationMs", s.duration().toMillis())
                    .put("detail", s.detail());
        }
        root.set("environments", Json.strings(r.environments()));
        root.set("stats", stats(r));
        return Json.write(root);
    }

    /** Per environment its statistics before and after and the change; then the Markdown of the changes, if any. */
    private static ObjectNode stats(PromotionReport r) {
        ObjectNode stats = Json.object();
        for (DeploymentStats s : r.stats()) {
            ObjectNode m = stats.putObject(s.environment());
            m.set("before", VerificationJson.of(s.before()));
            m.set("after", VerificationJson.of(s.after()));
            m.set("change", VerificationJson.of(s.change()));
        }
        String markdown = statsMarkdown(r);
        if (!markdown.isEmpty()) {
            stats.put("markdown", markdown);
        }
        return stats;
    }

    /** A section per environment on what the deployment changed. */
    private static String statsMarkdown(PromotionReport r) {
        StringBuilder b = new StringBuilder();
        for (DeploymentStats s : r.stats()) {
            b.append(VerificationMarkdown.of(s.change(), "#### " + s.environment() + ": what the deployment changed"))
                    .append('\n');
        }
        return b.toString();
    }

    static String markdown(PromotionReport r) {
        StringBuilder b = new StringBuilder();
        String icon = r.succeeded() ? "✅" : "❌";
        b.append("## ")
                .append(icon)
                .append(" migrate promote ")
                .append(r.from())
                .append(" → ")
                .append(r.to())
                .append(": ")
                .append(r.outcome().word())
                .append("\n\n");
        b.append(MarkdownTable.cell(r.message())).append("\n\n");
        // the versions are known once the preflight has read them; null then means an empty database
        boolean read = r.steps().stream().anyMatch(s -> s.name().equals("preflight") && s.status() == Status.PASSED);
        MarkdownTable summary = MarkdownTable.of("", "")
                .row(r.to() + " version before", version(r.fromVersion(), read))
                .row(
                        r.to() + " version after",
                        version(r.toVersion(), read)
                                + (untouched(r.environments().get(r.to())) ? " (unchanged)" : ""))
                .row("migrations applied to " + r.to(), r.applied())
                .row("duration", r.duration().toMillis() + " ms")
                .row("run", "`" + r.runId() + "`");
        b.append(summary).append('\n');
        MarkdownTable steps = MarkdownTable.of("step", "result", "duration", "detail");
        for (StepResult s : r.steps()) {
            steps.row(
                    s.name(),
                    statusWord(s.status()),
                    s.status() == Status.SKIPPED ? "–" : s.duration().toMillis() + " ms",
                    s.detail());
        }
        b.append("### Steps\n\n").append(steps);
        b.append("\n### Environments\n\n");
        r.environments()
                .forEach((env, what) -> b.append("- **")
                        .append(env)
                        .append("**: ")
                        .append(MarkdownTable.cell(what))
                        .append('\n'));
        String text = statsMarkdown(r);
        if (!text.isBlank()) {
            b.append("\n### Database changes\n\n").append(text).append('\n');
        }
        return b.toString();
    }

    private static String statusWord(Status s) {
        return switch (s) {
            case PASSED -> "✅ passed";
            case FAILED -> "❌ failed";
            case SKIPPED -> "⏭ not run";
        };
    }

    static String junit(PromotionReport r) {
        List<JunitXml.Case> cases = new ArrayList<>();
        for (StepResult s : r.steps()) {
            boolean failed = s.status() == Status.FAILED;
            cases.add(new JunitXml.Case(
                    "migrate.promote." + text(s.environment() == null ? "preflight" : s.environment()),
                    s.name(),
                    s.duration().toMillis(),
                    failed ? nullToEmpty(s.detail()) : null,
                    failed ? nullToEmpty(s.detail()) : null,
                    s.status() == Status.SKIPPED ? "not run" : null));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runId", r.runId());
        properties.put("outcome", r.outcome().word());
        properties.put("fromVersion", r.fromVersion());
        properties.put("toVersion", r.toVersion());
        return JunitXml.suite(
                text("migrate promote " + r.from() + " to " + r.to()),
                cases,
                r.duration().toMillis(),
                r.message(),
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(r.started()),
                properties);
    }

    /** The text, empty for null, a control character XML 1.0 cannot carry (all but tab, CR, LF) as a space. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? ' ' : c);
        }
        return b.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String version(String version, boolean read) {
        return !read ? "not read" : version == null ? "&lt;none&gt;" : version;
    }

    private static boolean untouched(String state) {
        return state != null
                && (state.startsWith("not touched")
                        || state.startsWith("not changed")
                        || state.endsWith(", unchanged"));
    }
}
