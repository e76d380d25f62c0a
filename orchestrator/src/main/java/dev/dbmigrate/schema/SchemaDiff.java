package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between two snapshots, in snapshot order (by kind, then name): an object only on one side is one
 * difference, and each property that differs on an object both have is one more. A table missing on one side is one
 * difference, and its columns, constraints and indexes each one more, so every missing piece is named.
 */
public final class SchemaDiff {
    /** Objects are matched by kind and name. */
    private record Key(ObjectKind kind, String name) {}

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind).thenComparing(Key::name);

    private SchemaDiff() {}

    /** Every difference from {@code from} to {@code to}; empty when they are equal. */
    public static List<Difference> between(Snapshot from, Snapshot to) {
        Map<Key, SchemaObject> left = byKey(from);
        Map<Key, SchemaObject> right = byKey(to);
        TreeSet<Key> keys = new TreeSet<>(ORDER);
        keys.addAll(left.keySet());
        keys.addAll(right.keySet());
        List<Difference> differences = new ArrayList<>();
        for (Key key : keys) {
            SchemaObject a = left.get(key);
            SchemaObject b = right.get(key);
            if (b == null) {
                differences.add(Difference.missing(a));
            } else if (a == null) {
                differences.add(Difference.extra(b));
            } else {
                differences.addAll(properties(a, b));
            }
        }
        return differences;
    }

    private static List<Difference> properties(SchemaObject a, SchemaObject b) {
        TreeSet<String> names = new TreeSet<>(a.properties().keySet());
        names.addAll(b.properties().keySet());
        List<Difference> differences = new ArrayList<>();
        names.remove(SchemaObject.POSITION);
        for (String name : names) {
            Object x = a.get(name);
            Object y = b.get(name);
            if (!Objects.equals(x, y)) {
                differences.add(Difference.changed(a, name, x, y));
            }
        }
        return differences;
    }

    private static Map<Key, SchemaObject> byKey(Snapshot snapshot) {
        Map<Key, SchemaObject> objects = new TreeMap<>(ORDER);
        for (SchemaObject object : snapshot.objects()) {
            objects.put(new Key(object.kind(), object.name()), object);
        }
        return objects;
    }
}
