package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import java.util.List;

/**
 * The sequences the desired schema lacks that a column which stays still takes its default from (a {@code serial}
 * column becoming an identity): PostgreSQL refuses to drop a sequence a default uses, so they are not dropped with the
 * other missing objects, first, but after the default changes: by the column's own change when the sequence belongs
 * to that column ({@link ColumnAlteration}, so that its undo gives the sequence back only once the column's identity
 * is gone), else after all the alterations.
 */
final class FreedSequences {
    private FreedSequences() {}

    /** The sequences among {@code missing} that a staying column's current default calls {@code nextval} on. */
    static List<SchemaObject> of(List<SchemaObject> missing, ChangeContext context) {
        List<SchemaObject> defaults = staying(missing, context);
        return missing.stream()
                .filter(object -> object.kind() == ObjectKind.SEQUENCE)
                .filter(sequence -> defaults.stream().anyMatch(column -> uses(column, sequence)))
                .toList();
    }

    /** Those of {@link #of} that the change of the column owning them drops. */
    static List<SchemaObject> droppedWithDefault(List<SchemaObject> freed, ChangeContext context) {
        return freed.stream()
                .filter(sequence -> sequence.text("ownedBy") != null
                        && context.inCurrent(ObjectKind.COLUMN, sequence.text("ownedBy"))
                                .filter(column -> uses(column, sequence))
                                .isPresent())
                .toList();
    }

    private static List<SchemaObject> staying(List<SchemaObject> missing, ChangeContext context) {
        return context.current().of(ObjectKind.COLUMN).stream()
                .filter(column -> column.text("default") != null && !missing.contains(column))
                .toList();
    }

    /** Whether the column's default calls {@code nextval} on the sequence (named as regclass prints it, or whole). */
    static boolean uses(SchemaObject column, SchemaObject sequence) {
        String expression = column.text("default");
        if (expression == null) {
            return false;
        }
        String name = sequence.name();
        String shown = name.startsWith("public.") ? name.substring("public.".length()) : name;
        return expression.contains("'" + name + "'::regclass") || expression.contains("'" + shown + "'::regclass");
    }
}
