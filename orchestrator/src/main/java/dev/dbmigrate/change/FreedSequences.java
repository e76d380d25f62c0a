package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import java.util.List;

/**
 * The sequences the desired schema lacks that a column which stays still takes its default from (a {@code serial}
 * column becoming an identity): dropped after the alterations, which change that default first; PostgreSQL refuses to
 * drop a sequence a default uses.
 */
final class FreedSequences {
    private FreedSequences() {}

    /** The sequences among {@code missing} that a staying column's current default calls {@code nextval} on. */
    static List<SchemaObject> of(List<SchemaObject> missing, ChangeContext context) {
        List<SchemaObject> defaults = context.current().of(ObjectKind.COLUMN).stream()
                .filter(column -> column.text("default") != null && !missing.contains(column))
                .toList();
        return missing.stream()
                .filter(object -> object.kind() == ObjectKind.SEQUENCE)
                .filter(sequence -> defaults.stream().anyMatch(column -> uses(column.text("default"), sequence)))
                .toList();
    }

    private static boolean uses(String expression, SchemaObject sequence) {
        String name = sequence.name();
        String shown = name.startsWith("public.") ? name.substring("public.".length()) : name;
        return expression.contains("'" + name + "'::regclass") || expression.contains("'" + shown + "'::regclass");
    }
}
