package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
import java.util.List;

/**
 * Names the objects a snapshot does not model ({@code aggregate app.total(integer)}, {@code rule app.orders.r}), in
 * one query, so that none is silently left out: those in the scope's schemas, and those that have no schema (event
 * triggers, publications, foreign servers, casts...) that are not an extension's. Arrays and multiranges are not
 * named, nor a multirange's casts: PostgreSQL makes them with the type they belong to.
 */
final class Unmodelled {
    private static final String NOT_ARRAY = " and not exists (select 1 from pg_type a where a.typarray = t.oid)";

    /** Each part selects the names of one or more unmodelled kinds. */
    private static final List<String> PARTS = List.of(
            "select case p.prokind when 'a' then 'aggregate ' else 'window function ' end || "
                    + qualified("n", "p.proname") + " || '(' || pg_get_function_identity_arguments(p.oid) || ')'"
                    + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.prokind in ('a', 'w')"
                    + " and " + inScope("n") + " and " + notInExtension("p.oid", "pg_proc"),
            "select 'rule ' || " + qualified("n", "c.relname") + " || '.' || quote_ident(r.rulename)"
                    + " from pg_rewrite r join pg_class c on c.oid = r.ev_class" + relation("r.rulename <> '_RETURN'"),
            "select 'foreign table ' || " + qualified("n", "c.relname") + " from pg_class c"
                    + relation("c.relkind = 'f'"),
            "select 'column-level grant ' || " + qualified("n", "c.relname") + " || '.' || quote_ident(a.attname)"
                    + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                    + relation("a.attacl is not null and a.attnum > 0 and not a.attisdropped"),
            "select 'statistics ' || " + qualified("n", "s.stxname") + " from pg_statistic_ext s"
                    + " join pg_class c on c.oid = s.stxrelid"
                    + inSchema("s.stxnamespace", "s.oid", "pg_statistic_ext") + " and " + kept("c"),
            "select case when not t.typisdefined then 'shell type ' when t.typtype = 'r' then 'range type '"
                    + " when t.typtype = 'b' then 'base type ' else 'pseudo-type ' end || "
                    + qualified("n", "t.typname") + " from pg_type t" + inSchema("t.typnamespace", "t.oid", "pg_type")
                    + " and t.typtype in ('b', 'r', 'p')" + NOT_ARRAY,
            named("collation", "pg_collation", "collname", "collnamespace"),
            named("conversion", "pg_conversion", "conname", "connamespace"),
            named("text search configuration", "pg_ts_config", "cfgname", "cfgnamespace"),
            named("text search dictionary", "pg_ts_dict", "dictname", "dictnamespace"),
            named("text search parser", "pg_ts_parser", "prsname", "prsnamespace"),
            named("text search template", "pg_ts_template", "tmplname", "tmplnamespace"),
            "select 'operator ' || quote_ident(n.nspname) || '.' || x.oprname || '(' || coalesce(format_type("
                    + "nullif(x.oprleft, 0), null), 'NONE') || ', ' || coalesce(format_type(nullif(x.oprright, 0),"
                    + " null), 'NONE') || ')' from pg_operator x"
                    + inSchema("x.oprnamespace", "x.oid", "pg_operator"),
            "select 'operator class ' || " + qualified("n", "x.opcname") + " || ' using ' || m.amname"
                    + " from pg_opclass x join pg_am m on m.oid = x.opcmethod"
                    + inSchema("x.opcnamespace", "x.oid", "pg_opclass"),
            "select 'operator family ' || " + qualified("n", "x.opfname") + " || ' using ' || m.amname"
                    + " from pg_opfamily x join pg_am m on m.oid = x.opfmethod"
                    + inSchema("x.opfnamespace", "x.oid", "pg_opfamily"),
            "select 'default privileges for role ' || quote_ident(pg_get_userbyid(d.defaclrole))"
                    + " || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on ' || case d.defaclobjtype"
                    + " when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T'"
                    + " then 'types' else 'schemas' end from pg_default_acl d left join pg_namespace n"
                    + " on n.oid = d.defaclnamespace where d.defaclnamespace = 0 or " + inScope("n"),
            global("event trigger", "pg_event_trigger", "quote_ident(x.evtname)", ""),
            global("publication", "pg_publication", "quote_ident(x.pubname)", ""),
            global(
                    "subscription",
                    "pg_subscription",
                    "quote_ident(x.subname)",
                    " and x.subdbid = (select oid from pg_database where datname = current_database())"),
            global("foreign-data wrapper", "pg_foreign_data_wrapper", "quote_ident(x.fdwname)", ""),
            global("foreign server", "pg_foreign_server", "quote_ident(x.srvname)", ""),
            "select 'user mapping for ' || quote_ident(x.usename) || ' server ' || quote_ident(x.srvname)"
                    + " from pg_user_mappings x",
            global(
                    "cast",
                    "pg_cast",
                    "'(' || format_type(x.castsource, null) || ' as '" + " || format_type(x.casttarget, null) || ')'",
                    " and x.oid >= 16384 and not exists (select 1 from pg_depend i"
                            + " where i.classid = 'pg_cast'::regclass and i.objid = x.oid and i.deptype = 'i')"),
            global("language", "pg_language", "quote_ident(x.lanname)", " and x.oid >= 16384"),
            global("access method", "pg_am", "quote_ident(x.amname)", " and x.oid >= 16384"),
            global(
                    "transform",
                    "pg_transform",
                    "'for ' || format_type(x.trftype, null) || ' language '"
                            + " || (select quote_ident(l.lanname) from pg_language l where l.oid = x.trflang)",
                    ""));

    private final CatalogQuery query;

    Unmodelled(CatalogQuery query) {
        this.query = query;
    }

    /** The names, as {@code kind name}. */
    List<String> names() throws SQLException {
        return query.list(String.join(" union all ", PARTS), row -> row.getString(1));
    }

    /** The join and where clauses of objects on a relation {@code c} in scope, not excluded, with {@code where}. */
    private static String relation(String where) {
        return " join pg_namespace n on n.oid = c.relnamespace where " + where + " and " + inScope("n") + " and "
                + kept("c") + " and " + notInExtension("c.oid", "pg_class");
    }

    /** The join and where clauses of an object {@code oid} of {@code catalog} in the namespace {@code namespace}. */
    private static String inSchema(String namespace, String oid, String catalog) {
        return " join pg_namespace n on n.oid = " + namespace + " where " + inScope("n") + " and "
                + notInExtension(oid, catalog);
    }

    /** The names of the objects of {@code catalog} in a schema, called {@code word} and their quoted name. */
    private static String named(String word, String catalog, String name, String namespace) {
        return "select '" + word + " ' || " + qualified("n", "x." + name) + " from " + catalog + " x"
                + inSchema("x." + namespace, "x.oid", catalog);
    }

    /** The names of the objects of {@code catalog}, which have no schema, that are not an extension's. */
    private static String global(String word, String catalog, String name, String where) {
        return "select '" + word + " ' || " + name + " from " + catalog + " x where " + notInExtension("x.oid", catalog)
                + where;
    }
}
