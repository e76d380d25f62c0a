package dev.dbmigrate.rehearse;

import dev.dbmigrate.rehearse.RehearsedMigration.DataChange;
import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A database's state as a rehearsal compares it: the schema ({@link Snapshot}) and a fingerprint of every table's
 * rows. A fingerprint is the row count and the MD5 of the rows as JSON objects ({@code to_jsonb}: keyed by column
 * name, so a column an undo re-adds at the end of the table compares by its values, not its position), sorted.
 *
 * @param snapshot the schema, in the rehearsal's scope
 * @param tables   each table's fingerprint, by qualified name
 */
record DatabaseState(Snapshot snapshot, Map<String, Fingerprint> tables) {
    /** One table's rows: how many, and the MD5 of all of them. */
    record Fingerprint(long rows, String md5) {}

    /** Reads the schema and every table's fingerprint of database {@code name} on the scratch server. */
    static DatabaseState read(ScratchServer scratch, String name, SnapshotScope scope) throws SQLException {
        try (Connection c = scratch.connect(name)) {
            Snapshot snapshot = CatalogReader.read(c, scope);
            Map<String, Fingerprint> tables = new TreeMap<>();
            for (SchemaObject table : snapshot.of(ObjectKind.TABLE)) {
                tables.put(table.name(), fingerprint(c, table.name()));
            }
            return new DatabaseState(snapshot, tables);
        }
    }

    private static Fingerprint fingerprint(Connection c, String table) throws SQLException {
        // the name is the catalog's, each part quoted as quote_ident quotes it
        String sql =
                "select count(*), coalesce(md5(string_agg(r, E'\\n' order by r)), '') from (select to_jsonb(t)::text"
                        + " as r from " + table + " t) rows";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new Fingerprint(rs.getLong(1), rs.getString(2));
        }
    }

    /**
     * The tables of this state whose rows differ in {@code later}; a table {@code later} lacks is left out (its
     * absence is a difference of the schema).
     */
    List<DataChange> changedIn(DatabaseState later) {
        List<DataChange> changes = new ArrayList<>();
        tables.forEach((table, before) -> {
            Fingerprint after = later.tables.get(table);
            if (after != null && !after.equals(before)) {
                changes.add(new DataChange(table, before.rows(), after.rows()));
            }
        });
        return changes;
    }
}
