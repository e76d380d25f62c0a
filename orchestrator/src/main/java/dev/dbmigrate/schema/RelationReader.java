package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.collation;
import static dev.dbmigrate.schema.CatalogQuery.grants;
import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads tables, columns, sequences, views and materialized views: one query each (views share one). */
final class RelationReader {
    private final CatalogQuery query;

    RelationReader(CatalogQuery query) {
        this.query = query;
    }

    /** The from and where clauses of the relations {@code c} of these kinds in scope, not excluded, not of an extension. */
    static String relations(String relkinds) {
        return " from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in (" + relkinds
                + ") and " + inScope("n") + " and " + kept("c") + " and " + notInExtension("c.oid", "pg_class");
    }

    List<SchemaObject> tables() throws SQLException {
        String parent = "(select " + qualified("pn", "p.relname") + " from pg_inherits i join pg_class p on p.oid ="
                + " i.inhparent join pg_namespace pn on pn.oid = p.relnamespace where i.inhrelid = c.oid";
        String sql = "select " + qualified("n", "c.relname") + ", c.relpersistence = 'u',"
                + " case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,"
                + " case when c.relispartition then " + parent + ") end,"
                + " case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end,"
                + " case when not c.relispartition then (select array_agg(p.name order by p.seq) from (select "
                + qualified("pn", "p.relname") + " as name, i.inhseqno as seq from pg_inherits i join pg_class p on"
                + " p.oid = i.inhparent join pg_namespace pn on pn.oid = p.relnamespace where i.inhrelid = c.oid) p)"
                + " end, c.relrowsecurity, c.relforcerowsecurity, obj_description(c.oid, 'pg_class'), "
                + grants("c.relacl", "c.relowner", "r") + relations("'r', 'p'");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.TABLE, row.getString(1))
                        .with("unlogged", row.getBoolean(2))
                        .with("partitionBy", row.getString(3))
                        .with("partitionOf", row.getString(4))
                        .with("partitionBound", row.getString(5))
                        .with("inherits", CatalogQuery.strings(row, 6))
                        .with("rowSecurity", row.getBoolean(7))
                        .with("forceRowSecurity", row.getBoolean(8))
                        .with("comment", row.getString(9))
                        .with("grants", CatalogQuery.sorted(row, 10)));
    }

    List<SchemaObject> columns() throws SQLException {
        String sql = "select " + qualified("n", "c.relname") + " || '.' || quote_ident(a.attname),"
                + " format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated,"
                + " pg_get_expr(d.adbin, d.adrelid), case a.attidentity when 'a' then 'always' when 'd'"
                + " then 'by default' end, case when a.attcollation <> t.typcollation then "
                + collation("a.attcollation") + " end, col_description(c.oid, a.attnum),"
                + " row_number() over (partition by a.attrelid order by a.attnum), case when a.attidentity <> ''"
                + " then (select concat_ws(' ', format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin,"
                + " s.seqmax, s.seqcache, s.seqcycle) from pg_depend d join pg_sequence s on s.seqrelid = d.objid"
                + " where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass"
                + " and d.refobjid = c.oid and d.refobjsubid = a.attnum and d.deptype = 'i') end"
                + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                + " join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid"
                + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p') and " + inScope("n")
                + " and " + kept("c") + " and " + notInExtension("c.oid", "pg_class");
        return query.list(sql, RelationReader::column);
    }

    private static SchemaObject column(ResultSet row) throws SQLException {
        String generated = row.getString(4);
        boolean isGenerated = generated != null && !generated.isEmpty();
        return SchemaObject.of(ObjectKind.COLUMN, row.getString(1))
                .with("type", row.getString(2))
                .with("notNull", row.getBoolean(3))
                .with(isGenerated ? "generated" : "default", row.getString(5))
                .with("virtual", "v".equals(generated))
                .with("identity", row.getString(6))
                .with("collation", row.getString(7))
                .with("comment", row.getString(8))
                .with(SchemaObject.POSITION, row.getString(9))
                .with("identityOptions", identityOptions(row.getString(10)));
    }

    /**
     * The options of an identity column's sequence that are not at their default, as {@code GENERATED ... AS
     * IDENTITY (...)} takes them ({@code START WITH 100}), from {@code type start increment min max cache cycle}.
     */
    private static String identityOptions(String sequence) {
        if (sequence == null) {
            return null;
        }
        String[] v = sequence.split(" ");
        SchemaObject options = nonDefault(SchemaObject.of(ObjectKind.SEQUENCE, ""), v[0], v[1], v[2], v[3], v[4]);
        List<String> parts = new ArrayList<>();
        option(parts, "INCREMENT BY", options.text("increment"));
        option(parts, "MINVALUE", options.text("min"));
        option(parts, "MAXVALUE", options.text("max"));
        option(parts, "START WITH", options.text("start"));
        option(parts, "CACHE", unless(v[5], "1"));
        if ("t".equals(v[6]) || "true".equals(v[6])) {
            parts.add("CYCLE");
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private static void option(List<String> parts, String keyword, String value) {
        if (value != null) {
            parts.add(keyword + " " + value);
        }
    }

    List<SchemaObject> sequences() throws SQLException {
        String sql = "select " + qualified("n", "c.relname") + ", format_type(s.seqtypid, null), s.seqstart,"
                + " s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, o.owner,"
                + " obj_description(c.oid, 'pg_class'), " + grants("c.relacl", "c.relowner", "s")
                + " from pg_sequence s join pg_class c on c.oid = s.seqrelid"
                + " join pg_namespace n on n.oid = c.relnamespace"
                + " left join lateral (select " + qualified("tn", "t.relname") + " || '.' || quote_ident(a.attname)"
                + " as owner, t.relname, d.deptype from pg_depend d join pg_class t on t.oid = d.refobjid"
                + " join pg_namespace tn on tn.oid = t.relnamespace join pg_attribute a on a.attrelid = t.oid"
                + " and a.attnum = d.refobjsubid where d.classid = 'pg_class'::regclass and d.objid = c.oid"
                + " and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')) o on true"
                + " where " + inScope("n") + " and " + kept("c") + " and " + notInExtension("c.oid", "pg_class")
                + " and o.deptype is distinct from 'i' and (o.relname is null or " + kept("o") + ")";
        return query.list(sql, RelationReader::sequence);
    }

    /** A sequence, leaving out what is at the default of its type and direction. */
    private static SchemaObject sequence(ResultSet row) throws SQLException {
        String type = row.getString(2);
        return nonDefault(
                        SchemaObject.of(ObjectKind.SEQUENCE, row.getString(1)),
                        type,
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6))
                .with("type", type.equals("bigint") ? null : type)
                .with("cache", unless(row.getString(7), "1"))
                .with("cycle", row.getBoolean(8))
                .with("ownedBy", row.getString(9))
                .with("comment", row.getString(10))
                .with("grants", CatalogQuery.sorted(row, 11));
    }

    /** {@code object} with a sequence's start, increment, min and max, each left out at the default of its type. */
    private static SchemaObject nonDefault(
            SchemaObject object, String type, String seqStart, String seqIncrement, String seqMin, String seqMax) {
        BigInteger increment = new BigInteger(seqIncrement);
        boolean ascending = increment.signum() > 0;
        BigInteger typeMax = switch (type) {
            case "smallint" -> BigInteger.valueOf(Short.MAX_VALUE);
            case "integer" -> BigInteger.valueOf(Integer.MAX_VALUE);
            default -> BigInteger.valueOf(Long.MAX_VALUE);
        };
        BigInteger typeMin = typeMax.negate().subtract(BigInteger.ONE);
        String min = ascending ? "1" : typeMin.toString();
        String max = ascending ? typeMax.toString() : "-1";
        String start = ascending ? seqMin : seqMax;
        return object.with("start", unless(seqStart, start))
                .with("increment", unless(increment.toString(), "1"))
                .with("min", unless(seqMin, min))
                .with("max", unless(seqMax, max));
    }

    private static String unless(String value, String byDefault) {
        return value.equals(byDefault) ? null : value;
    }

    /** Views and materialized views. */
    List<SchemaObject> views() throws SQLException {
        String sql = "select " + qualified("n", "c.relname") + ", c.relkind, pg_get_viewdef(c.oid, true),"
                + " c.reloptions, obj_description(c.oid, 'pg_class'), " + grants("c.relacl", "c.relowner", "r")
                + relations("'v', 'm'");
        return query.list(sql, row -> {
            boolean view = "v".equals(row.getString(2));
            return SchemaObject.of(view ? ObjectKind.VIEW : ObjectKind.MATERIALIZED_VIEW, row.getString(1))
                    .with("definition", row.getString(3))
                    .with("options", view ? CatalogQuery.sorted(row, 4) : List.of())
                    .with("comment", row.getString(5))
                    .with("grants", CatalogQuery.sorted(row, 6));
        });
    }
}
