package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of a database as read from PostgreSQL's catalogs: every modelled object, sorted by kind and name, and the
 * objects of kinds it does not model, named ({@code aggregate public.total(integer)}) so that nothing is silently left
 * out. {@code server} says where it was read ({@code PostgreSQL 16.10}); it is shown, never compared.
 */
public record Snapshot(String server, List<SchemaObject> objects, List<String> unmodelled) {
    private static final Comparator<SchemaObject> ORDER =
            Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::name);

    public Snapshot {
        server = server == null ? "" : server;
        Map<String, SchemaObject> unique = new LinkedHashMap<>();
        for (SchemaObject object : objects) {
            SchemaObject before = unique.put(object.kind() + " " + object.name(), object);
            if (before != null) {
                throw new IllegalArgumentException("two objects are called " + object.label());
            }
        }
        List<SchemaObject> sorted = new ArrayList<>(unique.values());
        sorted.sort(ORDER);
        objects = List.copyOf(sorted);
        unmodelled = unmodelled.stream().distinct().sorted().toList();
    }

    /** A snapshot of these objects, with nothing unmodelled. */
    public static Snapshot of(String server, Collection<SchemaObject> objects) {
        return new Snapshot(server, List.copyOf(objects), List.of());
    }

    /** The objects of one kind, sorted by name. */
    public List<SchemaObject> of(ObjectKind kind) {
        return objects.stream().filter(object -> object.kind() == kind).toList();
    }

    /** The object of this kind and name, if there is one. */
    public Optional<SchemaObject> find(ObjectKind kind, String name) {
        return objects.stream()
                .filter(object -> object.kind() == kind && object.name().equals(name))
                .findFirst();
    }

    /** How many objects it holds. */
    public int size() {
        return objects.size();
    }
}
