package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.collation;
import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
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
                + " x.indisunique, (select array_agg(" + keyColumn() + " order by k)"
                + " from generate_series(1, x.indnkeyatts) k), (select array_agg(pg_get_indexdef(x.indexrelid, k,"
                + " true) order by k) from generate_series(x.indnkeyatts + 1, x.indnatts) k),"
                + " pg_get_expr(x.indpred, x.indrelid, true), " + nullsNotDistinct + ","
                + " obj_description(i.oid, 'pg_class')"
                + " from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid"
                + " join pg_namespace n on n.oid = t.relnamespace join pg_am m on m.oid = i.relam"
                + " where t.relkind in ('r', 'p', 'm') and " + inScope("n") + " and " + kept("t") + " and "
                + notInExtension("t.oid", "pg_class") + " and not exists (select 1 from pg_constraint k"
                + " where k.conindid = x.indexrelid and k.contype in ('p', 'u', 'x'))"
                + " and not exists (select 1 from pg_inherits h where h.inhrelid = x.indexrelid)";
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.INDEX, row.getString(1))
                        .with("table", row.getString(2))
                        .with("method", row.getString(3))
                        .with("unique", row.getBoolean(4))
                        .with("columns", CatalogQuery.strings(row, 5))
                        .with("include", CatalogQuery.strings(row, 6))
                        .with("predicate", row.getString(7))
                        .with("nullsNotDistinct", row.getBoolean(8))
                        .with("comment", row.getString(9)));
    }

    /**
     * Key column {@code k} of index {@code x} as pg_get_indexdef prints it in the whole definition: the column or
     * expression, then its collation (when not the column's), operator class (when not the default) and order.
     */
    private static String keyColumn() {
        String keyCollation = "case when x.indkey[k - 1] <> 0 then (select ta.attcollation from pg_attribute ta"
                + " where ta.attrelid = x.indrelid and ta.attnum = x.indkey[k - 1]) else (select ty.typcollation"
                + " from pg_attribute ia join pg_type ty on ty.oid = ia.atttypid where ia.attrelid = x.indexrelid"
                + " and ia.attnum = k) end";
        String opclass = "(select case when oc.opcdefault then '' else ' ' || case when ocn.nspname = 'pg_catalog'"
                + " then '' else quote_ident(ocn.nspname) || '.' end || quote_ident(oc.opcname) end"
                + " from pg_opclass oc join pg_namespace ocn on ocn.oid = oc.opcnamespace"
                + " where oc.oid = x.indclass[k - 1])";
        return "pg_get_indexdef(x.indexrelid, k, true) || case when x.indcollation[k - 1] <> 0"
                + " and x.indcollation[k - 1] <> coalesce(" + keyCollation + ", 0) then ' COLLATE ' || "
                + collation("x.indcollation[k - 1]") + " else '' end || " + opclass
                + " || case when x.indoption[k - 1] & 1 = 1 then ' DESC' || case when x.indoption[k - 1] & 2 = 0"
                + " then ' NULLS LAST' else '' end when x.indoption[k - 1] & 2 = 2 then ' NULLS FIRST' else '' end";
    }
}
