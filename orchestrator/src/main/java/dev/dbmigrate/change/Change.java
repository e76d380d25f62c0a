package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import java.util.List;

/**
 * One change of a {@link Plan}: the statements that make it (without semicolons) and those that undo it (in the order
 * they run), the phase whose migration holds it, and what a reviewer must know.
 *
 * @param phase       the migration it goes into
 * @param summary     one line for the migration's opening comment ({@code add column public.users.email}); empty for
 *                    a change that only carries undo statements (an index dropped with its table, re-created by the
 *                    undo)
 * @param forward     the statements that make the change
 * @param undo        the statements that reverse it, in the order they run
 * @param warnings    what the reviewer must look at (each one line)
 * @param destructive whether it loses data (a dropped table or column, a narrowing type change): such a change is
 *                    written commented out unless destructive changes are allowed
 * @param keeps       the objects of the current schema that stay as they are when the change is held back
 */
public record Change(
        Phase phase,
        String summary,
        List<String> forward,
        List<String> undo,
        List<String> warnings,
        boolean destructive,
        List<SchemaObject> keeps) {
    public Change {
        forward = List.copyOf(forward);
        undo = List.copyOf(undo);
        warnings = List.copyOf(warnings);
        keeps = List.copyOf(keeps);
    }

    /** A change in {@code phase} that loses nothing. */
    public static Change of(Phase phase, String summary, List<String> forward, List<String> undo) {
        return new Change(phase, summary, forward, undo, List.of(), false, List.of());
    }

    /** This change with one more warning. */
    public Change warn(String warning) {
        List<String> more = new java.util.ArrayList<>(warnings);
        more.add(warning);
        return new Change(phase, summary, forward, undo, more, destructive, keeps);
    }

    /** This change marked as losing data; {@code keeps} stay when it is held back. */
    public Change destructive(List<SchemaObject> kept) {
        return new Change(phase, summary, forward, undo, warnings, true, kept);
    }
}
