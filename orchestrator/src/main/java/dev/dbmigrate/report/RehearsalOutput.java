package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.rehearse.RehearsalReport;
import dev.dbmigrate.rehearse.RehearsedMigration;
import dev.dbmigrate.rehearse.RehearsedMigration.DataChange;
import dev.dbmigrate.schema.Difference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rehearsal's report ({@code migrate:test-rollback}) as text (one line per migration, its details indented below),
 * JSON, or JUnit XML (one test case per migration, named after its file, failed when its round trip is not exact).
 */
public final class RehearsalOutput {
    private RehearsalOutput() {}

    /** The report in {@code format}: text, json or junit. */
    public static String render(RehearsalReport report, OutputFormat format) {
        return switch (format) {
            case JSON -> json(report);
            case JUNIT -> junit(report);
            case TEXT -> text(report);
            case MARKDOWN, SARIF -> throw new IllegalArgumentException("a rehearsal is not written as " + format);
        };
    }

    /**
     * {@code V3__add_email.sql: ok}, or {@code V4__x.sql: undo leaves differences} followed by each detail indented,
     * then a summary line.
     */
    public static String text(RehearsalReport report) {
        StringBuilder out = new StringBuilder();
        for (RehearsedMigration m : report.migrations()) {
            out.append(m.file()).append(": ").append(m.verdict()).append('\n');
            for (String detail : m.details()) {
                out.append("    ").append(oneLine(detail)).append('\n');
            }
        }
        out.append(summary(report)).append('\n');
        return out.toString();
    }

    /** The last line of the text: how many round trips are exact. */
    public static String summary(RehearsalReport report) {
        int failed = report.failed().size();
        return "test-rollback of " + report.scope() + ": "
                + (report.migrations().size() - failed) + " of "
                + report.migrations().size() + " round trips exact, " + failed + " failed ("
                + report.duration().toMillis() + " ms)";
    }

    /** The report as JSON: scope, passed, the counts, and each migration with its problems and differences. */
    public static String json(RehearsalReport report) {
        ObjectNode root = Json.object();
        root.put("scope", report.scope());
        root.put("passed", report.passed());
        root.put("migrations", report.migrations().size());
        root.put("failed", report.failed().size());
        root.put("durationMs", report.duration().toMillis());
        List<JsonNode> items = new ArrayList<>();
        for (RehearsedMigration m : report.migrations()) {
            items.add(migration(m));
        }
        root.set("results", Json.array(items));
        return Json.write(root);
    }

    private static ObjectNode migration(RehearsedMigration m) {
        ObjectNode node = Json.object();
        node.put("version", m.version());
        node.put("file", m.file());
        node.put("undoFile", m.undoFile());
        node.put("status", m.ok() ? "ok" : "failed");
        node.set(
                "problems",
                Json.strings(m.problems().stream()
                        .map(p -> p.name().toLowerCase(Locale.ROOT))
                        .toList()));
        node.put("error", m.failure());
        node.put("sampleDataError", m.sampleData());
        node.set(
                "differencesAfterUndo",
                differences(m.afterUndo(), RehearsedMigration.BEFORE, RehearsedMigration.UNDONE));
        List<JsonNode> data = new ArrayList<>();
        for (DataChange change : m.dataChanged()) {
            ObjectNode d = Json.object();
            d.put("table", change.table());
            d.put("rowsBefore", change.rowsBefore());
            d.put("rowsAfterUndo", change.rowsAfter());
            data.add(d);
        }
        node.set("dataChanged", Json.array(data));
        node.set(
                "differencesAfterReapply",
                differences(m.afterReapply(), RehearsedMigration.AFTER, RehearsedMigration.REAPPLIED));
        node.put("durationMs", m.duration().toMillis());
        return node;
    }

    private static ArrayNode differences(List<Difference> differences, String fromName, String toName) {
        List<JsonNode> nodes = new ArrayList<>();
        for (Difference d : differences) {
            ObjectNode node = Json.object();
            node.put("object", d.object());
            node.put("change", d.change().name().toLowerCase(Locale.ROOT));
            node.put("property", d.property());
            node.put(fromName, d.from() == null ? null : String.valueOf(d.from()));
            node.put(toName, d.to() == null ? null : String.valueOf(d.to()));
            node.put("line", d.line(fromName, toName));
            nodes.add(node);
        }
        return Json.array(nodes);
    }

    /** The report as JUnit XML: one test case per migration, named after its file; a failure holds the details. */
    public static String junit(RehearsalReport report) {
        List<JunitXml.Case> cases = new ArrayList<>();
        for (RehearsedMigration m : report.migrations()) {
            cases.add(new JunitXml.Case(
                    "migrate.test-rollback",
                    m.file(),
                    m.duration().toMillis(),
                    m.ok() ? null : m.file() + ": " + oneLine(m.verdict()),
                    String.join("\n", m.details()),
                    null));
        }
        return JunitXml.suite("migrate test-rollback", cases, report.duration().toMillis(), summary(report));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
