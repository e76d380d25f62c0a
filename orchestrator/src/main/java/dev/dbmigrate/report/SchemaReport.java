package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.rehearse.Comparison;
import dev.dbmigrate.rehearse.Drift;
import dev.dbmigrate.schema.Difference;
import dev.dbmigrate.support.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comparison of two schemas ({@code migrate:diff}) and a drift check ({@code migrate:check}) as text, JSON or
 * Markdown, from the same records: one line (or row, or object) per difference naming the object and what differs.
 */
public final class SchemaReport {
    private SchemaReport() {}

    /** The headline of a diff: the two sides and how many differences, or that there are none. */
    public static String headline(Comparison comparison) {
        String sides = comparison.from() + " and " + comparison.to();
        String compared = " (" + Messages.count(comparison.compared(), "object") + " compared)";
        return comparison.equal()
                ? "no differences between " + sides + compared
                : Messages.count(comparison.differences().size(), "difference") + " between " + sides + compared;
    }

    /** The headline of a drift check: no drift, or how many differences on which environment. */
    public static String headline(Drift drift) {
        String env = drift.environment();
        String built = "what its applied migrations (up to version " + version(drift) + ") build";
        return drift.drifted()
                ? "drift on " + env + ": " + Messages.count(drift.count(), "difference") + " between " + env + " and "
                        + built
                : "no drift on " + env + ": its schema is " + built + " ("
                        + Messages.count(drift.comparison().compared(), "object") + " compared)";
    }

    /** The diff in {@code format}, ending with a newline. */
    public static String diff(Comparison comparison, OutputFormat format) {
        return switch (format) {
            case TEXT -> text(headline(comparison), comparison.lines(), comparison.notCompared());
            case JSON -> Json.write(json(comparison));
            case MARKDOWN -> "## " + MarkdownTable.cell(headline(comparison)) + "\n" + markdown(comparison);
            case JUNIT, SARIF ->
                throw new IllegalArgumentException("a diff has no " + format + " form (the goal refuses it first)");
        };
    }

    /** The drift check in {@code format}, ending with a newline. */
    public static String drift(Drift drift, OutputFormat format) {
        return switch (format) {
            case TEXT -> text(headline(drift), drift.lines(), drift.comparison().notCompared());
            case JSON -> Json.write(json(drift));
            case MARKDOWN -> markdown(drift);
            case JUNIT, SARIF ->
                throw new IllegalArgumentException(
                        "a drift check has no " + format + " form (the goal refuses it first)");
        };
    }

    private static String text(String headline, List<String> lines, List<String> notCompared) {
        List<String> all = new ArrayList<>();
        all.add(headline);
        lines.forEach(line -> all.add("  " + line));
        all.addAll(notCompared);
        return String.join("\n", all) + "\n";
    }

    private static ObjectNode json(Comparison comparison) {
        ObjectNode root = Json.object();
        root.put("from", comparison.from());
        root.put("to", comparison.to());
        root.put("equal", comparison.equal());
        root.put("compared", comparison.compared());
        List<ObjectNode> differences = new ArrayList<>();
        for (Difference d : comparison.differences()) {
            ObjectNode node = Json.object();
            node.put("object", d.object());
            node.put("kind", d.kind().word());
            node.put("name", d.name());
            node.put("change", d.change().name().toLowerCase(Locale.ROOT));
            if (d.property() != null) {
                node.put("property", d.property());
                value(node, "from", d.from());
                value(node, "to", d.to());
            }
            node.put("line", d.line(comparison.from(), comparison.to()));
            differences.add(node);
        }
        root.set("differences", Json.array(differences));
        ObjectNode notCompared = Json.object();
        notCompared.set("from", Json.strings(comparison.notComparedFrom()));
        notCompared.set("to", Json.strings(comparison.notComparedTo()));
        root.set("notCompared", notCompared);
        return root;
    }

    private static void value(ObjectNode node, String key, Object value) {
        if (value == null) {
            node.putNull(key);
        } else if (value instanceof List<?> list) {
            ArrayNode array = node.putArray(key);
            list.forEach(item -> array.add(String.valueOf(item)));
        } else if (value instanceof Boolean flag) {
            node.put(key, flag);
        } else {
            node.put(key, value.toString());
        }
    }

    private static ObjectNode json(Drift drift) {
        ObjectNode root = Json.object();
        root.put("environment", drift.environment());
        root.put("appliedVersion", drift.appliedVersion());
        root.put("drifted", drift.drifted());
        root.put("count", drift.count());
        root.set("history", Json.strings(drift.history()));
        root.set("comparison", json(drift.comparison()));
        return root;
    }

    private static String markdown(Comparison comparison) {
        if (comparison.equal() && comparison.notCompared().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        if (!comparison.equal()) {
            MarkdownTable table = MarkdownTable.of("Object", "Difference", comparison.from(), comparison.to());
            for (Difference d : comparison.differences()) {
                switch (d.change()) {
                    case MISSING ->
                        table.row(
                                d.object(),
                                "missing in " + comparison.to(),
                                d.from() == null ? "present" : shown(d.from()),
                                "");
                    case EXTRA ->
                        table.row(
                                d.object(),
                                "only in " + comparison.to(),
                                "",
                                d.to() == null ? "present" : shown(d.to()));
                    case CHANGED -> table.row(d.object(), d.property(), shown(d.from()), shown(d.to()));
                }
            }
            out.append(table);
        }
        for (String line : comparison.notCompared()) {
            out.append("\n- ").append(MarkdownTable.cell(line));
        }
        return out.append(comparison.notCompared().isEmpty() ? "" : "\n").toString();
    }

    private static String markdown(Drift drift) {
        StringBuilder out = new StringBuilder("## " + MarkdownTable.cell(headline(drift)) + "\n");
        if (!drift.history().isEmpty()) {
            out.append('\n');
            drift.history()
                    .forEach(line ->
                            out.append("- ").append(MarkdownTable.cell(line)).append('\n'));
        }
        return out.append(markdown(drift.comparison())).toString();
    }

    private static String shown(Object value) {
        return value == null ? "(not set)" : value.toString();
    }

    private static String version(Drift drift) {
        return drift.appliedVersion() == null ? "<none>" : drift.appliedVersion();
    }
}
