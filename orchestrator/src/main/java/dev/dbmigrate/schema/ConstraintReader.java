package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the constraints of tables and the indexes that implement none: one query each. */
final class ConstraintReader {
    private static final Map<String, String> TYPES =
            Map.of("p", "primary key", "u", "unique", "c", "check", "x", "exclusion", "f", "foreign key");

    private final CatalogQuery query;

    ConstraintReader(CatalogQuery query) {
        this.query = query;
    }

    /**
     * Primary key, unique, check, exclusion and foreign-key constraints (PostgreSQL 18's NOT NULL constraints are
     * columns' {@code notNull}), leaving out those a partition or child table inherits from its parent.
     */
    List<SchemaObject> constraints() throws SQLException {
        String sql = "select " + qualified("n", "t.relname") + " || '.' || quote_ident(k.conname), k.contype,"
                + " pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint')"
                + " from pg_constraint k join pg_class t on t.oid = k.conrelid"
                + " join pg_namespace n on n.oid = t.relnamespace"
                + " where k.contype in ('p', 'u', 'c', 'x', 'f') and k.conislocal and k.conparentid = 0"
                + " and t.relkind in ('r', 'p') and " + inScope("n") + " and " + kept("t") + " and "
                + notInExtension("t.oid", "pg_class");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.CONSTRAINT, row.getString(1))
                        .with("type", TYPES.get(row.getString(2)))
                        .with("definition", row.getString(3))
                        .with("comment", row.getString(4)));
    }

    /**
     * Indexes of tables and materialized views, leaving out those that implement a constraint and those of partitions
     * attached to their parent's index. NULLS NOT DISTINCT exists from PostgreSQL 15.
     */
    List<SchemaObject> indexes() throws SQLException {
        String nullsNotDistinct = query.atLeast(15) ? "x.indnullsnotdistinct" : "false";
        String sql = "select " + qualified("n", "i.relname") + ", " + qualified("n", "t.relname") + ", m.amname,"
                + " x.indisunique, pg_get_indexdef(x.indexrelid, 0, true), (select array_agg(pg_get_indexdef("
                + "x.indexrelid, k, true) order by k) from generate_series(1, x.indnatts) k), x.indnkeyatts,"
                + " pg_get_expr(x.indpred, x.indrelid, true), " + nullsNotDistinct + ","
                + " obj_description(i.oid, 'pg_class')"
                + " from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid"
                + " join pg_namespace n on n.oid = t.relnamespace join pg_am m on m.oid = i.relam"
                + " where t.relkind in ('r', 'p', 'm') and " + inScope("n") + " and " + kept("t") + " and "
                + notInExtension("t.oid", "pg_class") + " and not exists (select 1 from pg_constraint k"
                + " where k.conindid = x.indexrelid and k.contype in ('p', 'u', 'x'))"
                + " and not exists (select 1 from pg_inherits h where h.inhrelid = x.indexrelid)";
        return query.list(sql, row -> {
            List<String> columns = CatalogQuery.strings(row, 6);
            int keys = row.getInt(7);
            return SchemaObject.of(ObjectKind.INDEX, row.getString(1))
                    .with("table", row.getString(2))
                    .with("method", row.getString(3))
                    .with("unique", row.getBoolean(4))
                    .with("columns", keyColumns(row.getString(5), row.getString(2), row.getString(3), columns, keys))
                    .with("include", columns.subList(keys, columns.size()))
                    .with("predicate", row.getString(8))
                    .with("nullsNotDistinct", row.getBoolean(9))
                    .with("comment", row.getString(10));
        });
    }

    /**
     * The key columns as the index's whole definition prints them, with their collation, operator class and order
     * when not the default ({@code name text_pattern_ops}, {@code placed_at DESC NULLS LAST}): the list after
     * {@code USING method (}, split at its top-level commas. When that list cannot be found, the columns alone as
     * {@code pg_get_indexdef(oid, k, true)} prints them.
     */
    static List<String> keyColumns(String definition, String table, String method, List<String> columns, int keys) {
        String opening = " " + table + " USING " + method + " (";
        int at = definition.indexOf(opening);
        List<String> split = at < 0 ? List.of() : topLevel(definition, at + opening.length());
        return split.size() == keys ? split : columns.subList(0, keys);
    }

    /** The comma-separated items of the parenthesized list that starts at {@code from}, outside quotes. */
    private static List<String> topLevel(String text, int from) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = from;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                items.add(text.substring(start, i).trim());
                start = i + 1;
                if (c == ')') {
                    return items;
                }
            }
        }
        return List.of();
    }
}
