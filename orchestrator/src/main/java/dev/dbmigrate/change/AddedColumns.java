package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.regex.Pattern;

/**
 * What a reviewer must know about a column added to a table that already has rows: NOT NULL without a default fails
 * there, and a volatile default (or an identity, or a stored generated column) rewrites the whole table under an
 * ACCESS EXCLUSIVE lock to fill it.
 */
final class AddedColumns {
    /** Calls of the built-in volatile functions a default is usually made of; any other function is not judged. */
    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(nextval|random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4"
                    + "|clock_timestamp|timeofday|txid_current|setseed)\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    private AddedColumns() {}

    /** {@code change} (the creation of {@code object}) with the warnings an added column calls for. */
    static Change warned(Change change, SchemaObject object, ChangeContext context) {
        if (object.kind() != ObjectKind.COLUMN || !context.existingTable(SqlNames.owner(object.name()))) {
            return change;
        }
        String label = object.label();
        String fill = fill(object);
        if (object.flag("notNull") && fill == null) {
            change = change.warn("adds " + label + " NOT NULL without a default: this fails on a table with rows;"
                    + " give it a default, or add it nullable, fill it, then set NOT NULL in a later migration");
        }
        if (fill != null && !fill.equals(object.text("default"))
                || fill != null && VOLATILE.matcher(fill).find()) {
            change = change.warn("adds " + label + " filled by " + fill + ", which PostgreSQL computes row by row:"
                    + " it rewrites the whole table under an ACCESS EXCLUSIVE lock; on a large table add the column"
                    + " without it, fill the rows in batches, then set the default");
        }
        return change;
    }

    /** What fills the column's existing rows: its default, identity or stored generated expression; or null. */
    private static String fill(SchemaObject column) {
        if (column.text("identity") != null) {
            return "an identity (nextval)";
        }
        if (column.text("generated") != null) {
            return column.flag("virtual") ? null : "the generated expression " + column.text("generated");
        }
        return column.text("default");
    }
}
