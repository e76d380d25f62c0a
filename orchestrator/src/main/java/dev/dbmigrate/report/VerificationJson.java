package dev.dbmigrate.report;

import dev.dbmigrate.verify.CheckResult;
import dev.dbmigrate.verify.DatabaseStats;
import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import dev.dbmigrate.verify.StatsDelta;
import dev.dbmigrate.verify.StatsDelta.TableChange;
import dev.dbmigrate.verify.VerificationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code verify} found as plain maps and values for {@link Json}: checks, statistics, a deployment's changes. */
public final class VerificationJson {
    private VerificationJson() {}

    /** Whether every check passed, each check, and the statistics. */
    public static Map<String, Object> of(VerificationResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("passed", result.passed());
        map.put("checks", result.checks().stream().map(VerificationJson::of).toList());
        map.put("stats", result.stats() == null ? null : of(result.stats()));
        return map;
    }

    /** One check: name, outcome, expectation, what it returned, time, budget, message. */
    public static Map<String, Object> of(CheckResult check) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", check.name());
        map.put("passed", check.passed());
        map.put("expected", check.expected());
        map.put("actual", check.actual());
        map.put("durationMs", check.durationMs());
        map.put("budgetMs", check.budgetMs());
        map.put("message", check.message());
        return map;
    }

    /** The database size, its schemas, tables and indexes, and when they were read. */
    public static Map<String, Object> of(DatabaseStats stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("database", stats.database());
        map.put("databaseSizeBytes", stats.databaseSizeBytes());
        map.put("schemas", stats.schemas());
        map.put("collectedAt", stats.collectedAt().toString());
        map.put("tables", stats.tables().stream().map(VerificationJson::of).toList());
        map.put("indexes", stats.indexes().stream().map(VerificationJson::of).toList());
        return map;
    }

    /** One table's sizes and estimated rows. */
    public static Map<String, Object> of(TableStats table) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schema", table.schema());
        map.put("name", table.name());
        map.put("totalBytes", table.totalBytes());
        map.put("tableBytes", table.tableBytes());
        map.put("indexBytes", table.indexBytes());
        map.put("estimatedRows", table.estimatedRows());
        return map;
    }

    /** One index's size and use. */
    public static Map<String, Object> of(IndexStats index) {
        Map<String, Object> map = new LinkedHashMap<>();
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
    public static Map<String, Object> of(StatsDelta delta) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("databaseSizeBefore", delta.databaseSizeBefore());
        map.put("databaseSizeAfter", delta.databaseSizeAfter());
        map.put("databaseSizeChange", delta.databaseSizeChange());
        map.put(
                "tablesAdded",
                delta.tablesAdded().stream().map(VerificationJson::of).toList());
        map.put("tablesRemoved", delta.tablesRemoved());
        map.put(
                "tableChanges",
                delta.tableChanges().stream().map(VerificationJson::of).toList());
        map.put(
                "indexesAdded",
                delta.indexesAdded().stream().map(VerificationJson::of).toList());
        map.put("indexesRemoved", delta.indexesRemoved());
        return map;
    }

    /** One table's size and rows before and after. */
    public static Map<String, Object> of(TableChange change) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("table", change.table());
        map.put("bytesBefore", change.bytesBefore());
        map.put("bytesAfter", change.bytesAfter());
        map.put("bytesChange", change.bytesChange());
        map.put("rowsBefore", change.rowsBefore());
        map.put("rowsAfter", change.rowsAfter());
        return map;
    }
}
