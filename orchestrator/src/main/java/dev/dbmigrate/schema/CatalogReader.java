package dev.dbmigrate.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link Snapshot} from PostgreSQL's catalogs (12 to 18), in one read-only transaction so every query sees the
 * same schema, with an empty {@code search_path} so every name in a type, default or definition is schema-qualified
 * (as pg_dump prints them) whatever the session's path, and the time zone, date and interval styles pg_dump uses, so
 * a constant (a partition bound on timestamptz) prints the same in every session. It runs a fixed number of queries, one per kind, whatever the
 * size of the schema. Objects that belong to an extension are left out (the extension is the object), and so are the
 * scope's excluded tables with everything that belongs to them. Objects of kinds it does not model are named in
 * {@link Snapshot#unmodelled()}.
 */
public final class CatalogReader {
    private CatalogReader() {}

    /** The snapshot of the schemas in {@code scope}, read through {@code connection} (left as it was found). */
    public static Snapshot read(Connection connection, SnapshotScope scope) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
            statement.execute("select pg_catalog.set_config('search_path', '', true),"
                    + " pg_catalog.set_config('TimeZone', 'UTC', true), pg_catalog.set_config('DateStyle', 'ISO', true),"
                    + " pg_catalog.set_config('IntervalStyle', 'postgres', true),"
                    + " pg_catalog.set_config('extra_float_digits', '3', true)");
            String server;
            int version;
            try (ResultSet rows = statement.executeQuery(
                    "select current_setting('server_version')," + " current_setting('server_version_num')::int")) {
                rows.next();
                server = "PostgreSQL " + rows.getString(1);
                version = rows.getInt(2);
            }
            CatalogQuery query = new CatalogQuery(connection, scope, version);
            Snapshot snapshot = new Snapshot(server, objects(query), new Unmodelled(query).names());
            connection.rollback();
            return snapshot;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
            connection.setReadOnly(readOnly);
        }
    }

    private static List<SchemaObject> objects(CatalogQuery query) throws SQLException {
        TypeReader types = new TypeReader(query);
        RelationReader relations = new RelationReader(query);
        ConstraintReader constraints = new ConstraintReader(query);
        RoutineReader routines = new RoutineReader(query);
        List<SchemaObject> objects = new ArrayList<>();
        objects.addAll(types.schemas());
        objects.addAll(types.extensions());
        objects.addAll(types.enums());
        objects.addAll(types.domains());
        objects.addAll(types.compositeTypes());
        objects.addAll(relations.sequences());
        objects.addAll(relations.tables());
        objects.addAll(relations.columns());
        objects.addAll(constraints.constraints());
        objects.addAll(constraints.indexes());
        objects.addAll(relations.views());
        objects.addAll(routines.functions());
        objects.addAll(routines.triggers());
        objects.addAll(new SecurityReader(query).policies());
        return objects;
    }
}
