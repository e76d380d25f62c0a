package dev.dbmigrate.schema;

import dev.dbmigrate.db.AuditLog;
import dev.dbmigrate.db.PromotionTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a snapshot reads: the schemas (empty: every schema but PostgreSQL's own) and the tables it leaves out in them
 * (the history table and the tool's own {@code migrate_} tables, with their sequences, indexes and constraints).
 */
public record SnapshotScope(List<String> schemas, Set<String> excludedTables) {
    /** The tool's own tables, always left out. */
    public static final Set<String> TOOL_TABLES = Set.of(AuditLog.TABLE, PromotionTable.TABLE);

    public SnapshotScope {
        schemas = List.copyOf(schemas);
        excludedTables = Set.copyOf(excludedTables);
    }

    /** These schemas, leaving out the history table {@code historyTable} and the tool's own tables. */
    public static SnapshotScope of(List<String> schemas, String historyTable) {
        HashSet<String> excluded = new HashSet<>(TOOL_TABLES);
        excluded.add(historyTable);
        return new SnapshotScope(schemas, excluded);
    }

    /** Whether a table of this name is left out. */
    public boolean excludes(String table) {
        return excludedTables.contains(table);
    }
}
