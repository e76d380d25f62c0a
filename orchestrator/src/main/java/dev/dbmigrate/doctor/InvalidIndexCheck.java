package dev.dbmigrate.doctor;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * No INVALID index in the managed schemas ({@code pg_index.indisvalid = false}): what a {@code CREATE INDEX
 * CONCURRENTLY} leaves behind when it fails or is interrupted. Such an index is kept up to date on every write but
 * never used, and a re-run of its migration fails on its name.
 */
final class InvalidIndexCheck implements DoctorCheck {
    static final String NAME = "invalid indexes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) throws SQLException {
        List<String> indexes = new ArrayList<>();
        List<String> found = new ArrayList<>();
        try (Connection c = context.connect();
                PreparedStatement s = c.prepareStatement("select format('%I.%I', n.nspname, ic.relname),"
                        + " format('%I.%I', tn.nspname, t.relname)"
                        + " from pg_index i join pg_class ic on ic.oid = i.indexrelid"
                        + " join pg_namespace n on n.oid = ic.relnamespace"
                        + " join pg_class t on t.oid = i.indrelid join pg_namespace tn on tn.oid = t.relnamespace"
                        + " where not i.indisvalid and n.nspname = any(?) order by 1")) {
            Array schemas = c.createArrayOf("text", context.settings().schemas().toArray());
            s.setArray(1, schemas);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                    found.add(rs.getString(1) + " on " + rs.getString(2));
                }
            }
        }
        String where = String.join(", ", context.settings().schemas());
        if (found.isEmpty()) {
            return CheckOutcome.pass(NAME, "none in " + where);
        }
        List<String> drops =
                indexes.stream().map(i -> "DROP INDEX CONCURRENTLY " + i + ";").toList();
        return CheckOutcome.fail(
                NAME,
                "INVALID (left by a failed or interrupted CREATE INDEX CONCURRENTLY, never used by queries): "
                        + String.join(", ", found),
                String.join(" ", drops) + " then re-run the migration that creates "
                        + (indexes.size() == 1 ? "it" : "them"));
    }
}
