package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of a database: every migration (applied, pending, and undone ones from the audit table) and the audit
 * trail, rendered as text, JSON or Markdown from the same rows.
 */
public final class HistoryReport {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private final List<Row> rows;
    private final List<AuditEntry> audit;

    /** One line of the report. */
    public record Row(
            String version,
            String description,
            String state,
            String script,
            Instant installedOn,
            String installedBy,
            Integer executionMs,
            String undoScript) {}

    private HistoryReport(List<Row> rows, List<AuditEntry> audit) {
        this.rows = rows;
        this.audit = audit;
    }

    /** Merges Flyway's view with the audit trail: a version whose last audit entry is a downgrade shows as undone. */
    public static HistoryReport of(List<MigrationInfo> migrations, List<AuditEntry> audit) {
        Map<String, AuditEntry> lastByVersion = new HashMap<>();
        for (AuditEntry e : audit) {
            if (e.version() != null && "success".equals(e.outcome())) {
                lastByVersion.put(Versions.normalize(e.version()), e);
            }
        }
        List<Row> rows = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MigrationInfo m : migrations) {
            if (m.is(MigrationType.SCHEMA)) {
                continue;
            }
            String state = m.state();
            if (m.versioned()) {
                String v = Versions.normalize(m.version());
                seen.add(v);
                AuditEntry last = lastByVersion.get(v);
                if (!m.applied() && last != null && "downgrade".equals(last.command())) {
                    state = "Undone (" + WHEN.format(last.startedAt()) + "), pending";
                }
            }
            rows.add(new Row(
                    m.version(),
                    m.description(),
                    state,
                    m.script(),
                    m.installedOn(),
                    m.installedBy(),
                    m.executionMs(),
                    m.undoScript()));
        }
        for (Map.Entry<String, AuditEntry> e : lastByVersion.entrySet()) {
            AuditEntry last = e.getValue();
            if (!seen.contains(e.getKey()) && "downgrade".equals(last.command())) {
                rows.add(new Row(
                        last.version(),
                        last.description(),
                        "Undone (" + WHEN.format(last.startedAt()) + "), file gone",
                        last.script(),
                        null,
                        null,
                        null,
                        last.script()));
            }
        }
        return new HistoryReport(List.copyOf(rows), List.copyOf(audit));
    }

    /** The report's lines: every migration Flyway knows of, then the versions undone whose file is gone. */
    public List<Row> rows() {
        return rows;
    }

    /** The report as an aligned text table, JSON or Markdown. */
    public String render(OutputFormat format) {
        return switch (format) {
            case JSON -> json();
            case MARKDOWN -> markdown();
            case TEXT -> text();
            case JUNIT, SARIF -> throw new IllegalArgumentException("the history is not written as " + format);
        };
    }

    private static final String[] HEADERS = {
        "Version", "Description", "State", "Installed on", "Installed by", "Duration", "Undo"
    };

    private List<String[]> cells() {
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(new String[] {
                r.version() == null ? "(repeatable)" : r.version(),
                r.description(),
                r.state(),
                r.installedOn() == null ? "" : WHEN.format(r.installedOn()),
                r.installedBy() == null ? "" : r.installedBy(),
                r.executionMs() == null ? "" : r.executionMs() + " ms",
                r.version() == null ? "n/a" : r.undoScript() == null ? "missing" : "yes"
            });
        }
        return cells;
    }

    private String text() {
        List<String[]> cells = cells();
        int[] width = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            width[i] = HEADERS[i].length();
            for (String[] row : cells) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendTextRow(out, HEADERS, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.append(rule.toString().stripTrailing()).append('\n');
        for (String[] row : cells) {
            appendTextRow(out, row, width);
        }
        out.append(rows.size())
                .append(" migration")
                .append(rows.size() == 1 ? "" : "s")
                .append(", ")
                .append(audit.size())
                .append(" audit entr")
                .append(audit.size() == 1 ? "y" : "ies")
                .append('\n');
        return out.toString();
    }

    private static void appendTextRow(StringBuilder out, String[] row, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            line.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", row[i]));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private String markdown() {
        MarkdownTable history = MarkdownTable.of(HEADERS);
        cells().forEach(row -> history.row((Object[]) row));
        StringBuilder out = new StringBuilder("## Migration history\n\n").append(history);
        if (!audit.isEmpty()) {
            MarkdownTable table = MarkdownTable.of("When", "Command", "Version", "Script", "Outcome", "Duration", "By");
            for (AuditEntry e : audit) {
                table.row(
                        WHEN.format(e.startedAt()),
                        e.command(),
                        e.version(),
                        e.script(),
                        e.outcome(),
                        e.durationMs() + " ms",
                        e.dbUser() + " (" + e.osUser() + "@" + e.host() + ")");
            }
            out.append("\n## Audit\n\n").append(table);
        }
        return out.toString();
    }

    private String json() {
        ObjectNode root = Json.object();
        ArrayNode migrations = root.putArray("migrations");
        for (Row r : rows) {
            migrations
                    .addObject()
                    .put("version", r.version())
                    .put("description", r.description())
                    .put("state", r.state())
                    .put("script", r.script())
                    .put(
                            "installedOn",
                            r.installedOn() == null ? null : r.installedOn().toString())
                    .put("installedBy", r.installedBy())
                    .put("executionMs", r.executionMs())
                    .put("undoScript", r.undoScript());
        }
        ArrayNode entries = root.putArray("audit");
        for (AuditEntry e : audit) {
            entries.addObject()
                    .put("runId", e.runId())
                    .put("command", e.command())
                    .put("version", e.version())
                    .put("script", e.script())
                    .put("outcome", e.outcome())
                    .put("startedAt", e.startedAt().toString())
                    .put("durationMs", e.durationMs())
                    .put("dbUser", e.dbUser())
                    .put("osUser", e.osUser())
                    .put("host", e.host())
                    .put("message", e.message());
        }
        return Json.write(root);
    }
}
