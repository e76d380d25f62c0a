package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The creations of a plan: the objects of the desired schema the current one lacks, and those created again after
 * being dropped, in dependency order, each with the drop that undoes it. What meets the rows of a table that already
 * exists is written the way the seed's rules ask: an index is built {@code CONCURRENTLY} in a migration of its own; a
 * foreign key or check is added {@code NOT VALID} and validated in a later migration.
 */
final class Creations {
    /**
     * Functions are created before the tables their bodies use (a default or a check may call them), as pg_dump does:
     * their bodies are checked when they run, not when they are created; for this transaction only.
     */
    static final String UNCHECKED_BODIES = "SET LOCAL check_function_bodies = false";

    private final Map<String, SchemaObject> created = new HashMap<>();
    private final ChangeContext context;

    private Creations(List<SchemaObject> objects, ChangeContext context) {
        objects.forEach(object -> created.put(Drops.key(object), object));
        this.context = context;
    }

    /** The changes that create {@code objects} (of the desired schema). */
    static List<Change> of(List<SchemaObject> objects, ChangeContext context) {
        return new Creations(objects, context).changes();
    }

    private List<Change> changes() {
        List<SnapshotSql.Step> steps =
                SnapshotSql.steps(Snapshot.of(context.desired().server(), created.values()), context.desired());
        Map<String, Integer> firstStep = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            firstStep.putIfAbsent(Drops.key(steps.get(i).object()), i);
        }
        List<Change> changes = new ArrayList<>();
        if (created.values().stream().anyMatch(object -> object.kind() == ObjectKind.FUNCTION)) {
            changes.add(Change.of(Phase.MAIN, "", List.of(UNCHECKED_BODIES), List.of()));
        }
        for (int i = 0; i < steps.size(); i++) {
            SnapshotSql.Step step = steps.get(i);
            SchemaObject object = step.object();
            boolean creation = firstStep.get(Drops.key(object)) == i;
            if (!creation || owner(object).isPresent()) {
                changes.add(Change.of(Phase.MAIN, creation ? summary(object) : "", step.statements(), List.of()));
            } else if (object.kind() == ObjectKind.INDEX && onExistingTable(object.text("table"))) {
                changes.addAll(concurrentIndex(object, step.statements()));
            } else if (object.kind() == ObjectKind.CONSTRAINT && checkedLater(object)) {
                changes.addAll(notValidFirst(object, step.statements()));
            } else {
                changes.add(AddedColumns.warned(
                        Change.of(Phase.MAIN, summary(object), step.statements(), List.of(SnapshotSql.drop(object))),
                        object,
                        context));
            }
        }
        return changes;
    }

    private static String summary(SchemaObject object) {
        return (object.kind() == ObjectKind.COLUMN ? "add " : "create ") + object.label();
    }

    /**
     * The created object whose creation makes {@code object} part of it, so that dropping that object undoes it too:
     * the new table of a column, constraint (but a foreign key), trigger, policy or index, the new column (or table)
     * owning a sequence.
     */
    private Optional<SchemaObject> owner(SchemaObject object) {
        if (object.kind() == ObjectKind.CONSTRAINT && "foreign key".equals(object.text("type"))) {
            return Optional.empty(); // the undo drops it first: the table it references may go before its own
        }
        return Owners.of(object, created);
    }

    /** Whether {@code table} has rows already: a table (not partitioned) or materialized view of the current schema. */
    private boolean onExistingTable(String table) {
        Optional<SchemaObject> existing = context.inCurrent(ObjectKind.TABLE, table)
                .or(() -> context.inCurrent(ObjectKind.MATERIALIZED_VIEW, table));
        return existing.isPresent()
                && existing.get().text("partitionBy") == null
                && !created.containsKey(Drops.key(existing.get()));
    }

    /** {@code CREATE INDEX CONCURRENTLY} alone in its migration; its comment follows in the last one. */
    private List<Change> concurrentIndex(SchemaObject index, List<String> statements) {
        String create = statements.get(0).replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
        String drop = "DROP INDEX CONCURRENTLY " + index.name();
        List<Change> changes = new ArrayList<>();
        changes.add(
                Change.of(Phase.INDEX, "create " + index.label() + " concurrently", List.of(create), List.of(drop)));
        if (statements.size() > 1) {
            changes.add(Change.of(
                    Phase.FINISH,
                    "comment on " + index.label(),
                    statements.subList(1, statements.size()),
                    List.of("COMMENT ON INDEX " + index.name() + " IS NULL")));
        }
        return changes;
    }

    /** Whether a constraint is a foreign key or check on a table with rows, not already {@code NOT VALID}. */
    private boolean checkedLater(SchemaObject constraint) {
        String type = constraint.text("type");
        String definition = constraint.text("definition");
        return ("foreign key".equals(type) || "check".equals(type))
                && !definition.endsWith("NOT VALID")
                && onExistingTable(SqlNames.owner(constraint.name()));
    }

    /** Adds the constraint {@code NOT VALID} now and validates it in a later migration. */
    private List<Change> notValidFirst(SchemaObject constraint, List<String> statements) {
        List<String> add = new ArrayList<>(statements);
        add.set(0, statements.get(0) + " NOT VALID");
        String table = SqlNames.owner(constraint.name());
        String name = SqlNames.last(constraint.name());
        String drop = SnapshotSql.drop(constraint);
        List<String> backToNotValid = new ArrayList<>(List.of(drop));
        backToNotValid.addAll(add);
        return List.of(
                Change.of(Phase.MAIN, "add " + constraint.label() + " NOT VALID", add, List.of(drop)),
                Change.of(
                        Phase.VALIDATE,
                        "validate " + constraint.label(),
                        List.of("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name),
                        backToNotValid));
    }
}
