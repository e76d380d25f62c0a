package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The differences between two snapshots, in snapshot order: objects only on one side, then each property that differs
 * on an object both have. An object missing on one side is one difference; its columns, constraints and indexes each
 * are one more (so every missing piece is named).
 */
public final class SchemaDiff {
    private SchemaDiff() {}

    /** Every difference from {@code from} to {@code to}; empty when they are equal. */
    public static List<Difference> between(Snapshot from, Snapshot to) {
        Map<String, SchemaObject> left = byKey(from);
        Map<String, SchemaObject> right = byKey(to);
        List<Difference> differences = new ArrayList<>();
        for (String key : orderedKeys(from, to)) {
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
        for (String name : names) {
            Object x = a.get(name);
            Object y = b.get(name);
            if (!Objects.equals(x, y)) {
                differences.add(Difference.changed(a, name, x, y));
            }
        }
        return differences;
    }

    private static List<String> orderedKeys(Snapshot from, Snapshot to) {
        List<SchemaObject> all = new ArrayList<>(from.objects());
        all.addAll(to.objects());
        return Snapshot.of(
                        "",
                        all.stream()
                                .collect(Collectors.toMap(SchemaDiff::key, Function.identity(), (x, y) -> x))
                                .values())
                .objects()
                .stream()
                .map(SchemaDiff::key)
                .toList();
    }

    private static Map<String, SchemaObject> byKey(Snapshot snapshot) {
        return snapshot.objects().stream().collect(Collectors.toMap(SchemaDiff::key, Function.identity()));
    }

    private static String key(SchemaObject object) {
        return object.kind().name() + " " + object.name();
    }
}
