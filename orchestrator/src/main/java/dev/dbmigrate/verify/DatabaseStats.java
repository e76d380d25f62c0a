package dev.dbmigrate.verify;

import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Messages;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes and index usage of the managed schemas at one moment, so a report can show what a deployment changed
 * (see {@link #compare}). Index scan counts come from PostgreSQL's cumulative statistics, which count since the last
 * statistics reset and reach the views with a delay of up to a second.
 *
 * @param database          the database name
 * @param databaseSizeBytes {@code pg_database_size(current_database())}
 * @param schemas           the schemas the tables and indexes were taken from
 * @param tables            every table, partitioned table and materialized view in those schemas, by qualified name
 * @param indexes           every index in those schemas, by qualified name
 * @param collectedAt       when the statistics were taken
 */
public record DatabaseStats(
        String database,
        long databaseSizeBytes,
        List<String> schemas,
        List<TableStats> tables,
        List<IndexStats> indexes,
        Instant collectedAt) {

    public DatabaseStats {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
    }

    /**
     * One table's size.
     *
     * @param schema        the schema
     * @param name          the table name
     * @param totalBytes    {@code pg_total_relation_size}: table, TOAST and indexes
     * @param tableBytes    {@code pg_table_size}: table and TOAST, without indexes
     * @param indexBytes    {@code pg_indexes_size}
     * @param estimatedRows the planner's estimate ({@code reltuples}), or the live-row count from the statistics when
     *                      the table was never analyzed
     */
    public record TableStats(
            String schema, String name, long totalBytes, long tableBytes, long indexBytes, long estimatedRows) {

        /** {@code schema.name}. */
        public String qualifiedName() {
            return schema + "." + name;
        }
    }

    /**
     * One index's size and use.
     *
     * @param schema the schema
     * @param table  the table it indexes
     * @param name   the index name
     * @param bytes  {@code pg_relation_size} of the index
     * @param scans  {@code idx_scan} from {@code pg_stat_user_indexes}: scans since the statistics were last reset
     * @param unique whether it is a unique index; those enforce a constraint even when no query scans them
     */
    public record IndexStats(String schema, String table, String name, long bytes, long scans, boolean unique) {

        /** {@code schema.name}. */
        public String qualifiedName() {
            return schema + "." + name;
        }

        /** No scan since the statistics were last reset ({@code idx_scan = 0}). */
        public boolean unused() {
            return scans == 0;
        }
    }

    /**
     * These statistics without the tables {@code excluded} names (by table name, such as the tool's own
     * {@code migrate_audit}) and without their indexes, so a report of the application's changes does not list them.
     */
    public DatabaseStats withoutTables(java.util.function.Predicate<String> excluded) {
        return new DatabaseStats(
                database,
                databaseSizeBytes,
                schemas,
                tables.stream().filter(t -> !excluded.test(t.name())).toList(),
                indexes.stream().filter(i -> !excluded.test(i.table())).toList(),
                collectedAt);
    }

    private static final String TABLES = """
            select n.nspname, c.relname,
                   pg_total_relation_size(c.oid), pg_table_size(c.oid), pg_indexes_size(c.oid),
                   case when c.reltuples < 0 then coalesce(s.n_live_tup, 0) else c.reltuples::bigint end
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            left join pg_stat_user_tables s on s.relid = c.oid
            where c.relkind in ('r', 'p', 'm') and n.nspname = any(?)
            order by n.nspname, c.relname""";

    private static final String INDEXES = """
            select s.schemaname, s.relname, s.indexrelname, pg_relation_size(s.indexrelid), s.idx_scan, i.indisunique
            from pg_stat_user_indexes s
            join pg_index i on i.indexrelid = s.indexrelid
            where s.schemaname = any(?)
            order by s.schemaname, s.relname, s.indexrelname""";

    /**
     * Reads the statistics of the given schemas over an open connection, in whatever transaction it is in; it only
     * reads catalogs and statistics views.
     *
     * @throws MigrateException {@link ErrorCode#CONNECTION} when the connection is lost, {@link ErrorCode#INTERNAL}
     *                          when a catalog query fails
     */
    public static DatabaseStats collect(Connection connection, List<String> schemas) {
        try {
            String database;
            long size;
            try (PreparedStatement st = connection.prepareStatement(
                            "select current_database(), pg_database_size(current_database())");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                database = rs.getString(1);
                size = rs.getLong(2);
            }
            Array names = connection.createArrayOf("text", schemas.toArray());
            List<TableStats> tables = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(TABLES)) {
                st.setArray(1, names);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tables.add(new TableStats(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6)));
                    }
                }
            }
            List<IndexStats> indexes = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(INDEXES)) {
                st.setArray(1, names);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        indexes.add(new IndexStats(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getBoolean(6)));
                    }
                }
            }
            return new DatabaseStats(database, size, schemas, tables, indexes, Instant.now());
        } catch (SQLException e) {
            if (Verifier.isConnectionLoss(e)) {
                throw ConnectionFailure.of(e);
            }
            throw new MigrateException(
                    ErrorCode.INTERNAL,
                    "could not read the database statistics of schemas " + schemas + ": "
                            + Messages.oneLine(e.getMessage()) + "; nothing was changed",
                    e);
        }
    }

    /** What changed between two snapshots of the same database: sizes, tables added and removed, new indexes. */
    public static StatsDelta compare(DatabaseStats before, DatabaseStats after) {
        return StatsDelta.between(before, after);
    }

    /** The table with this qualified name ({@code schema.name}), or {@code null}. */
    public TableStats table(String qualifiedName) {
        return tables.stream()
                .filter(t -> t.qualifiedName().equals(qualifiedName))
                .findFirst()
                .orElse(null);
    }

    /** The index with this qualified name ({@code schema.name}), or {@code null}. */
    public IndexStats index(String qualifiedName) {
        return indexes.stream()
                .filter(i -> i.qualifiedName().equals(qualifiedName))
                .findFirst()
                .orElse(null);
    }
}
