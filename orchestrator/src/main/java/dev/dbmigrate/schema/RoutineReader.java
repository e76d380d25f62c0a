package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.grants;
import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Reads functions, procedures and triggers: one query each. */
final class RoutineReader {
    private static final Map<String, String> ENABLED = Map.of("D", "disabled", "R", "replica", "A", "always");

    /**
     * The identity arguments, without the {@code IN} that PostgreSQL 14 and later print before a procedure's input
     * arguments (so a procedure has the same name on every version).
     */
    private static final String IDENTITY = "case when p.prokind = 'p' then regexp_replace("
            + "pg_get_function_identity_arguments(p.oid), '(^|, )IN ', '\\1', 'g')"
            + " else pg_get_function_identity_arguments(p.oid) end";

    private final CatalogQuery query;

    RoutineReader(CatalogQuery query) {
        this.query = query;
    }

    /**
     * Functions and procedures, leaving out those PostgreSQL made for another object (a range type's constructors):
     * aggregates and window functions are unmodelled.
     */
    List<SchemaObject> functions() throws SQLException {
        String sql = "select " + qualified("n", "p.proname") + " || '(' || " + IDENTITY
                + " || ')', p.prokind, pg_get_functiondef(p.oid), obj_description(p.oid, 'pg_proc'), "
                + grants("p.proacl", "p.proowner", "f")
                + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.prokind in ('f', 'p')"
                + " and " + inScope("n") + " and " + notInExtension("p.oid", "pg_proc")
                + " and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass"
                + " and d.objid = p.oid and d.deptype = 'i')";
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.FUNCTION, row.getString(1))
                        .with("kind", "p".equals(row.getString(2)) ? "procedure" : "function")
                        .with("definition", row.getString(3))
                        .with("comment", row.getString(4))
                        .with("grants", CatalogQuery.sorted(row, 5)));
    }

    /**
     * Triggers of tables and views, leaving out internal ones and those cloned onto partitions (PostgreSQL 12 marks
     * clones internal; 13 and later point them at their parent through {@code tgparentid}).
     */
    List<SchemaObject> triggers() throws SQLException {
        String notCloned = query.atLeast(13) ? " and g.tgparentid = 0" : "";
        String sql = "select " + qualified("n", "t.relname") + " || '.' || quote_ident(g.tgname),"
                + " pg_get_triggerdef(g.oid, true), g.tgenabled, obj_description(g.oid, 'pg_trigger')"
                + " from pg_trigger g join pg_class t on t.oid = g.tgrelid"
                + " join pg_namespace n on n.oid = t.relnamespace where not g.tgisinternal" + notCloned + " and "
                + inScope("n") + " and " + kept("t") + " and " + notInExtension("t.oid", "pg_class");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.TRIGGER, row.getString(1))
                        .with("definition", row.getString(2))
                        .with("enabled", ENABLED.get(row.getString(3)))
                        .with("comment", row.getString(4)));
    }
}
