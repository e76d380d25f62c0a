package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which object of a set another one belongs to, so that creating or dropping the owner creates or drops it too: the
 * table (or view, or materialized view) of a column, constraint, trigger, policy or index, and the column (its table,
 * when that is in the set too) that owns a sequence.
 */
final class Owners {
    private Owners() {}

    /** The owner of {@code object} among {@code objects} (by {@link Drops#key}), if it is there. */
    static Optional<SchemaObject> of(SchemaObject object, Map<String, SchemaObject> objects) {
        String owner = switch (object.kind()) {
            case COLUMN, CONSTRAINT, TRIGGER, POLICY -> SqlNames.owner(object.name());
            case INDEX -> object.text("table");
            case SEQUENCE -> object.text("ownedBy");
            default -> null;
        };
        if (owner == null) {
            return Optional.empty();
        }
        Optional<SchemaObject> relation = relation(owner, objects);
        if (relation.isPresent() || object.kind() != ObjectKind.SEQUENCE) {
            return relation;
        }
        SchemaObject column = objects.get(ObjectKind.COLUMN + " " + owner);
        Optional<SchemaObject> table = relation(SqlNames.owner(owner), objects);
        return column == null ? table : table.or(() -> Optional.of(column));
    }

    private static Optional<SchemaObject> relation(String name, Map<String, SchemaObject> objects) {
        for (ObjectKind kind : List.of(ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW)) {
            SchemaObject relation = objects.get(kind + " " + name);
            if (relation != null) {
                return Optional.of(relation);
            }
        }
        return Optional.empty();
    }
}
