package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Changes an enum's values. Values only added (the old ones keep their order) are added in place, each where the
 * desired order puts it ({@code ALTER TYPE ... ADD VALUE 'v' BEFORE|AFTER 'w'}), in the {@link Phase#ENUM_VALUES}
 * migration: a value added in a transaction cannot be used before it commits, so it comes before the migration that
 * may use it (PostgreSQL 12 and later run {@code ADD VALUE} inside a transaction block; 11 and earlier, which the tool
 * does not support, refuse it there). PostgreSQL cannot drop an enum value, so the undo, and a change that removes or
 * reorders values, recreates the type ({@link TypeRebuild}), with what names it or uses its columns dropped and
 * created again around it; removing values some column may hold is destructive.
 */
final class EnumAlteration implements Alteration {
    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        List<String> had = from.list("values");
        List<String> has = to.list("values");
        if (had.equals(has)) {
            return Optional.of(List.of());
        }
        if (has.containsAll(had) && has.stream().filter(had::contains).toList().equals(had)) {
            return Optional.of(List.of(addValues(from, to, context)));
        }
        return Optional.of(List.of(recreate(from, to, context)));
    }

    /** {@code ADD VALUE} of each new value, in the desired order; the undo recreates the type without them. */
    private static Change addValues(SchemaObject from, SchemaObject to, ChangeContext context) {
        List<String> had = from.list("values");
        List<String> has = to.list("values");
        List<String> forward = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < has.size(); i++) {
            String value = has.get(i);
            if (had.contains(value)) {
                continue;
            }
            String position = i > 0
                    ? " AFTER " + SqlNames.literal(has.get(i - 1))
                    : had.isEmpty() ? "" : " BEFORE " + SqlNames.literal(had.get(0));
            forward.add("ALTER TYPE " + to.name() + " ADD VALUE " + SqlNames.literal(value) + position);
            added.add(value);
        }
        Change change = Change.of(
                Phase.ENUM_VALUES,
                "add " + quoted(added) + " to " + to.label(),
                forward,
                selfContainedRebuild(from, context));
        change = change.warn("PostgreSQL cannot drop an enum value: the undo recreates " + to.label() + " without "
                + quoted(added) + " and converts its columns; rows holding those values make the undo fail, so"
                + " change them first");
        return withUnhandled(change, from.name(), context.current());
    }

    /**
     * The statements that recreate the type as {@code from} in the current schema (plus values added since): its
     * users dropped, the type rebuilt, its users created again, all in one list (the undo of a migration of its own).
     */
    private static List<String> selfContainedRebuild(SchemaObject from, ChangeContext context) {
        Snapshot schema = context.current();
        List<SchemaObject> columns = TypeRebuild.columnsUsing(from.name(), schema);
        ChangeContext around = new ChangeContext(schema, schema, context.options());
        TypeRebuild.users(from.name(), columns, schema).forEach(around::rebuild);
        TypeRebuild.tables(columns).forEach(around::rebuildColumnUsers);
        List<SchemaObject> users = around.rebuilt();
        List<String> statements = new ArrayList<>();
        Drops.Result drops =
                Drops.of(schema, users, users.stream().map(Drops::key).collect(Collectors.toSet()), context.options());
        drops.changes().forEach(change -> statements.addAll(change.forward()));
        statements.addAll(TypeRebuild.statements(from, columns, schema));
        SnapshotSql.steps(Snapshot.of(schema.server(), users), schema)
                .forEach(step -> statements.addAll(step.statements()));
        return statements;
    }

    /**
     * Recreates the type with the desired values, in the main migration, its users dropped and created again around
     * it; destructive when values some column may hold are removed.
     */
    private static Change recreate(SchemaObject from, SchemaObject to, ChangeContext context) {
        Snapshot current = context.current();
        boolean allowed = context.options().allowDestructive();
        List<SchemaObject> columns = TypeRebuild.columnsUsing(from.name(), current).stream()
                .filter(column -> !allowed
                        || context.inDesired(ObjectKind.COLUMN, column.name()).isPresent())
                .toList();
        List<SchemaObject> back = TypeRebuild.around(from.name(), to.name(), columns, context);
        List<String> removed = from.list("values").stream()
                .filter(value -> !to.list("values").contains(value))
                .toList();
        Change change = Change.of(
                Phase.MAIN,
                "recreate " + to.label() + " with the values " + quoted(to.list("values")),
                TypeRebuild.statements(to, columns, current),
                TypeRebuild.statements(from, back, context.desired()));
        change = change.warn(to.label() + " is recreated (ALTER TYPE cannot " + (removed.isEmpty() ? "reorder" : "drop")
                + " enum values): its columns are converted, rewriting "
                + (columns.isEmpty() ? "no table" : String.join(", ", TypeRebuild.tables(columns)))
                + " under an ACCESS EXCLUSIVE lock");
        if (!removed.isEmpty() && !columns.isEmpty()) {
            change = change.destructive(List.of(from))
                    .warn("removes " + quoted(removed) + " from " + to.label() + ", which rows of "
                            + String.join(", ", TypeRebuild.tables(columns)) + " may hold: \"never drop columns"
                            + " without data migration\" (the seed's rule); move those rows to other values first,"
                            + " or the conversion fails");
        }
        return withUnhandled(change, from.name(), current);
    }

    private static Change withUnhandled(Change change, String type, Snapshot schema) {
        Change warned = change;
        for (String line : TypeRebuild.unhandled(type, schema)) {
            warned = warned.warn(line + ": recreating the type does not convert it; change it by hand");
        }
        return warned;
    }

    private static String quoted(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").collect(Collectors.joining(", "));
    }
}
