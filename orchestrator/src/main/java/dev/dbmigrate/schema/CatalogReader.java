package dev.dbmigrate.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link Snapshot} from PostgreSQL's catalogs (12 to 18), in one read-only transaction so every query sees the
 * same schema. Objects that belong to an extension are left out (the extension is the object).
 */
public final class CatalogReader {
    /** The schemas in scope: {@code ?} is bound to the scope's schema names (empty array: all but PostgreSQL's). */
    static final String IN_SCOPE = "(cardinality(?::text[]) = 0 and n.nspname not like 'pg\\_%' escape '\\'"
            + " and n.nspname <> 'information_schema' or n.nspname = any(?::text[]))";

    private final Connection connection;
    private final SnapshotScope scope;

    private CatalogReader(Connection connection, SnapshotScope scope) {
        this.connection = connection;
        this.scope = scope;
    }

    /** The snapshot of the schemas in {@code scope}, read through {@code connection} (left as it was found). */
    public static Snapshot read(Connection connection, SnapshotScope scope) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
            CatalogReader reader = new CatalogReader(connection, scope);
            List<SchemaObject> objects = new ArrayList<>();
            objects.addAll(reader.schemas());
            objects.addAll(reader.tables());
            objects.addAll(reader.columns());
            String server = reader.server();
            connection.rollback();
            return new Snapshot(server, objects, List.of());
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
            connection.setReadOnly(readOnly);
        }
    }

    private String server() throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select 'PostgreSQL ' || current_setting('server_version')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private List<SchemaObject> schemas() throws SQLException {
        String sql = "select quote_ident(n.nspname), obj_description(n.oid, 'pg_namespace') from pg_namespace n"
                + " where " + IN_SCOPE + " and not exists (select 1 from pg_depend d where d.classid ="
                + " 'pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')";
        List<SchemaObject> objects = new ArrayList<>();
        try (PreparedStatement statement = scoped(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                objects.add(
                        SchemaObject.of(ObjectKind.SCHEMA, rows.getString(1)).with("comment", rows.getString(2)));
            }
        }
        return objects;
    }

    private List<SchemaObject> tables() throws SQLException {
        String sql = "select quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relname,"
                + " obj_description(c.oid, 'pg_class'), c.relpersistence = 'u'"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where c.relkind in ('r', 'p') and " + IN_SCOPE + " and " + notInExtension("c.oid", "pg_class");
        List<SchemaObject> objects = new ArrayList<>();
        try (PreparedStatement statement = scoped(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (!scope.excludes(rows.getString(2))) {
                    objects.add(SchemaObject.of(ObjectKind.TABLE, rows.getString(1))
                            .with("comment", rows.getString(3))
                            .with("unlogged", rows.getBoolean(4)));
                }
            }
        }
        return objects;
    }

    private List<SchemaObject> columns() throws SQLException {
        String sql = "select quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname),"
                + " c.relname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)"
                + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                + " join pg_namespace n on n.oid = c.relnamespace"
                + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and " + IN_SCOPE
                + " and " + notInExtension("c.oid", "pg_class");
        List<SchemaObject> objects = new ArrayList<>();
        try (PreparedStatement statement = scoped(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (!scope.excludes(rows.getString(2))) {
                    objects.add(SchemaObject.of(ObjectKind.COLUMN, rows.getString(1))
                            .with("type", rows.getString(3))
                            .with("notNull", rows.getBoolean(4))
                            .with("default", rows.getString(5))
                            .with("comment", rows.getString(6)));
                }
            }
        }
        return objects;
    }

    /** A condition that the object {@code oidColumn} of catalog {@code catalog} is not an extension's member. */
    static String notInExtension(String oidColumn, String catalog) {
        return "not exists (select 1 from pg_depend e where e.classid = '" + catalog + "'::regclass and e.objid = "
                + oidColumn + " and e.deptype = 'e')";
    }

    private PreparedStatement scoped(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        Array schemas = connection.createArrayOf("text", scope.schemas().toArray());
        statement.setArray(1, schemas);
        statement.setArray(2, schemas);
        return statement;
    }
}
