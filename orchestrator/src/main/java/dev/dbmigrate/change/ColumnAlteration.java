package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes a column in place, so its data stays: its default (a serial's sequence dropped with it when the desired
 * schema lacks it, see {@link FreedSequences}), its type and collation ({@code ALTER COLUMN ... TYPE ... USING}, with
 * the views, policies and SQL functions over its table, the triggers on the column and the generated columns computed
 * from it dropped and created again around it; a narrowing type, {@link Narrowing}, is held back as destructive), its
 * NOT NULL ({@link NotNullChanges}), its identity (added after NOT NULL, restarted past the largest value). A
 * generated column whose expression changes is dropped and added again (PostgreSQL cannot change the expression
 * before 17; its values are computed, so nothing is lost). What a partition or inheritance child takes from its
 * parent's column is left to the parent's change, which PostgreSQL passes down.
 */
final class ColumnAlteration implements Alteration {
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']|'')+)'::regclass\\)");

    static final String SEED_RULE = "\"never drop columns without data migration\" (the seed's rule)";

    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        if (!Objects.equals(from.text("generated"), to.text("generated"))
                || from.flag("virtual") != to.flag("virtual")) {
            return Optional.of(List.of(regenerate(from, to, context)));
        }
        ColumnParents parents = new ColumnParents(from, to, context);
        List<Change> changes = new ArrayList<>();
        if (from.text("identity") != null && to.text("identity") == null) {
            changes.add(change(to, "drop identity of", "DROP IDENTITY", addIdentity(from)));
        }
        boolean newDefault = !Objects.equals(from.text("default"), to.text("default")) && !parents.passDown("default");
        if (newDefault && from.text("default") != null) {
            changes.add(dropDefault(from, context));
        }
        if (typeChanges(from, to) && !(parents.passDown("type") && parents.passDown("collation"))) {
            changes.add(retype(from, to, context));
        }
        if (newDefault && to.text("default") != null) {
            changes.add(change(
                    to, "set default of", "SET DEFAULT " + to.text("default"), List.of(alter(to, "DROP DEFAULT"))));
        }
        boolean settingNotNull = !from.flag("notNull") && to.flag("notNull") && !parents.passDown("notNull");
        if (from.flag("notNull") && !to.flag("notNull") && !parents.passDown("notNull")) {
            changes.add(change(to, "drop not null of", "DROP NOT NULL", List.of(alter(to, "SET NOT NULL"))));
        }
        if (settingNotNull) {
            changes.addAll(NotNullChanges.of(to));
        }
        changes.addAll(identity(from, to, settingNotNull));
        return Optional.of(changes);
    }

    /**
     * {@code DROP DEFAULT}. When the default is a sequence's {@code nextval} (a serial's), the undo moves that sequence
     * past the column's largest value; when that sequence belongs to the column and the desired schema lacks it, it is
     * dropped here, right after the default, and given back by the undo only after the column's later changes are
     * undone (PostgreSQL 12 refuses to drop an identity from a column that owns another sequence).
     */
    private static Change dropDefault(SchemaObject from, ChangeContext context) {
        String expression = from.text("default");
        List<String> forward = new ArrayList<>(List.of(alter(from, "DROP DEFAULT")));
        List<String> undo = new ArrayList<>();
        Optional<SchemaObject> freed = context.current().of(ObjectKind.SEQUENCE).stream()
                .filter(sequence -> from.name().equals(sequence.text("ownedBy"))
                        && FreedSequences.uses(from, sequence)
                        && context.inDesired(ObjectKind.SEQUENCE, sequence.name())
                                .isEmpty())
                .findFirst();
        freed.ifPresent(sequence -> {
            forward.add(SnapshotSql.drop(sequence));
            undo.addAll(SnapshotSql.create(sequence, context.current()));
        });
        undo.add(alter(from, "SET DEFAULT " + expression));
        Matcher nextval = NEXTVAL.matcher(expression);
        if (nextval.matches()) {
            String column = SqlNames.last(from.name());
            undo.add("SELECT setval('" + nextval.group(1) + "', max(" + column + ") + 1, false) FROM "
                    + SqlNames.owner(from.name()) + " HAVING max(" + column + ") IS NOT NULL");
        }
        return Change.of(Phase.MAIN, "drop default of " + from.label(), forward, undo);
    }

    private static boolean typeChanges(SchemaObject from, SchemaObject to) {
        return !Objects.equals(from.text("type"), to.text("type"))
                || !Objects.equals(from.text("collation"), to.text("collation"));
    }

    /**
     * {@code ALTER COLUMN ... TYPE}: with the objects over the table that would block it created again around it, and
     * held back when the new type may not hold every value (keeping the column's old type).
     */
    private static Change retype(SchemaObject from, SchemaObject to, ChangeContext context) {
        context.rebuildColumnUsers(SqlNames.owner(to.name()));
        rebuildUsersOfColumn(to, context, Set.of(ObjectKind.TRIGGER));
        rebuildGeneratedFrom(to, context);
        boolean sameType = Objects.equals(from.text("type"), to.text("type"));
        Change change = Change.of(
                Phase.MAIN,
                (sameType ? "change collation of " : "change type of ") + to.label() + " from " + typeText(from)
                        + " to " + typeText(to),
                List.of(alter(to, typeClause(to, from, sameType))),
                List.of(alter(from, typeClause(from, to, sameType))));
        if (sameType || !Narrowing.narrows(from.text("type"), to.text("type"))) {
            return change;
        }
        SchemaObject kept = to.with("type", from.text("type")).with("collation", from.text("collation"));
        return change.destructive(List.of(kept))
                .warn("changes the type of " + to.label() + " from " + from.text("type") + " to " + to.text("type")
                        + ", which may not hold every value (a narrowing change): " + SEED_RULE
                        + "; check that every value fits (or migrate the data first), then rerun with"
                        + " -Dmigrate.allowDestructive=true");
    }

    /** {@code TYPE t [COLLATE c] [USING c::t]}: the collation written whenever either side has one of its own. */
    private static String typeClause(SchemaObject column, SchemaObject other, boolean sameType) {
        StringBuilder clause = new StringBuilder("TYPE ").append(column.text("type"));
        String collation = column.text("collation");
        if (collation != null) {
            clause.append(" COLLATE ").append(SqlNames.collation(collation));
        } else if (other.text("collation") != null) {
            clause.append(" COLLATE pg_catalog.\"default\"");
        }
        if (!sameType) {
            clause.append(" USING ")
                    .append(SqlNames.last(column.name()))
                    .append("::")
                    .append(column.text("type"));
        }
        return clause.toString();
    }

    private static String typeText(SchemaObject column) {
        String collation = column.text("collation");
        return column.text("type") + (collation == null ? "" : " COLLATE " + collation);
    }

    /** Identity added (after NOT NULL, which it needs: in FINISH when that comes through a check) or changed. */
    private static List<Change> identity(SchemaObject from, SchemaObject to, boolean settingNotNull) {
        String had = from.text("identity");
        String has = to.text("identity");
        if (has == null || has.equals(had)) {
            return List.of();
        }
        if (had != null) {
            return List.of(change(
                    to,
                    "change identity of",
                    "SET GENERATED " + upper(has),
                    List.of(alter(to, "SET GENERATED " + upper(had)))));
        }
        Change add = Change.of(
                settingNotNull ? Phase.FINISH : Phase.MAIN,
                "add identity to " + to.label(),
                addIdentity(to),
                List.of(alter(to, "DROP IDENTITY")));
        return List.of(add.warn("the identity of " + to.label() + " starts after the column's largest value"
                + " (RESTART WITH); review it if rows are inserted with their own values while this runs"));
    }

    /**
     * {@code ADD GENERATED ... AS IDENTITY}, and its sequence restarted past the column's largest value ({@code
     * RESTART WITH} takes a constant, so a {@code DO} block computes it; {@code setval} through
     * {@code pg_get_serial_sequence} could find a serial's old sequence instead while that still exists).
     */
    private static List<String> addIdentity(SchemaObject column) {
        String table = SqlNames.owner(column.name());
        String name = SqlNames.last(column.name());
        String restart = (alter(column, "RESTART WITH %s")).replace("'", "''");
        return List.of(
                alter(column, "ADD GENERATED " + upper(column.text("identity")) + " AS IDENTITY"),
                "DO $$BEGIN EXECUTE format('" + restart + "', (SELECT coalesce(max(" + name + "), 0) + 1 FROM " + table
                        + ")); END$$");
    }

    /**
     * A column whose generation changes, dropped and added again with the indexes and constraints on it and the
     * objects over its table. Only losing a stored column's values (it becomes generated, or stops being so and has
     * nothing to hold) is destructive.
     */
    private static Change regenerate(SchemaObject from, SchemaObject to, ChangeContext context) {
        String table = SqlNames.owner(to.name());
        context.rebuildColumnUsers(table);
        rebuildUsersOfColumn(to, context, Set.of(ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER));
        List<String> forward = new ArrayList<>(List.of(SnapshotSql.drop(from)));
        forward.addAll(SnapshotSql.create(to, context.desired()));
        List<String> undo = new ArrayList<>(List.of(SnapshotSql.drop(to)));
        undo.addAll(SnapshotSql.create(from, context.current()));
        Change change =
                Change.of(Phase.MAIN, "drop and add again " + to.label() + " (its generation changes)", forward, undo);
        if (from.text("generated") != null && to.text("generated") != null) {
            return change;
        }
        return change.destructive(List.of(from))
                .warn("drops and adds again " + to.label() + ", whose generation changes, losing its values: "
                        + SEED_RULE + "; copy the values first if they matter, then rerun with"
                        + " -Dmigrate.allowDestructive=true");
    }

    /**
     * The generated columns of the column's table computed from it (PostgreSQL will not change the type of a column
     * a generation uses): dropped before and added again after, with what is on them; their values are computed, so
     * nothing is lost.
     */
    private static void rebuildGeneratedFrom(SchemaObject column, ChangeContext context) {
        String table = SqlNames.owner(column.name());
        for (SchemaObject generated : context.current().of(ObjectKind.COLUMN)) {
            if (SqlNames.owner(generated.name()).equals(table)
                    && SqlNames.mentions(generated.text("generated"), SqlNames.last(column.name()))) {
                context.rebuild(generated);
                rebuildUsersOfColumn(
                        generated, context, Set.of(ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER));
            }
        }
    }

    /**
     * The objects of {@code kinds} on the column's table that name it: the indexes and constraints dropping the
     * column drops, the triggers ({@code UPDATE OF}, {@code WHEN}) that block a change of its type.
     */
    private static void rebuildUsersOfColumn(SchemaObject column, ChangeContext context, Set<ObjectKind> kinds) {
        String table = SqlNames.owner(column.name());
        String name = SqlNames.last(column.name());
        for (SchemaObject object : context.current().objects()) {
            boolean uses = kinds.contains(object.kind())
                    && switch (object.kind()) {
                        case INDEX ->
                            table.equals(object.text("table"))
                                    && SqlNames.mentions(
                                            String.join(" ", object.list("columns")) + " " + object.text("predicate")
                                                    + " " + String.join(" ", object.list("include")),
                                            name);
                        case CONSTRAINT, TRIGGER ->
                            table.equals(SqlNames.owner(object.name()))
                                    && SqlNames.mentions(object.text("definition"), name);
                        default -> false;
                    };
            if (uses) {
                context.rebuild(object);
            }
        }
    }

    private static Change change(SchemaObject column, String what, String clause, List<String> undo) {
        return Change.of(Phase.MAIN, what + " " + column.label(), List.of(alter(column, clause)), undo);
    }

    static String alter(SchemaObject column, String clause) {
        return "ALTER TABLE " + SqlNames.owner(column.name()) + " ALTER COLUMN " + SqlNames.last(column.name()) + " "
                + clause;
    }

    private static String upper(String identity) {
        return identity.toUpperCase(java.util.Locale.ROOT);
    }
}
