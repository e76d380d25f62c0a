package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Changes a constraint's definition: dropped and added again. A foreign key or check is left to the planner's
 * re-creation, which adds it {@code NOT VALID} and validates it in a migration of its own ({@link Creations}). A
 * primary key or unique constraint no foreign key references gets its new index built concurrently first
 * ({@link KeyConstraintChanges}). Otherwise (an exclusion constraint, a key that foreign keys reference, a partitioned
 * table) it is dropped and added in one change (the foreign keys that reference its columns dropped before and added
 * again after), with a warning: adding it builds its index under an ACCESS EXCLUSIVE lock.
 */
final class ConstraintAlteration implements Alteration {
    private static final Set<String> INDEXED = Set.of("primary key", "unique", "exclusion");

    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        if (!INDEXED.contains(from.text("type"))) {
            return Optional.empty();
        }
        String table = SqlNames.owner(from.name());
        String keys = columnsOf(from.text("definition"));
        List<SchemaObject> referencing = context.current().of(ObjectKind.CONSTRAINT).stream()
                .filter(constraint ->
                        "foreign key".equals(constraint.text("type")) && references(constraint, table, keys))
                .toList();
        if (referencing.isEmpty()) {
            Optional<List<Change>> concurrently = KeyConstraintChanges.of(from, to, context);
            if (concurrently.isPresent()) {
                return concurrently;
            }
        }
        referencing.forEach(context::rebuild);
        List<String> forward = new ArrayList<>(List.of(SnapshotSql.drop(from)));
        forward.addAll(SnapshotSql.create(to, context.desired()));
        List<String> undo = new ArrayList<>(List.of(SnapshotSql.drop(to)));
        undo.addAll(SnapshotSql.create(from, context.current()));
        Change change = Change.of(Phase.MAIN, "change " + to.label() + " to " + to.text("definition"), forward, undo);
        return Optional.of(List.of(change.warn("adding " + to.label() + " builds its index under an ACCESS EXCLUSIVE"
                + " lock on " + table + ", blocking reads and writes while it runs; on a large table, build a unique"
                + " index CONCURRENTLY first and add the constraint USING INDEX")));
    }

    /** Whether a foreign key references {@code table}, on {@code keys} when those are known. */
    private static boolean references(SchemaObject foreignKey, String table, String keys) {
        String definition = foreignKey.text("definition");
        int at = definition.indexOf("REFERENCES ");
        if (at < 0) {
            return false;
        }
        String target = definition.substring(at + "REFERENCES ".length());
        int paren = target.indexOf('(');
        String referenced = paren < 0 ? target : target.substring(0, paren);
        if (!SqlNames.mentions(referenced, table)) {
            return false;
        }
        return keys == null || paren < 0 || keys.equals(columnsOf(target));
    }

    /** The text inside the first parentheses: a key's columns; {@code null} when there are none. */
    private static String columnsOf(String definition) {
        int open = definition.indexOf('(');
        int close = definition.indexOf(')', open + 1);
        return open < 0 || close < 0
                ? null
                : definition.substring(open + 1, close).replace(" ", "");
    }
}
