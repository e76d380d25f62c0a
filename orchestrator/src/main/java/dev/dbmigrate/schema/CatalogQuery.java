package dev.dbmigrate.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalog queries of one read: each runs once for its kind (never once per object), with the scope's schemas and
 * excluded tables bound as the common table expression {@code scope}, and the SQL fragments they share.
 */
final class CatalogQuery {
    /** Maps one result row to a value. */
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static final String SCOPE = "with scope as (select ?::text[] as schemas, ?::text[] as excluded) ";

    private final Connection connection;
    private final SnapshotScope scope;
    private final int version;

    CatalogQuery(Connection connection, SnapshotScope scope, int version) {
        this.connection = connection;
        this.scope = scope;
        this.version = version;
    }

    /** Whether the server is of this major version or later ({@code server_version_num} read once). */
    boolean atLeast(int major) {
        return version >= major * 10000;
    }

    /** The rows of {@code sql} (which may use the fragments below), each mapped by {@code row}. */
    <T> List<T> list(String sql, Row<T> row) throws SQLException {
        List<T> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SCOPE + sql)) {
            statement.setArray(
                    1, connection.createArrayOf("text", scope.schemas().toArray()));
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "text", scope.excludedTables().stream().sorted().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(row.map(rows));
                }
            }
        }
        return values;
    }

    /** The condition that the namespace {@code n} is in scope (no schemas given: all but PostgreSQL's own). */
    static String inScope(String n) {
        return "(cardinality((select schemas from scope)) = 0 and " + n + ".nspname not like 'pg\\_%' escape '\\'"
                + " and " + n + ".nspname <> 'information_schema' or " + n
                + ".nspname = any((select schemas from scope)::text[]))";
    }

    /** The condition that the relation {@code c} is not one of the scope's excluded tables. */
    static String kept(String c) {
        return "not " + c + ".relname = any((select excluded from scope)::text[])";
    }

    /** The condition that the object {@code oidColumn} of catalog {@code catalog} is not an extension's member. */
    static String notInExtension(String oidColumn, String catalog) {
        return "not exists (select 1 from pg_depend e where e.classid = '" + catalog + "'::regclass and e.objid = "
                + oidColumn + " and e.deptype = 'e')";
    }

    /** The quoted, schema-qualified name of {@code name} in the namespace {@code n}: {@code app."Order"}. */
    static String qualified(String n, String name) {
        return "quote_ident(" + n + ".nspname) || '.' || quote_ident(" + name + ")";
    }

    /** The name of the collation {@code oid}, qualified unless it is PostgreSQL's own: {@code "C"}, {@code app.c}. */
    static String collation(String oid) {
        return "(select case when cn.nspname = 'pg_catalog' then '' else quote_ident(cn.nspname) || '.' end"
                + " || quote_ident(co.collname) from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace"
                + " where co.oid = " + oid + ")";
    }

    /**
     * The grants of an object as a text array of {@code grantee: PRIV, PRIV} (owner's own entry left out), from its
     * ACL or, when that is null, the default ACL of objects of its kind ({@code aclKind}: {@code r}, {@code s},
     * {@code f}, {@code n}), so that a revoked default (EXECUTE from PUBLIC) shows.
     */
    static String grants(String acl, String owner, String aclKind) {
        return "(select array_agg(g.entry) from (select case when d.grantee = 0 then 'PUBLIC'"
                + " else quote_ident(pg_get_userbyid(d.grantee)) end || ': ' || string_agg(d.p, ', ' order by d.p)"
                + " as entry from (select distinct a.grantee, a.privilege_type || case when a.is_grantable"
                + " then ' WITH GRANT OPTION' else '' end as p"
                + " from aclexplode(coalesce(" + acl + ", acldefault('" + aclKind + "', " + owner + "))) a"
                + " where a.grantee <> " + owner + ") d group by d.grantee) g)";
    }

    /** A text array column as a list (empty when null), in the order PostgreSQL returned it. */
    static List<String> strings(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    /** A text array column as a sorted list (empty when null). */
    static List<String> sorted(ResultSet row, int column) throws SQLException {
        return strings(row, column).stream().sorted().toList();
    }
}
