package dev.dbmigrate.schema;

import static dev.dbmigrate.schema.CatalogQuery.inScope;
import static dev.dbmigrate.schema.CatalogQuery.kept;
import static dev.dbmigrate.schema.CatalogQuery.notInExtension;
import static dev.dbmigrate.schema.CatalogQuery.qualified;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Reads row-level security policies (one query). Grants are not objects: each reader adds them to the object they
 * belong to with {@link CatalogQuery#grants}.
 */
final class SecurityReader {
    private static final Map<String, String> COMMANDS =
            Map.of("*", "ALL", "r", "SELECT", "a", "INSERT", "w", "UPDATE", "d", "DELETE");

    private final CatalogQuery query;

    SecurityReader(CatalogQuery query) {
        this.query = query;
    }

    List<SchemaObject> policies() throws SQLException {
        String sql = "select " + qualified("n", "t.relname") + " || '.' || quote_ident(p.polname), p.polcmd,"
                + " p.polpermissive, (select array_agg(case when r = 0 then 'PUBLIC' else"
                + " quote_ident(pg_get_userbyid(r)) end) from unnest(p.polroles) r),"
                + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),"
                + " obj_description(p.oid, 'pg_policy')"
                + " from pg_policy p join pg_class t on t.oid = p.polrelid"
                + " join pg_namespace n on n.oid = t.relnamespace where " + inScope("n") + " and " + kept("t")
                + " and " + notInExtension("t.oid", "pg_class");
        return query.list(
                sql,
                row -> SchemaObject.of(ObjectKind.POLICY, row.getString(1))
                        .with("command", COMMANDS.get(row.getString(2)))
                        .with("permissive", row.getBoolean(3))
                        .with("roles", CatalogQuery.sorted(row, 4))
                        .with("using", row.getString(5))
                        .with("withCheck", row.getString(6))
                        .with("comment", row.getString(7)));
    }
}
