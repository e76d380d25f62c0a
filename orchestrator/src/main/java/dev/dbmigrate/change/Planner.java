package dev.dbmigrate.change;

import dev.dbmigrate.schema.Difference;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans the changes that turn the current schema into the desired one, each with its undo: the drops of what the
 * desired schema lacks (dependents first), the alterations of what both have ({@link Alterations}, by kind; an
 * object that cannot be altered in place is dropped and created again, with what depends on it), then the creations
 * of what the current schema lacks (dependencies first). Pure: it reads two snapshots and writes statements; the
 * proof that they do what they say is the caller's.
 */
public final class Planner {
    private static final Set<String> ACCESS = Set.of("comment", "grants");

    private Planner() {}

    /** The plan from {@code current} to {@code desired}. */
    public static Plan plan(Snapshot current, Snapshot desired, ChangeOptions options) {
        Renames.Applied renames = Renames.apply(current, desired, options.renames());
        RenamedSnapshot renamed = renames.snapshot();
        ChangeContext context = new ChangeContext(renamed.snapshot(), desired, options);
        renamed.rebuild().forEach(object -> context.rebuild(renamed.renamed(object)));
        List<SchemaObject> missing = new ArrayList<>();
        List<SchemaObject> extra = new ArrayList<>();
        Map<String, SchemaObject[]> changed = new LinkedHashMap<>();
        for (Difference difference : SchemaDiff.between(context.current(), desired)) {
            switch (difference.change()) {
                case MISSING ->
                    missing.add(context.inCurrent(difference.kind(), difference.name())
                            .orElseThrow());
                case EXTRA ->
                    extra.add(context.inDesired(difference.kind(), difference.name())
                            .orElseThrow());
                case CHANGED ->
                    changed.computeIfAbsent(difference.kind() + " " + difference.name(), key -> new SchemaObject[] {
                        context.inCurrent(difference.kind(), difference.name()).orElseThrow(),
                        context.inDesired(difference.kind(), difference.name()).orElseThrow()
                    });
            }
        }
        Map<String, List<Change>> alterations = new LinkedHashMap<>();
        for (Map.Entry<String, SchemaObject[]> pair : changed.entrySet()) {
            SchemaObject from = pair.getValue()[0];
            SchemaObject to = pair.getValue()[1];
            List<Change> changes = new ArrayList<>();
            if (!withoutAccess(from).equals(withoutAccess(to))) {
                Optional<List<Change>> altered = Alterations.of(from.kind()).alter(from, to, context);
                if (altered.isEmpty()) {
                    context.rebuild(from);
                    continue;
                }
                changes.addAll(altered.get());
            }
            changes.addAll(AccessChanges.between(from, to));
            alterations.put(pair.getKey(), changes);
        }
        LikelyRenames.note(missing, extra, context);
        return assemble(context, renames, missing, extra, alterations);
    }

    /**
     * The plan's changes: the drops (of the objects as they are before the renames, which come next), the renames,
     * the alterations, the drops of the sequences they free ({@link FreedSequences}), the creations.
     */
    private static Plan assemble(
            ChangeContext context,
            Renames.Applied renames,
            List<SchemaObject> missing,
            List<SchemaObject> extra,
            Map<String, List<Change>> alterations) {
        RenamedSnapshot renamed = renames.snapshot();
        List<SchemaObject> rebuilt = context.rebuilt();
        Set<String> rebuiltKeys = rebuilt.stream().map(Drops::key).collect(Collectors.toSet());
        List<SchemaObject> freed = FreedSequences.of(missing, context);
        List<SchemaObject> toDrop = new ArrayList<>(missing);
        toDrop.removeAll(freed);
        toDrop.addAll(rebuilt);
        List<SchemaObject> toCreate = new ArrayList<>(extra);
        rebuilt.forEach(
                object -> context.inDesired(object.kind(), object.name()).ifPresent(toCreate::add));
        Drops.Result drops = Drops.of(
                renamed.original(),
                toDrop.stream().map(renamed::original).toList(),
                rebuilt.stream().map(renamed::original).map(Drops::key).collect(Collectors.toSet()),
                context.options());
        List<Change> changes = new ArrayList<>(drops.changes());
        List<Change> held = new ArrayList<>(drops.held().stream()
                .map(change -> keepingRenamed(change, renamed))
                .toList());
        changes.addAll(renames.changes());
        alterations.forEach((key, list) -> {
            if (!rebuiltKeys.contains(key)) {
                for (Change change : list) {
                    if (change.destructive()
                            && (!context.options().allowDestructive()
                                    || change.forward().isEmpty())) {
                        held.add(change);
                    } else {
                        changes.add(change);
                    }
                }
            }
        });
        List<SchemaObject> late = new ArrayList<>(freed);
        late.removeAll(FreedSequences.droppedWithDefault(freed, context));
        changes.addAll(
                Drops.of(context.current(), late, Set.of(), context.options()).changes());
        changes.addAll(Creations.of(toCreate, context));
        return new Plan(changes, held, context.notes());
    }

    /**
     * A held-back drop, its object named as it is after the renames, which do run: what it keeps, and its statement,
     * which the reviewer may run after the migration.
     */
    private static Change keepingRenamed(Change change, RenamedSnapshot renamed) {
        SchemaObject dropped = change.keeps().get(0);
        boolean moved = !renamed.renamed(dropped).equals(dropped);
        return new Change(
                change.phase(),
                moved ? "drop " + renamed.renamed(dropped).label() : change.summary(),
                moved ? List.of(SnapshotSql.drop(renamed.renamed(dropped))) : change.forward(),
                change.undo(),
                change.warnings(),
                true,
                change.keeps().stream().map(renamed::renamed).toList());
    }

    private static SchemaObject withoutAccess(SchemaObject object) {
        SchemaObject bare = object;
        for (String property : ACCESS) {
            bare = bare.with(property, null);
        }
        return bare;
    }
}
