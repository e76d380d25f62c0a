package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link Alteration} sees: both schemas, the options, and the objects to drop and create again around the
 * changes (collected here; the planner writes their statements in dependency order).
 */
final class ChangeContext {
    /** What blocks a change of a table's column type: the objects whose definitions use its columns. */
    private static final Set<ObjectKind> COLUMN_USERS =
            Set.of(ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.POLICY, ObjectKind.FUNCTION);

    /** The kinds whose objects can be dropped and created again without losing data. */
    private static final Set<ObjectKind> REBUILDABLE = Set.of(
            ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW,
            ObjectKind.TRIGGER,
            ObjectKind.POLICY,
            ObjectKind.INDEX,
            ObjectKind.CONSTRAINT,
            ObjectKind.FUNCTION);

    private final Snapshot current;
    private final Snapshot desired;
    private final ChangeOptions options;
    /** Current objects to drop before the alterations, and create again (as desired has them) after. */
    private final Map<String, SchemaObject> rebuilt = new LinkedHashMap<>();

    private final Map<String, SchemaObject> currentByKey;
    private final Map<String, SchemaObject> desiredByKey;
    private final List<String> notes = new ArrayList<>();

    ChangeContext(Snapshot current, Snapshot desired, ChangeOptions options) {
        this.current = current;
        this.desired = desired;
        this.options = options;
        this.currentByKey = byKey(current);
        this.desiredByKey = byKey(desired);
    }

    private static Map<String, SchemaObject> byKey(Snapshot snapshot) {
        Map<String, SchemaObject> objects = new HashMap<>();
        snapshot.objects().forEach(object -> objects.put(key(object), object));
        return objects;
    }

    /** The current schema's object of this kind and name. */
    Optional<SchemaObject> inCurrent(ObjectKind kind, String name) {
        return Optional.ofNullable(currentByKey.get(kind + " " + name));
    }

    /** The desired schema's object of this kind and name. */
    Optional<SchemaObject> inDesired(ObjectKind kind, String name) {
        return Optional.ofNullable(desiredByKey.get(kind + " " + name));
    }

    /** Adds a note for the reviewer that belongs to no single change (a likely rename). */
    void note(String note) {
        notes.add(note);
    }

    /** The notes added so far. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    Snapshot current() {
        return current;
    }

    Snapshot desired() {
        return desired;
    }

    ChangeOptions options() {
        return options;
    }

    /** Whether a table of this name exists in the current schema (so what is added to it meets its rows). */
    boolean existingTable(String name) {
        return inCurrent(ObjectKind.TABLE, name).isPresent();
    }

    /**
     * Drops {@code object} (of the current schema) before the alterations and creates it again (as the desired schema
     * has it, if it has it) after them, with everything that depends on it.
     */
    void rebuild(SchemaObject object) {
        if (rebuilt.putIfAbsent(key(object), object) == null) {
            String name = object.kind() == ObjectKind.FUNCTION
                    ? String.join(".", SqlNames.parts(object.name()))
                    : object.name();
            rebuildUsers(name, REBUILDABLE);
        }
    }

    /**
     * Drops and creates again, around the alterations, every view, materialized view, policy and function with a
     * SQL-standard body whose definition names the table {@code table}, and what depends on them in turn: what must
     * not exist while a column of {@code table} changes its type.
     */
    void rebuildColumnUsers(String table) {
        rebuildUsers(table, COLUMN_USERS);
    }

    private void rebuildUsers(String name, Set<ObjectKind> kinds) {
        for (SchemaObject object : current.objects()) {
            if (kinds.contains(object.kind())
                    && !rebuilt.containsKey(key(object))
                    && !object.name().equals(name)
                    && SqlNames.mentions(definition(object), name)) {
                rebuild(object);
            }
        }
    }

    /** The objects {@link #rebuild} collected. */
    List<SchemaObject> rebuilt() {
        return new ArrayList<>(rebuilt.values());
    }

    /** Whether {@code object} (of the current schema) is dropped and created again. */
    boolean rebuilds(SchemaObject object) {
        return rebuilt.containsKey(key(object));
    }

    /** The text of an object that can name another: a definition, an index's table, columns and predicate. */
    private static String definition(SchemaObject object) {
        return switch (object.kind()) {
            case INDEX ->
                object.text("table") + " " + String.join(" ", object.list("columns")) + " " + object.text("predicate");
            case POLICY -> SqlNames.owner(object.name()) + " " + object.text("using") + " " + object.text("withCheck");
            case TRIGGER, CONSTRAINT -> SqlNames.owner(object.name()) + " " + object.text("definition");
            case FUNCTION -> sqlStandardBody(object);
            default -> object.text("definition");
        };
    }

    /**
     * A function's SQL-standard body ({@code BEGIN ATOMIC ... END} or {@code RETURN ...}), whose references PostgreSQL
     * tracks; a quoted body ({@code AS $$...$$}) is checked only when it runs, so it depends on nothing here.
     */
    private static String sqlStandardBody(SchemaObject function) {
        String definition = function.text("definition");
        return definition == null || definition.contains("\nAS ") ? null : definition;
    }

    private static String key(SchemaObject object) {
        return object.kind() + " " + object.name();
    }
}
