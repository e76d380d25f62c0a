package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import java.util.List;
import java.util.Optional;

/**
 * How objects of one kind are changed in place. The planner asks it for every object both schemas have whose
 * properties (but its {@code comment} and {@code grants}, which {@link AccessChanges} handles for every kind) differ.
 */
interface Alteration {
    /**
     * The changes that turn {@code from} (the current object) into {@code to} (the desired one), or empty when the
     * object cannot be changed in place and must be dropped and created again; the planner then does that, and
     * re-creates what depends on it too. An alteration that needs other objects re-created around it (a view over a
     * column whose type changes) asks {@code context}.
     */
    Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context);

    /** Drops and creates the object again: for kinds that hold no data (views, functions, triggers, indexes). */
    Alteration RECREATE = (from, to, context) -> Optional.empty();
}
