package dev.dbmigrate.report;

import dev.dbmigrate.verify.DatabaseStats;
import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import dev.dbmigrate.verify.StatsDelta;
import dev.dbmigrate.verify.StatsDelta.TableChange;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown of a database's statistics (verify prints it) and of what a deployment changed (in the promotion
 * report).
 */
public final class VerificationMarkdown {
    private VerificationMarkdown() {}

    /** A section: database size, a table of tables and a table of indexes with their use. */
    public static String of(DatabaseStats stats) {
        StringBuilder out = new StringBuilder("### Database statistics\n\n");
        out.append("Database `")
                .append(stats.database())
                .append("`: ")
                .append(bytes(stats.databaseSizeBytes()))
                .append(" (schemas ")
                .append(String.join(", ", stats.schemas()))
                .append(")\n\n");
        if (stats.tables().isEmpty()) {
            out.append("No tables.\n");
        } else {
            MarkdownTable table = MarkdownTable.of("table", "rows (est.)", "total", "table", "indexes")
                    .right(1, 2, 3, 4);
            for (TableStats t : stats.tables()) {
                table.row(
                        t.qualifiedName(),
                        t.estimatedRows(),
                        bytes(t.totalBytes()),
                        bytes(t.tableBytes()),
                        bytes(t.indexBytes()));
            }
            out.append(table);
        }
        if (!stats.indexes().isEmpty()) {
            MarkdownTable table =
                    MarkdownTable.of("index", "table", "size", "scans", "").right(2, 3);
            for (IndexStats i : stats.indexes()) {
                String note = !i.unused() ? "" : i.unique() ? "unused (unique: enforces a constraint)" : "**unused**";
                table.row(i.qualifiedName(), i.table(), bytes(i.bytes()), i.scans(), note);
            }
            out.append('\n').append(table);
        }
        return out.toString();
    }

    /**
     * The section under a heading of the caller's choosing, so that it nests in a larger document (the promotion
     * report puts one under each environment).
     *
     * @param heading the heading line, such as {@code #### prod: what the deployment changed}
     */
    public static String of(StatsDelta delta, String heading) {
        StringBuilder out = new StringBuilder(heading).append("\n\n");
        out.append("- Database size: ")
                .append(bytes(delta.databaseSizeBefore()))
                .append(" → ")
                .append(bytes(delta.databaseSizeAfter()))
                .append(" (")
                .append(change(delta.databaseSizeChange()))
                .append(")\n");
        out.append("- Tables added: ")
                .append(
                        delta.tablesAdded().isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        delta.tablesAdded().stream()
                                                .map(t -> MarkdownTable.cell(t.qualifiedName()) + " ("
                                                        + bytes(t.totalBytes()) + ")")
                                                .toList()))
                .append('\n');
        out.append("- Tables removed: ")
                .append(
                        delta.tablesRemoved().isEmpty()
                                ? "none"
                                : MarkdownTable.cell(String.join(", ", delta.tablesRemoved())))
                .append('\n');
        out.append("- Indexes added: ")
                .append(
                        delta.indexesAdded().isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        delta.indexesAdded().stream()
                                                .map(i -> MarkdownTable.cell(i.qualifiedName()) + " on "
                                                        + MarkdownTable.cell(i.table()) + " (" + bytes(i.bytes()) + ")")
                                                .toList()))
                .append('\n');
        out.append("- Indexes removed: ")
                .append(
                        delta.indexesRemoved().isEmpty()
                                ? "none"
                                : MarkdownTable.cell(String.join(", ", delta.indexesRemoved())))
                .append('\n');
        List<TableChange> resized = delta.resizedTables();
        if (!resized.isEmpty()) {
            MarkdownTable table = MarkdownTable.of("table", "before", "after", "change", "rows (est.)")
                    .right(1, 2, 3, 4);
            for (TableChange change : resized) {
                table.row(
                        change.table(),
                        bytes(change.bytesBefore()),
                        bytes(change.bytesAfter()),
                        change(change.bytesChange()),
                        change.rowsBefore() + " → " + change.rowsAfter());
            }
            out.append('\n').append(table);
        }
        return out.toString();
    }

    /** A byte count the way {@code pg_size_pretty} prints it: {@code 8192 bytes}, {@code 16 kB}, {@code 7.6 MB}. */
    static String bytes(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < 10 * 1024) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    /** A signed change: {@code +16 kB}, {@code -8192 bytes}, {@code 0 bytes}. */
    static String change(long bytes) {
        return (bytes > 0 ? "+" : "") + bytes(bytes);
    }
}
