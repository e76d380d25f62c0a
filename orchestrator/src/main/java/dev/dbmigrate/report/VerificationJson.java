package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.verify.DatabaseStats;
import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import dev.dbmigrate.verify.StatsDelta;
import dev.dbmigrate.verify.StatsDelta.TableChange;

/** A database's statistics and a deployment's changes as {@link Json} trees, for the promotion report. */
public final class VerificationJson {
    private VerificationJson() {}

    /** The database size, its schemas, tables and indexes, and when they were read. */
    public static ObjectNode of(DatabaseStats stats) {
        ObjectNode map = Json.object();
        map.put("database", stats.database());
        map.put("databaseSizeBytes", stats.databaseSizeBytes());
        map.set("schemas", Json.strings(stats.schemas()));
        map.put("collectedAt", stats.collectedAt().toString());
        map.set(
                "tables",
                Json.array(stats.tables().stream().map(VerificationJson::of).toList()));
        map.set(
                "indexes",
                Json.array(stats.indexes().stream().map(VerificationJson::of).toList()));
        return map;
    }

    /** One table's sizes and estimated rows. */
    public static ObjectNode of(TableStats table) {
        ObjectNode map = Json.object();
        map.put("schema", table.schema());
        map.put("name", table.name());
        map.put("totalBytes", table.totalBytes());
        map.put("tableBytes", table.tableBytes());
        map.put("indexBytes", table.indexBytes());
        map.put("estimatedRows", table.estimatedRows());
        return map;
    }

    /** One index's size and use. */
    public static ObjectNode of(IndexStats index) {
        ObjectNode map = Json.object();
        map.put("schema", index.schema());
        map.put("table", index.table());
        map.put("name", index.name());
        map.put("bytes", index.bytes());
        map.put("scans", index.scans());
        map.put("unused", index.unused());
        map.put("unique", index.unique());
        return map;
    }

    /** What changed between two snapshots. */
    public static ObjectNode of(StatsDelta delta) {
        ObjectNode map = Json.object();
        map.put("databaseSizeBefore", delta.databaseSizeBefore());
        map.put("databaseSizeAfter", delta.databaseSizeAfter());
        map.put("databaseSizeChange", delta.databaseSizeChange());
        map.set(
                "tablesAdded",
                Json.array(
                        delta.tablesAdded().stream().map(VerificationJson::of).toList()));
        map.set("tablesRemoved", Json.strings(delta.tablesRemoved()));
        map.set(
                "tableChanges",
                Json.array(
                        delta.tableChanges().stream().map(VerificationJson::of).toList()));
        map.set(
                "indexesAdded",
                Json.array(
                        delta.indexesAdded().stream().map(VerificationJson::of).toList()));
        map.set("indexesRemoved", Json.strings(delta.indexesRemoved()));
        return map;
    }

    /** One table's size and rows before and after. */
    public static ObjectNode of(TableChange change) {
        ObjectNode map = Json.object();
        map.put("table", change.table());
        map.put("bytesBefore", change.bytesBefore());
        map.put("bytesAfter", change.bytesAfter());
        map.put("bytesChange", change.bytesChange());
        map.put("rowsBefore", change.rowsBefore());
        map.put("rowsAfter", change.rowsAfter());
        return map;
    }
}
