package dev.dbmigrate.verify;

import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two {@link DatabaseStats} snapshots, typically taken before and after a deployment.
 *
 * @param databaseSizeBefore the database size before, in bytes
 * @param databaseSizeAfter  the database size after, in bytes
 * @param tablesAdded        tables present only after, with their size
 * @param tablesRemoved      qualified names of the tables present only before
 * @param tableChanges       every table present in both snapshots, with its total size before and after
 * @param indexesAdded       indexes present only after
 * @param indexesRemoved     qualified names of the indexes present only before
 */
public record StatsDelta(long databaseSizeBefore, long databaseSizeAfter, List<TableStats> tablesAdded,
                         List<String> tablesRemoved, List<TableChange> tableChanges, List<IndexStats> indexesAdded,
                         List<String> indexesRemoved) {

    public StatsDelta {
        tablesAdded = List.copyOf(tablesAdded);
        tablesRemoved = List.copyOf(tablesRemoved);
        tableChanges = List.copyOf(tableChanges);
        indexesAdded = List.copyOf(indexesAdded);
        indexesRemoved = List.copyOf(indexesRemoved);
    }

    /**
     * One table's total size ({@code pg_total_relation_size}) and estimated rows in both snapshots.
     *
     * @param table       {@code schema.name}
     * @param bytesBefore total size before
     * @param bytesAfter  total size after
     * @param rowsBefore  estimated rows before
     * @param rowsAfter   estimated rows after
     */
    public record TableChange(String table, long bytesBefore, long bytesAfter, long rowsBefore, long rowsAfter) {

        /** The change in total size, in bytes; negative when the table shrank. */
        public long bytesChange() {
            return bytesAfter - bytesBefore;
        }

        /** The change as plain maps and values for {@link dev.dbmigrate.report.Json}. */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("table", table);
            map.put("bytesBefore", bytesBefore);
            map.put("bytesAfter", bytesAfter);
            map.put("bytesChange", bytesChange());
            map.put("rowsBefore", rowsBefore);
            map.put("rowsAfter", rowsAfter);
            return map;
        }
    }

    static StatsDelta between(DatabaseStats before, DatabaseStats after) {
        List<TableStats> added = new ArrayList<>();
        List<TableChange> changes = new ArrayList<>();
        for (TableStats now : after.tables()) {
            TableStats then = before.table(now.qualifiedName());
            if (then == null) {
                added.add(now);
            } else {
                changes.add(new TableChange(now.qualifiedName(), then.totalBytes(), now.totalBytes(),
                        then.estimatedRows(), now.estimatedRows()));
            }
        }
        List<String> removed = before.tables().stream().map(TableStats::qualifiedName)
                .filter(name -> after.table(name) == null).toList();
        List<IndexStats> newIndexes = after.indexes().stream()
                .filter(index -> before.index(index.qualifiedName()) == null).toList();
        List<String> removedIndexes = before.indexes().stream().map(IndexStats::qualifiedName)
                .filter(name -> after.index(name) == null).toList();
        return new StatsDelta(before.databaseSizeBytes(), after.databaseSizeBytes(), added, removed, changes,
                newIndexes, removedIndexes);
    }

    /** The change in database size, in bytes; negative when it shrank. */
    public long databaseSizeChange() {
        return databaseSizeAfter - databaseSizeBefore;
    }

    /** The tables present in both snapshots whose total size changed. */
    public List<TableChange> resizedTables() {
        return tableChanges.stream().filter(change -> change.bytesChange() != 0).toList();
    }

    /** The change of one table present in both snapshots ({@code schema.name}), or {@code null}. */
    public TableChange change(String qualifiedName) {
        return tableChanges.stream().filter(c -> c.table().equals(qualifiedName)).findFirst().orElse(null);
    }

    /** The delta as plain maps and values for {@link dev.dbmigrate.report.Json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("databaseSizeBefore", databaseSizeBefore);
        map.put("databaseSizeAfter", databaseSizeAfter);
        map.put("databaseSizeChange", databaseSizeChange());
        map.put("tablesAdded", tablesAdded.stream().map(TableStats::toMap).toList());
        map.put("tablesRemoved", tablesRemoved);
        map.put("tableChanges", tableChanges.stream().map(TableChange::toMap).toList());
        map.put("indexesAdded", indexesAdded.stream().map(IndexStats::toMap).toList());
        map.put("indexesRemoved", indexesRemoved);
        return map;
    }

    /** A Markdown section: the size change, tables added and removed, resized tables, new and dropped indexes. */
    public String markdown() {
        return markdown("### What the deployment changed");
    }

    /**
     * The section under a heading of the caller's choosing, so that it nests in a larger document (the promotion
     * report puts one under each environment).
     *
     * @param heading the heading line, such as {@code #### prod: what the deployment changed}
     */
    public String markdown(String heading) {
        StringBuilder out = new StringBuilder(heading).append("\n\n");
        out.append("- Database size: ").append(Markdown.bytes(databaseSizeBefore)).append(" → ")
                .append(Markdown.bytes(databaseSizeAfter)).append(" (").append(Markdown.change(databaseSizeChange()))
                .append(")\n");
        out.append("- Tables added: ").append(tablesAdded.isEmpty() ? "none" : String.join(", ", tablesAdded.stream()
                .map(t -> Markdown.cell(t.qualifiedName()) + " (" + Markdown.bytes(t.totalBytes()) + ")").toList()))
                .append('\n');
        out.append("- Tables removed: ").append(tablesRemoved.isEmpty() ? "none"
                : Markdown.cell(String.join(", ", tablesRemoved))).append('\n');
        out.append("- Indexes added: ").append(indexesAdded.isEmpty() ? "none" : String.join(", ", indexesAdded.stream()
                .map(i -> Markdown.cell(i.qualifiedName()) + " on " + Markdown.cell(i.table())
                        + " (" + Markdown.bytes(i.bytes()) + ")").toList()))
                .append('\n');
        out.append("- Indexes removed: ").append(indexesRemoved.isEmpty() ? "none"
                : Markdown.cell(String.join(", ", indexesRemoved))).append('\n');
        List<TableChange> resized = resizedTables();
        if (!resized.isEmpty()) {
            out.append("\n| table | before | after | change | rows (est.) |\n|---|---:|---:|---:|---:|\n");
            for (TableChange change : resized) {
                out.append("| ").append(Markdown.cell(change.table()))
                        .append(" | ").append(Markdown.bytes(change.bytesBefore()))
                        .append(" | ").append(Markdown.bytes(change.bytesAfter()))
                        .append(" | ").append(Markdown.change(change.bytesChange()))
                        .append(" | ").append(change.rowsBefore()).append(" → ").append(change.rowsAfter())
                        .append(" |\n");
            }
        }
        return out.toString();
    }
}
