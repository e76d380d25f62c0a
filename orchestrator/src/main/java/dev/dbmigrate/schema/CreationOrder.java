package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The order {@link SnapshotSql#createAll} creates a snapshot's objects in. Where objects of one kind depend on each
 * other, the order comes from the snapshot itself: tables after the tables they inherit from or partition; domains and
 * composite types after the types their definition names; views and materialized views after the relations their
 * definition names (names found in the text, so a name that only looks like a reference, in a string literal, adds an
 * order that is never wrong, only unneeded). Functions whose definition names no relation come before the tables (a
 * default or a check may call them); the others after the tables and their constraints.
 */
final class CreationOrder {
    /** What every new database already has: created by nothing, only commented and granted. */
    private static final Set<String> BUILT_IN = Set.of("schema public", "extension plpgsql");

    private final Snapshot snapshot;
    private final List<String> statements = new ArrayList<>();

    private CreationOrder(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    static List<String> statements(Snapshot snapshot) {
        return new CreationOrder(snapshot).all();
    }

    private List<String> all() {
        // as pg_dump does: a function's body is checked when it runs, not before the objects it uses exist
        statements.add("SET check_function_bodies = false");
        snapshot.of(ObjectKind.SCHEMA).forEach(this::createOrDecorate);
        snapshot.of(ObjectKind.EXTENSION).forEach(this::createOrDecorate);
        snapshot.of(ObjectKind.ENUM).forEach(this::create);
        List<SchemaObject> types = Stream.concat(
                        snapshot.of(ObjectKind.DOMAIN).stream(), snapshot.of(ObjectKind.COMPOSITE_TYPE).stream())
                .toList();
        topological(types, (type, other) -> SqlText.mentions(TypeSql.usedTypes(type), other.name()))
                .forEach(this::create);
        for (SchemaObject sequence : snapshot.of(ObjectKind.SEQUENCE)) {
            add(List.of(TableSql.sequence(sequence)), AccessSql.comment(sequence), AccessSql.grants(sequence));
        }
        List<SchemaObject> relations = relations();
        List<SchemaObject> functions = snapshot.of(ObjectKind.FUNCTION);
        functions.stream().filter(f -> !namesAny(f, relations)).forEach(this::create);
        tables().forEach(this::create);
        snapshot.of(ObjectKind.SEQUENCE)
                .forEach(sequence -> TableSql.ownedBy(sequence).ifPresent(statements::add));
        snapshot.of(ObjectKind.CONSTRAINT).stream()
                .filter(c -> !IndexSql.foreignKey(c) && !inherited(c))
                .forEach(this::create);
        functions.stream().filter(f -> namesAny(f, relations)).forEach(this::create);
        List<SchemaObject> views = Stream.concat(
                        snapshot.of(ObjectKind.VIEW).stream(), snapshot.of(ObjectKind.MATERIALIZED_VIEW).stream())
                .toList();
        topological(views, (view, other) -> SqlText.mentions(view.text("definition"), other.name()))
                .forEach(this::create);
        snapshot.of(ObjectKind.INDEX).forEach(this::create);
        snapshot.of(ObjectKind.CONSTRAINT).stream().filter(IndexSql::foreignKey).forEach(this::create);
        snapshot.of(ObjectKind.TRIGGER).forEach(this::create);
        snapshot.of(ObjectKind.POLICY).forEach(this::create);
        return statements;
    }

    private void create(SchemaObject object) {
        statements.addAll(SnapshotSql.create(object, snapshot));
    }

    private void createOrDecorate(SchemaObject object) {
        if (BUILT_IN.contains(object.kind().word() + " " + object.name())) {
            if (object.kind() == ObjectKind.SCHEMA) {
                // its privileges differ between versions (PUBLIC may CREATE in it before 15): the grants say which
                statements.add(AccessSql.revokeFromPublic(object));
            }
            add(AccessSql.comment(object), AccessSql.grants(object));
        } else {
            create(object);
        }
    }

    @SafeVarargs
    private void add(List<String>... lists) {
        for (List<String> list : lists) {
            statements.addAll(list);
        }
    }

    private List<SchemaObject> relations() {
        List<SchemaObject> relations = new ArrayList<>(snapshot.of(ObjectKind.TABLE));
        relations.addAll(snapshot.of(ObjectKind.VIEW));
        relations.addAll(snapshot.of(ObjectKind.MATERIALIZED_VIEW));
        return relations;
    }

    private static boolean namesAny(SchemaObject function, List<SchemaObject> relations) {
        String definition = function.text("definition");
        return relations.stream().anyMatch(relation -> SqlText.mentions(definition, relation.name()));
    }

    private List<SchemaObject> tables() {
        return topological(
                snapshot.of(ObjectKind.TABLE),
                (table, other) -> TableSql.parents(table).contains(other.name()));
    }

    /**
     * Whether a check constraint is one its table inherits (a parent, or a parent's parent, has a check of the same
     * name and definition): PostgreSQL copies it when the parent gets it, and refuses a second one.
     */
    private boolean inherited(SchemaObject constraint) {
        if (!"check".equals(constraint.text("type"))) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        List<String> pending = new ArrayList<>(parentsOf(SqlText.owner(constraint.name())));
        while (!pending.isEmpty()) {
            String parent = pending.remove(pending.size() - 1);
            if (!seen.add(parent)) {
                continue;
            }
            String name = parent + "." + SqlText.last(constraint.name());
            boolean same = snapshot.find(ObjectKind.CONSTRAINT, name)
                    .map(c -> c.properties().equals(constraint.properties()))
                    .orElse(false);
            if (same) {
                return true;
            }
            pending.addAll(parentsOf(parent));
        }
        return false;
    }

    private List<String> parentsOf(String table) {
        return snapshot.find(ObjectKind.TABLE, table).map(TableSql::parents).orElse(List.of());
    }

    /**
     * {@code objects} (sorted by name) reordered so that each comes after the others it depends on; a cycle is broken
     * where it closes (its objects keep name order).
     */
    static List<SchemaObject> topological(
            List<SchemaObject> objects, BiPredicate<SchemaObject, SchemaObject> dependsOn) {
        Map<String, List<SchemaObject>> dependencies = objects.stream()
                .collect(Collectors.toMap(
                        SchemaObject::name,
                        object -> objects.stream()
                                .filter(other -> other != object && dependsOn.test(object, other))
                                .toList()));
        Set<SchemaObject> placed = new LinkedHashSet<>();
        Set<SchemaObject> visiting = new HashSet<>();
        for (SchemaObject object : objects) {
            visit(object, dependencies::get, placed, visiting);
        }
        return List.copyOf(placed);
    }

    private static void visit(
            SchemaObject object,
            Function<String, List<SchemaObject>> dependencies,
            Set<SchemaObject> placed,
            Set<SchemaObject> visiting) {
        if (placed.contains(object) || !visiting.add(object)) {
            return;
        }
        for (SchemaObject dependency : dependencies.apply(object.name())) {
            visit(dependency, dependencies, placed, visiting);
        }
        placed.add(object);
    }
}
