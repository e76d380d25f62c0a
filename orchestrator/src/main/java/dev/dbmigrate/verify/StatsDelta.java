package dev.dbmigrate.verify;

import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import java.util.ArrayList;
import java.util.List;

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
public record StatsDelta(
        long databaseSizeBefore,
        long databaseSizeAfter,
        List<TableStats> tablesAdded,
        List<String> tablesRemoved,
        List<TableChange> tableChanges,
        List<IndexStats> indexesAdded,
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
    }

    static StatsDelta between(DatabaseStats before, DatabaseStats after) {
        List<TableStats> added = new ArrayList<>();
        List<TableChange> changes = new ArrayList<>();
        for (TableStats now : after.tables()) {
            TableStats then = before.table(now.qualifiedName());
            if (then == null) {
                added.add(now);
            } else {
                changes.add(new TableChange(
                        now.qualifiedName(),
                        then.totalBytes(),
                        now.totalBytes(),
                        then.estimatedRows(),
                        now.estimatedRows()));
            }
        }
        List<String> removed = before.tables().stream()
                .map(TableStats::qualifiedName)
                .filter(name -> after.table(name) == null)
                .toList();
        List<IndexStats> newIndexes = after.indexes().stream()
                .filter(index -> before.index(index.qualifiedName()) == null)
                .toList();
        List<String> removedIndexes = before.indexes().stream()
                .map(IndexStats::qualifiedName)
                .filter(name -> after.index(name) == null)
                .toList();
        return new StatsDelta(
                before.databaseSizeBytes(),
                after.databaseSizeBytes(),
                added,
                removed,
                changes,
                newIndexes,
                removedIndexes);
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
        return tableChanges.stream()
                .filter(c -> c.table().equals(qualifiedName))
                .findFirst()
                .orElse(null);
    }
}
