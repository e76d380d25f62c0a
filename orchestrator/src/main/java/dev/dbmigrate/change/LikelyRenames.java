package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.List;
import java.util.Objects;

/**
 * Flags a likely rename for review, never guessing one: in a table both schemas have, a column only the current
 * schema has and one only the desired schema has, of the same type. As planned, the one is dropped (held back as
 * destructive) and the other added; the note says how to confirm a rename instead.
 */
final class LikelyRenames {
    private LikelyRenames() {}

    /** Adds a note to {@code context} for each such pair among {@code missing} and {@code extra}. */
    static void note(List<SchemaObject> missing, List<SchemaObject> extra, ChangeContext context) {
        for (SchemaObject gone : missing) {
            String table = SqlNames.owner(gone.name());
            if (gone.kind() != ObjectKind.COLUMN
                    || context.inDesired(ObjectKind.TABLE, table).isEmpty()) {
                continue;
            }
            for (SchemaObject added : extra) {
                if (added.kind() == ObjectKind.COLUMN
                        && SqlNames.owner(added.name()).equals(table)
                        && Objects.equals(gone.text("type"), added.text("type"))) {
                    context.note("likely rename: " + gone.label() + " is only in the current schema and "
                            + added.label() + " only in the desired one, both " + gone.text("type")
                            + "; as written, the migration drops the one (held back) and adds the other, empty;"
                            + " review it; if it is a rename, rerun with -Dmigrate.rename=" + gone.name() + ":"
                            + ChangeNames.unquoted(SqlNames.last(added.name())));
                }
            }
        }
    }
}
