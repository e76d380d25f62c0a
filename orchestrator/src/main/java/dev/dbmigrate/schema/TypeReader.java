package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.collation;
import static dev.dbmigrate.schema.CatalogQuery.grants;
import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
import java.util.List;

/** Reads schemas, extensions, enums, domains and composite types: one query each. */
final class TypeReader {
    private final CatalogQuery query;

    TypeReader(CatalogQuery query) {
        this.query = query;
    }

    List<SchemaObject> schemas() throws SQLException {
        String sql = "select quote_ident(n.nspname), obj_description(n.oid, 'pg_namespace'), "
                + grants("n.nspacl", "n.nspowner", "n") + " from pg_namespace n where " + inScope("n") + " and "
                + notInExtension("n.oid", "pg_namespace");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.SCHEMA, row.getString(1))
                        .with("comment", row.getString(2))
                        .with("grants", CatalogQuery.sorted(row, 3)));
    }

    List<SchemaObject> extensions() throws SQLException {
        String sql = "select quote_ident(x.extname), quote_ident(n.nspname), x.extversion,"
                + " obj_description(x.oid, 'pg_extension') from pg_extension x"
                + " join pg_namespace n on n.oid = x.extnamespace where " + inScope("n");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.EXTENSION, row.getString(1))
                        .with("schema", row.getString(2))
                        .with("version", row.getString(3))
                        .with("comment", row.getString(4)));
    }

    List<SchemaObject> enums() throws SQLException {
        String sql = "select " + qualified("n", "t.typname") + ", (select array_agg(v.enumlabel::text order by"
                + " v.enumsortorder) from pg_enum v where v.enumtypid = t.oid), obj_description(t.oid, 'pg_type')"
                + typesOf("e", "");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.ENUM, row.getString(1))
                        .with("values", CatalogQuery.strings(row, 2))
                        .with("comment", row.getString(3)));
    }

    List<SchemaObject> domains() throws SQLException {
        String sql = "select " + qualified("n", "t.typname") + ", format_type(t.typbasetype, t.typtypmod),"
                + " t.typnotnull, pg_get_expr(t.typdefaultbin, 0),"
                + " case when t.typcollation <> b.typcollation then " + collation("t.typcollation") + " end,"
                + " (select array_agg(quote_ident(k.conname) || ': ' || pg_get_constraintdef(k.oid))"
                + " from pg_constraint k where k.contypid = t.oid and k.contype = 'c'),"
                + " obj_description(t.oid, 'pg_type')"
                + typesOf("d", " join pg_type b on b.oid = t.typbasetype");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.DOMAIN, row.getString(1))
                        .with("type", row.getString(2))
                        .with("notNull", row.getBoolean(3))
                        .with("default", row.getString(4))
                        .with("collation", row.getString(5))
                        .with("checks", CatalogQuery.sorted(row, 6))
                        .with("comment", row.getString(7)));
    }

    List<SchemaObject> compositeTypes() throws SQLException {
        String sql = "select " + qualified("n", "t.typname") + ", (select array_agg(quote_ident(a.attname) || ' '"
                + " || format_type(a.atttypid, a.atttypmod) || case when a.attcollation <> at.typcollation"
                + " then ' COLLATE ' || " + collation("a.attcollation") + " else '' end order by a.attnum)"
                + " from pg_attribute a join pg_type at on at.oid = a.atttypid where a.attrelid = t.typrelid"
                + " and a.attnum > 0 and not a.attisdropped), obj_description(t.oid, 'pg_type')"
                + typesOf("c", " join pg_class r on r.oid = t.typrelid and r.relkind = 'c'");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.COMPOSITE_TYPE, row.getString(1))
                        .with("attributes", CatalogQuery.strings(row, 2))
                        .with("comment", row.getString(3)));
    }

    /** The from (with {@code join}) and where clauses of the types of {@code typtype} in scope, not of an extension. */
    private static String typesOf(String typtype, String join) {
        return " from pg_type t join pg_namespace n on n.oid = t.typnamespace" + join + " where t.typtype = '" + typtype
                + "' and " + inScope("n") + " and " + notInExtension("t.oid", "pg_type");
    }
}
