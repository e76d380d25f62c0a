package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What turns one schema into another: the {@link Change}s in the order they run, which of them are held back (written
 * commented out), and notes for the reviewer that belong to no single change (a likely rename).
 *
 * @param changes every change, in order (their phases say which migration holds each)
 * @param held    the destructive changes held back: written commented out, not run
 * @param notes   what the reviewer must know beyond the changes' own warnings
 */
public record Plan(List<Change> changes, List<Change> held, List<String> notes) {
    public Plan {
        changes = List.copyOf(changes);
        held = List.copyOf(held);
        notes = List.copyOf(notes);
    }

    /** Whether there is nothing to change (nothing to run and nothing held back). */
    public boolean isEmpty() {
        return changes.stream().allMatch(change -> change.forward().isEmpty()) && held.isEmpty();
    }

    /**
     * The schema the migrations give: {@code desired}, but with the objects the held-back changes keep as they are in
     * the current schema.
     */
    public Snapshot expected(Snapshot desired) {
        Map<String, SchemaObject> objects = new LinkedHashMap<>();
        desired.objects().forEach(object -> objects.put(key(object), object));
        held.forEach(change -> change.keeps().forEach(object -> objects.put(key(object), object)));
        return new Snapshot(desired.server(), new ArrayList<>(objects.values()), desired.unmodelled());
    }

    private static String key(SchemaObject object) {
        return object.kind() + " " + object.name();
    }

    /**
     * The migrations to write, in order: one per phase that has changes, or one per change of a phase whose changes
     * stand alone ({@link Phase#INDEX}). Each holds its changes' statements; held-back changes go into the
     * {@link Phase#MAIN} migration (or, when it has nothing else, one of their own).
     */
    public List<PlannedMigration> migrations() {
        List<PlannedMigration> migrations = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            List<Change> ofPhase =
                    changes.stream().filter(change -> change.phase() == phase).toList();
            List<Change> heldHere = phase == Phase.MAIN ? held : List.of();
            if (phase.alone()) {
                ofPhase.forEach(change -> migrations.add(new PlannedMigration(phase, List.of(change), List.of())));
            } else if (ofPhase.stream().anyMatch(change -> !change.forward().isEmpty()) || !heldHere.isEmpty()) {
                migrations.add(new PlannedMigration(phase, ofPhase, heldHere));
            }
        }
        return migrations;
    }

    /** The tables and columns the changes drop on purpose (destructive changes allowed): their data is lost. */
    public List<SchemaObject> lost() {
        List<SchemaObject> lost = new ArrayList<>();
        changes.stream().filter(Change::destructive).forEach(change -> lost.addAll(change.keeps()));
        return lost;
    }

    /** Whether {@code desired} and the current schema differ only in what this plan holds back. */
    public boolean onlyHeld() {
        return changes.stream().allMatch(change -> change.forward().isEmpty()) && !held.isEmpty();
    }
}
