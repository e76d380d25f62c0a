package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The drops of a plan: the objects of the current schema the desired one lacks, and those dropped to be created again,
 * dropped in the reverse of the order they would be created in (what uses an object before it), each with the
 * statements that create it again as its undo. What a dropped table takes with it (its columns, constraints, indexes,
 * triggers, policies and the sequences its columns own) is not dropped again, but its undo re-creates it.
 */
final class Drops {
    private final Map<String, SchemaObject> dropped = new LinkedHashMap<>();
    private final Set<String> rebuilt;

    private Drops(List<SchemaObject> objects, Set<String> rebuilt) {
        objects.forEach(object -> dropped.put(key(object), object));
        this.rebuilt = rebuilt;
    }

    /** The drops' changes, in the order they run. */
    record Result(List<Change> changes, List<Change> held) {}

    /**
     * The drops of {@code objects} (of the schema {@code current}); {@code rebuilt} are the keys ({@code KIND name}) of
     * those that are created again, which lose no data.
     */
    static Result of(Snapshot current, List<SchemaObject> objects, Set<String> rebuilt, ChangeOptions options) {
        return new Drops(objects, rebuilt).changes(current, options);
    }

    private Result changes(Snapshot current, ChangeOptions options) {
        List<SnapshotSql.Step> steps = SnapshotSql.steps(Snapshot.of(current.server(), dropped.values()), current);
        Map<String, Integer> firstStep = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            firstStep.putIfAbsent(key(steps.get(i).object()), i);
        }
        Map<String, List<SchemaObject>> coveredBy = new HashMap<>();
        dropped.values()
                .forEach(object -> coverer(object)
                        .ifPresent(by -> coveredBy
                                .computeIfAbsent(key(by), k -> new ArrayList<>())
                                .add(object)));
        List<Change> changes = new ArrayList<>();
        List<Change> held = new ArrayList<>();
        Set<String> heldKeys = options.allowDestructive() ? Set.of() : kept();
        for (int i = steps.size() - 1; i >= 0; i--) {
            SnapshotSql.Step step = steps.get(i);
            SchemaObject object = step.object();
            if (coverer(object).map(by -> heldKeys.contains(key(by))).orElse(false)) {
                continue; // its table stays: so does it
            }
            boolean creation = firstStep.get(key(object)) == i;
            if (!creation || coverer(object).isPresent()) {
                changes.add(Change.of(Phase.MAIN, "", List.of(), step.statements()));
                continue;
            }
            Change change = Change.of(
                    Phase.MAIN, "drop " + object.label(), List.of(SnapshotSql.drop(object)), step.statements());
            if (heldKeys.contains(key(object)) && !destructive(object)) {
                held.add(change.destructive(List.of(object))
                        .warn(object.label() + " stays: a table or column held back uses it"));
                continue;
            }
            if (destructive(object)) {
                List<SchemaObject> keeps = new ArrayList<>(List.of(object));
                keeps.addAll(coveredBy.getOrDefault(key(object), List.of()));
                change = change.destructive(keeps)
                        .warn("drops " + object.label() + " and its data: \"never drop columns without data"
                                + " migration\" (the seed's rule); move or back up the data first");
                if (heldKeys.contains(key(object))) {
                    held.add(change);
                    continue;
                }
            }
            changes.add(change);
        }
        if (dropped.values().stream().anyMatch(object -> object.kind() == ObjectKind.FUNCTION)) {
            // the undo creates the functions again, before what their bodies use
            changes.add(Change.of(Phase.MAIN, "", List.of(), List.of(Creations.UNCHECKED_BODIES)));
        }
        return new Result(changes, held);
    }

    /**
     * The keys of the dropped objects that stay when destructive drops are held back: the tables and columns, and what
     * those (with their constraints, indexes and triggers) need: their schema, a type, sequence, parent table or
     * function they name.
     */
    private Set<String> kept() {
        Set<String> kept = new HashSet<>();
        dropped.values().stream()
                .filter(object -> destructive(object) && coverer(object).isEmpty())
                .forEach(object -> kept.add(key(object)));
        boolean grown = !kept.isEmpty();
        while (grown) {
            grown = false;
            for (SchemaObject needed : dropped.values()) {
                if (!kept.contains(key(needed))
                        && coverer(needed).isEmpty()
                        && dropped.values().stream().anyMatch(user -> stays(user, kept) && needs(user, needed))) {
                    kept.add(key(needed));
                    grown = true;
                }
            }
        }
        return kept;
    }

    private boolean stays(SchemaObject object, Set<String> kept) {
        return kept.contains(key(object))
                || coverer(object).map(by -> kept.contains(key(by))).orElse(false);
    }

    /** Whether {@code user} cannot exist without {@code needed}: it is in that schema, or its definition names it. */
    private static boolean needs(SchemaObject user, SchemaObject needed) {
        if (user == needed) {
            return false;
        }
        if (needed.kind() == ObjectKind.SCHEMA) {
            return SqlNames.parts(user.name()).get(0).equals(needed.name());
        }
        String text = switch (user.kind()) {
            case COLUMN -> user.text("type") + " " + user.text("default");
            case TABLE -> user.text("partitionOf") + " " + String.join(" ", user.list("inherits"));
            case CONSTRAINT, TRIGGER -> user.text("definition");
            case INDEX -> String.join(" ", user.list("columns")) + " " + user.text("predicate");
            default -> null;
        };
        String name =
                needed.kind() == ObjectKind.FUNCTION ? String.join(".", SqlNames.parts(needed.name())) : needed.name();
        return SqlNames.mentions(text, name);
    }

    /** Whether dropping the object loses data: a table, or a column of a table that stays. */
    private boolean destructive(SchemaObject object) {
        return !rebuilt.contains(key(object))
                && (object.kind() == ObjectKind.TABLE || object.kind() == ObjectKind.COLUMN);
    }

    /**
     * The dropped object whose drop takes {@code object} with it: the table of a column, constraint, trigger, policy
     * or index (a materialized view's, for an index), the column (or its table) that owns a sequence.
     */
    private Optional<SchemaObject> coverer(SchemaObject object) {
        return Owners.of(object, dropped);
    }

    static String key(SchemaObject object) {
        return object.kind() + " " + object.name();
    }
}
