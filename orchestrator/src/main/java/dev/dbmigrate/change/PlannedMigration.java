package dev.dbmigrate.change;

import java.util.ArrayList;
import java.util.List;

/**
 * One migration a {@link Plan} writes: its changes (their statements in order), its undo (the changes' undo
 * statements, last change first), and the held-back destructive changes it shows commented out.
 */
public record PlannedMigration(Phase phase, List<Change> changes, List<Change> held) {
    public PlannedMigration {
        changes = List.copyOf(changes);
        held = List.copyOf(held);
    }

    /** The statements of the migration, in order. */
    public List<String> forward() {
        List<String> statements = new ArrayList<>();
        changes.forEach(change -> statements.addAll(change.forward()));
        return statements;
    }

    /** The statements of its undo script: each change's undo, the last change's first. */
    public List<String> undo() {
        List<String> statements = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            statements.addAll(changes.get(i).undo());
        }
        return statements;
    }

    /** The summary lines of its changes, and of the held-back ones (marked). */
    public List<String> summaries() {
        List<String> lines = new ArrayList<>();
        changes.stream()
                .map(Change::summary)
                .filter(summary -> !summary.isEmpty())
                .forEach(lines::add);
        held.forEach(change -> lines.add(change.summary() + " (held back: destructive, written commented out)"));
        return lines;
    }

    /** Every warning of its changes and of the held-back ones. */
    public List<String> warnings() {
        List<String> lines = new ArrayList<>();
        changes.forEach(change -> lines.addAll(change.warnings()));
        held.forEach(change -> lines.addAll(change.warnings()));
        return lines;
    }
}
