package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The same column of a partition's or inheritance child's parents: when a parent's column changes a property the
 * same way, PostgreSQL passes the change down ({@code ALTER TABLE} recurses), and a partition refuses some of them
 * itself ({@code cannot alter inherited column}), so the child's own change is left out.
 */
final class ColumnParents {
    private final SchemaObject from;
    private final SchemaObject to;
    private final List<String> parents;
    private final ChangeContext context;

    ColumnParents(SchemaObject from, SchemaObject to, ChangeContext context) {
        this.from = from;
        this.to = to;
        this.context = context;
        Optional<SchemaObject> table = context.inCurrent(ObjectKind.TABLE, SqlNames.owner(from.name()));
        this.parents = table.map(ColumnParents::parentsOf).orElse(List.of());
    }

    private static List<String> parentsOf(SchemaObject table) {
        String parent = table.text("partitionOf");
        return parent != null ? List.of(parent) : table.list("inherits");
    }

    /** Whether a parent's column changes {@code property} from this column's old value to its new one. */
    boolean passDown(String property) {
        String column = SqlNames.last(from.name());
        for (String parent : parents) {
            Optional<SchemaObject> was = context.inCurrent(ObjectKind.COLUMN, parent + "." + column);
            Optional<SchemaObject> becomes = context.inDesired(ObjectKind.COLUMN, parent + "." + column);
            if (was.isPresent()
                    && becomes.isPresent()
                    && Objects.equals(was.get().get(property), from.get(property))
                    && Objects.equals(becomes.get().get(property), to.get(property))) {
                return true;
            }
        }
        return false;
    }
}
