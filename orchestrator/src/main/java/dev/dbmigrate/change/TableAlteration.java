package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a table in place, so its rows stay: {@code SET LOGGED} / {@code UNLOGGED}, row-level security (enabled,
 * forced), the tables it inherits ({@code INHERIT} / {@code NO INHERIT}), the partitioned table it is a partition of
 * and its bound ({@code DETACH PARTITION} then {@code ATTACH PARTITION} with the new bound). A table's own partitioning
 * ({@code PARTITION BY}) cannot change in place: that change is held back (the table stays as it is) with a note that
 * says what to do by hand.
 */
final class TableAlteration implements Alteration {
    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        List<Change> changes = new ArrayList<>();
        if (from.flag("unlogged") != to.flag("unlogged")) {
            changes.add(toggle(to, "unlogged", "SET UNLOGGED", "SET LOGGED"));
        }
        if (from.flag("rowSecurity") != to.flag("rowSecurity")) {
            changes.add(toggle(to, "rowSecurity", "ENABLE ROW LEVEL SECURITY", "DISABLE ROW LEVEL SECURITY"));
        }
        if (from.flag("forceRowSecurity") != to.flag("forceRowSecurity")) {
            changes.add(toggle(to, "forceRowSecurity", "FORCE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY"));
        }
        changes.addAll(inherits(from, to));
        if (!Objects.equals(from.text("partitionOf"), to.text("partitionOf"))
                || !Objects.equals(from.text("partitionBound"), to.text("partitionBound"))) {
            changes.add(repartition(from, to));
        }
        if (!Objects.equals(from.text("partitionBy"), to.text("partitionBy"))) {
            changes.add(partitioning(from, to, context));
        }
        return Optional.of(changes);
    }

    /** A setting turned on ({@code on}) or off ({@code off}), as {@code to} has it. */
    private static Change toggle(SchemaObject to, String flag, String on, String off) {
        boolean now = to.flag(flag);
        return Change.of(
                Phase.MAIN,
                (now ? on : off).toLowerCase(java.util.Locale.ROOT) + " on " + to.label(),
                List.of(alter(to, now ? on : off)),
                List.of(alter(to, now ? off : on)));
    }

    /** {@code NO INHERIT} of each parent {@code to} lacks, {@code INHERIT} of each it gains. */
    private static List<Change> inherits(SchemaObject from, SchemaObject to) {
        List<Change> changes = new ArrayList<>();
        for (String parent : from.list("inherits")) {
            if (!to.list("inherits").contains(parent)) {
                changes.add(Change.of(
                        Phase.MAIN,
                        "stop " + to.label() + " inheriting from " + parent,
                        List.of(alter(to, "NO INHERIT " + parent)),
                        List.of(alter(to, "INHERIT " + parent))));
            }
        }
        for (String parent : to.list("inherits")) {
            if (!from.list("inherits").contains(parent)) {
                changes.add(Change.of(
                        Phase.MAIN,
                        "make " + to.label() + " inherit from " + parent,
                        List.of(alter(to, "INHERIT " + parent)),
                        List.of(alter(to, "NO INHERIT " + parent))));
            }
        }
        return changes;
    }

    /**
     * A partition moved to another bound or parent, or a table made a partition or no longer one: detached and
     * attached again, so its rows stay (ATTACH checks them against the bound).
     */
    private static Change repartition(SchemaObject from, SchemaObject to) {
        List<String> forward = new ArrayList<>();
        List<String> undo = new ArrayList<>();
        detach(from).ifPresent(forward::add);
        attach(to).ifPresent(forward::add);
        detach(to).ifPresent(undo::add);
        attach(from).ifPresent(undo::add);
        String now = to.text("partitionOf") == null
                ? "no partition"
                : "a partition of " + to.text("partitionOf") + " " + to.text("partitionBound");
        return Change.of(
                        Phase.MAIN,
                        "make " + to.label() + " " + now + " (detached and attached: its rows stay)",
                        forward,
                        undo)
                .warn("attaching " + to.label() + " scans its rows (and those of the parent's default partition,"
                        + " if any) under a lock: a CHECK matching the bound, added and validated before, skips"
                        + " the scan");
    }

    private static Optional<String> detach(SchemaObject table) {
        return Optional.ofNullable(table.text("partitionOf"))
                .map(parent -> "ALTER TABLE " + parent + " DETACH PARTITION " + table.name());
    }

    private static Optional<String> attach(SchemaObject table) {
        return Optional.ofNullable(table.text("partitionOf"))
                .map(parent -> "ALTER TABLE " + parent + " ATTACH PARTITION " + table.name() + " "
                        + table.text("partitionBound"));
    }

    /**
     * A change of {@code PARTITION BY}: PostgreSQL cannot partition a table that exists, or change or remove its
     * partitioning. Held back, keeping the table as it is, with a note on doing it by hand.
     */
    private static Change partitioning(SchemaObject from, SchemaObject to, ChangeContext context) {
        String was = from.text("partitionBy") == null ? "not partitioned" : "PARTITION BY " + from.text("partitionBy");
        String becomes = to.text("partitionBy") == null ? "not partitioned" : "PARTITION BY " + to.text("partitionBy");
        context.note(to.label() + " is " + was + " but the desired schema has it " + becomes
                + ": PostgreSQL cannot change a table's partitioning in place, so the migration leaves it as it is;"
                + " by hand: create the new table beside it (" + becomes + ", with its partitions), copy the rows"
                + " (INSERT INTO ... SELECT), then swap the names in one transaction and drop the old table");
        SchemaObject kept = to.with("partitionBy", from.text("partitionBy"));
        return Change.of(
                        Phase.MAIN,
                        "change the partitioning of " + to.label() + " (by hand, see the notes)",
                        List.of(),
                        List.of())
                .destructive(List.of(kept))
                .warn(to.label() + " would need to be created again to change its partitioning, losing its rows: "
                        + ColumnAlteration.SEED_RULE + "; move the rows by hand as the notes say");
    }

    private static String alter(SchemaObject table, String clause) {
        return "ALTER TABLE " + table.name() + " " + clause;
    }
}
