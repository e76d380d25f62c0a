package dev.dbmigrate.rehearse;

import dev.dbmigrate.schema.Difference;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Two snapshots compared: the differences from {@code from} to {@code to}, how many objects were compared, and the
 * objects of kinds the snapshots do not model on each side, which were not compared (and are said so, never left out
 * in silence). The {@code diff}, {@code check} and {@code promote} goals report it; {@code report} renders it.
 *
 * @param from            the name of the side the differences start from ({@code migrations})
 * @param to              the name of the other side ({@code prod})
 * @param differences     every difference, one line each ({@link Difference#line})
 * @param compared        how many objects the two sides hold together
 * @param notComparedFrom the unmodelled objects of {@code from} ({@code aggregate public.total(integer)})
 * @param notComparedTo   the unmodelled objects of {@code to}
 */
public record Comparison(
        String from,
        String to,
        List<Difference> differences,
        int compared,
        List<String> notComparedFrom,
        List<String> notComparedTo) {
    public Comparison {
        differences = List.copyOf(differences);
        notComparedFrom = List.copyOf(notComparedFrom);
        notComparedTo = List.copyOf(notComparedTo);
    }

    /** The snapshots {@code a} (named {@code from}) and {@code b} (named {@code to}) compared. */
    public static Comparison of(String from, Snapshot a, String to, Snapshot b) {
        Set<String> objects = new HashSet<>();
        for (SchemaObject object : a.objects()) {
            objects.add(object.kind() + " " + object.name());
        }
        for (SchemaObject object : b.objects()) {
            objects.add(object.kind() + " " + object.name());
        }
        return new Comparison(from, to, SchemaDiff.between(a, b), objects.size(), a.unmodelled(), b.unmodelled());
    }

    /** Whether the two sides are equal in everything compared. */
    public boolean equal() {
        return differences.isEmpty();
    }

    /** Each difference on its line, naming both sides. */
    public List<String> lines() {
        return differences.stream().map(d -> d.line(from, to)).toList();
    }

    /** One warning per object that was not compared, saying on which side it is. */
    public List<String> notCompared() {
        List<String> fromSide = notComparedFrom.stream()
                .map(o -> "not compared (a kind snapshots do not model): " + o + " in " + from)
                .toList();
        List<String> toSide = notComparedTo.stream()
                .map(o -> "not compared (a kind snapshots do not model): " + o + " in " + to)
                .toList();
        return Stream.concat(fromSide.stream(), toSide.stream()).toList();
    }
}
