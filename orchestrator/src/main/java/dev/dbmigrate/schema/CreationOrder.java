package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The order {@link SnapshotSql#createAll} creates a snapshot's objects in. Where objects depend on each other, the
 * order comes from the names their definitions hold (found in the text, so a name that only looks like a reference,
 * in a string literal, adds an order that is never wrong, only unneeded; a cycle is broken in name order):
 * <ul>
 *   <li>domains, composite types and the functions whose header (arguments, result, settings) or SQL-standard body
 *       names no table or view come before the tables, each after the types and functions it names (a default, a
 *       check or a domain may call such a function); their bodies are not checked on creation
 *       ({@code check_function_bodies} is off), so the tables they use need not exist yet;
 *   <li>tables come after the tables they inherit from or partition, and those whose row type a column has;
 *   <li>the other functions, views and materialized views come after the constraints, each after what it names.
 * </ul>
 */
final class CreationOrder {
    /** What every new database already has: created by nothing, only commented and granted. */
    private static final Set<String> BUILT_IN = Set.of("schema public", "extension plpgsql");

    private final Snapshot snapshot;
    private final List<SnapshotSql.Step> steps = new ArrayList<>();

    private final Map<String, List<SchemaObject>> columnsByTable;
    /** The columns of the tables {@code snapshot} lacks: a new partition's parent's. */
    private final Map<String, List<SchemaObject>> outerColumns;

    private CreationOrder(Snapshot snapshot, Snapshot within) {
        this.snapshot = snapshot;
        this.columnsByTable = byTable(snapshot);
        this.outerColumns = within == snapshot ? Map.of() : byTable(within);
    }

    private static Map<String, List<SchemaObject>> byTable(Snapshot snapshot) {
        return snapshot.of(ObjectKind.COLUMN).stream()
                .collect(Collectors.groupingBy(column -> SqlNames.owner(column.name())));
    }

    static List<String> statements(Snapshot snapshot) {
        List<String> statements = new ArrayList<>();
        // as pg_dump does: a function's body is checked when it runs, not before the objects it uses exist
        statements.add("SET check_function_bodies = false");
        steps(snapshot, snapshot).forEach(step -> statements.addAll(step.statements()));
        return statements;
    }

    static List<SnapshotSql.Step> steps(Snapshot snapshot, Snapshot within) {
        return new CreationOrder(snapshot, within).all();
    }

    private List<SnapshotSql.Step> all() {
        snapshot.of(ObjectKind.SCHEMA).forEach(this::createOrDecorate);
        snapshot.of(ObjectKind.EXTENSION).forEach(this::createOrDecorate);
        snapshot.of(ObjectKind.ENUM).forEach(this::create);
        List<SchemaObject> relations = relations();
        List<SchemaObject> functions = snapshot.of(ObjectKind.FUNCTION);
        List<SchemaObject> early = new ArrayList<>(snapshot.of(ObjectKind.DOMAIN));
        early.addAll(snapshot.of(ObjectKind.COMPOSITE_TYPE));
        functions.stream().filter(f -> !namesAny(f, relations)).forEach(early::add);
        topological(early, CreationOrder::uses).forEach(this::create);
        for (SchemaObject sequence : snapshot.of(ObjectKind.SEQUENCE)) {
            add(
                    sequence,
                    List.of(TableSql.sequence(sequence)),
                    AccessSql.comment(sequence),
                    AccessSql.grants(sequence));
        }
        tables().forEach(table -> add(
                table,
                TableSql.table(
                        table, name -> columnsByTable.getOrDefault(name, outerColumns.getOrDefault(name, List.of())))));
        columnsOfOtherTables().forEach(this::create);
        snapshot.of(ObjectKind.SEQUENCE)
                .forEach(sequence -> TableSql.ownedBy(sequence).ifPresent(owned -> add(sequence, List.of(owned))));
        constraintsChildrenFirst().forEach(this::create);
        List<SchemaObject> late = new ArrayList<>(snapshot.of(ObjectKind.VIEW));
        late.addAll(snapshot.of(ObjectKind.MATERIALIZED_VIEW));
        functions.stream().filter(f -> namesAny(f, relations)).forEach(late::add);
        topological(late, CreationOrder::uses).forEach(this::create);
        snapshot.of(ObjectKind.INDEX).forEach(this::create);
        snapshot.of(ObjectKind.CONSTRAINT).stream().filter(IndexSql::foreignKey).forEach(this::create);
        snapshot.of(ObjectKind.TRIGGER).forEach(this::create);
        snapshot.of(ObjectKind.POLICY).forEach(this::create);
        return steps;
    }

    /**
     * Whether {@code object}'s definition names {@code other}: a domain's or composite's types and checks, a view's
     * query, a function's header (its arguments, result and settings) or its SQL-standard body; a function's other
     * bodies are not checked when it is created, so they need nothing to exist.
     */
    private static boolean uses(SchemaObject object, SchemaObject other) {
        String otherName =
                other.kind() == ObjectKind.FUNCTION ? String.join(".", SqlNames.parts(other.name())) : other.name();
        String text = switch (object.kind()) {
            case DOMAIN, COMPOSITE_TYPE -> TypeSql.usedTypes(object);
            case FUNCTION -> header(object);
            default -> object.text("definition");
        };
        return SqlNames.mentions(text, otherName);
    }

    /** A function's definition up to its {@code AS} body, or all of it when its body is SQL-standard. */
    private static String header(SchemaObject function) {
        String definition = function.text("definition");
        int body = definition.indexOf("\nAS ");
        return body < 0 ? definition : definition.substring(0, body);
    }

    private void create(SchemaObject object) {
        add(object, SnapshotSql.create(object, snapshot));
    }

    private void createOrDecorate(SchemaObject object) {
        if (BUILT_IN.contains(object.kind().word() + " " + object.name())) {
            List<String> revoke = object.kind() == ObjectKind.SCHEMA
                    // its privileges differ between versions (PUBLIC may CREATE in it before 15): the grants say which
                    ? List.of(AccessSql.revokeFromPublic(object))
                    : List.of();
            add(object, revoke, AccessSql.comment(object), AccessSql.grants(object));
        } else {
            create(object);
        }
    }

    @SafeVarargs
    private void add(SchemaObject object, List<String>... lists) {
        List<String> statements = new ArrayList<>();
        for (List<String> list : lists) {
            statements.addAll(list);
        }
        if (!statements.isEmpty()) {
            steps.add(new SnapshotSql.Step(object, statements));
        }
    }

    private List<SchemaObject> relations() {
        List<SchemaObject> relations = new ArrayList<>(snapshot.of(ObjectKind.TABLE));
        relations.addAll(snapshot.of(ObjectKind.VIEW));
        relations.addAll(snapshot.of(ObjectKind.MATERIALIZED_VIEW));
        return relations;
    }

    private static boolean namesAny(SchemaObject function, List<SchemaObject> relations) {
        String header = header(function);
        return relations.stream().anyMatch(relation -> SqlNames.mentions(header, relation.name()));
    }

    /** The tables, each after the tables it inherits from or partitions and those whose row type a column has. */
    private List<SchemaObject> tables() {
        Map<String, String> columnTypes = new HashMap<>();
        columnsByTable.forEach((table, columns) -> columnTypes.put(
                table,
                String.join(" ", columns.stream().map(c -> c.text("type")).toList())));
        return topological(
                snapshot.of(ObjectKind.TABLE),
                (table, other) -> TableSql.parents(table).contains(other.name())
                        || SqlNames.mentions(columnTypes.get(table.name()), other.name()));
    }

    /** The columns of tables the snapshot does not hold: added to the tables, which must exist. */
    private List<SchemaObject> columnsOfOtherTables() {
        Set<String> tables =
                snapshot.of(ObjectKind.TABLE).stream().map(SchemaObject::name).collect(Collectors.toSet());
        return snapshot.of(ObjectKind.COLUMN).stream()
                .filter(column -> !tables.contains(SqlNames.owner(column.name())))
                .toList();
    }

    /**
     * The constraints but foreign keys, those of inheritance children and partitions before their parents': a child
     * that declares a check its parent has too keeps it as its own only when it has it before the parent's is added
     * (which then merges with it instead of being refused as a second one).
     */
    private List<SchemaObject> constraintsChildrenFirst() {
        Map<String, Integer> depth = new HashMap<>();
        return snapshot.of(ObjectKind.CONSTRAINT).stream()
                .filter(constraint -> !IndexSql.foreignKey(constraint))
                .sorted(Comparator.comparing((SchemaObject constraint) ->
                                depth(SqlNames.owner(constraint.name()), depth, new HashSet<>()))
                        .reversed())
                .toList();
    }

    /** How many generations of parents a table has (0 for one that inherits nothing). */
    private int depth(String table, Map<String, Integer> known, Set<String> seen) {
        Integer cached = known.get(table);
        if (cached != null) {
            return cached;
        }
        int depth = 0;
        if (seen.add(table)) {
            for (String parent : snapshot.find(ObjectKind.TABLE, table)
                    .map(TableSql::parents)
                    .orElse(List.of())) {
                depth = Math.max(depth, 1 + depth(parent, known, seen));
            }
        }
        known.put(table, depth);
        return depth;
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
