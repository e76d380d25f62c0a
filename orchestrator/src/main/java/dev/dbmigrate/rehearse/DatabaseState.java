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
import java.util.Set;
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
        return read(scratch, name, scope, Map.of());
    }

    /**
     * Reads the state, each table's fingerprint leaving out the columns {@code without} names for it (by qualified
     * table name, each column as the snapshot names its last part): the columns a change drops on purpose.
     */
    static DatabaseState read(ScratchServer scratch, String name, SnapshotScope scope, Map<String, Set<String>> without)
            throws SQLException {
        try (Connection c = scratch.connect(name)) {
            Snapshot snapshot = CatalogReader.read(c, scope);
            List<String> names = snapshot.of(ObjectKind.TABLE).stream()
                    .map(SchemaObject::name)
                    .toList();
            Map<String, Fingerprint> tables = new TreeMap<>();
            // a few statements however many tables: one round trip per table made a rehearsal quadratic in them
            for (int from = 0; from < names.size(); from += BATCH) {
                fingerprints(c, names.subList(from, Math.min(names.size(), from + BATCH)), without, tables);
            }
            return new DatabaseState(snapshot, tables);
        }
    }

    /** How many tables one statement fingerprints. */
    private static final int BATCH = 200;

    private static void fingerprints(
            Connection c, List<String> names, Map<String, Set<String>> without, Map<String, Fingerprint> into)
            throws SQLException {
        // the names are the catalog's, each part quoted as quote_ident quotes it
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "" : " union all ")
                    .append("select ")
                    .append(i)
                    .append(", count(*), coalesce(md5(string_agg(r, E'\\n' order by r)), '') from (select")
                    .append(" (to_jsonb(t)")
                    .append(withoutKeys(without.getOrDefault(names.get(i), Set.of())))
                    .append(")::text as r from ")
                    .append(names.get(i))
                    .append(" t) rows");
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                into.put(names.get(rs.getInt(1)), new Fingerprint(rs.getLong(2), rs.getString(3)));
            }
        }
    }

    /** {@code - 'a' - 'b'}: the JSON keys of the columns left out, as the catalog's quoted names hold them. */
    private static String withoutKeys(Set<String> columns) {
        StringBuilder keys = new StringBuilder();
        for (String column : columns) {
            String bare = column.startsWith("\"")
                    ? column.substring(1, column.length() - 1).replace("\"\"", "\"")
                    : column;
            keys.append(" - '").append(bare.replace("'", "''")).append("'");
        }
        return keys.toString();
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
