package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.List;

/**
 * {@code SET NOT NULL} on a column that exists, the way the seed asks: a check {@code (c IS NOT NULL)} added
 * {@code NOT VALID} ({@link Phase#MAIN}, no scan), validated in a migration of its own ({@link Phase#VALIDATE}, under
 * a lock that lets reads and writes through), then {@code SET NOT NULL}, which PostgreSQL 12 and later prove from the
 * validated check without scanning again, and the check dropped ({@link Phase#FINISH}). Each migration's undo gives
 * back the state before it.
 */
final class NotNullChanges {
    private NotNullChanges() {}

    /** The three changes that make {@code column} (of the desired schema) NOT NULL. */
    static List<Change> of(SchemaObject column) {
        String table = SqlNames.owner(column.name());
        String check = ChangeNames.notNullCheck(column.name());
        String name = SqlNames.last(column.name());
        String add = "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + name + " IS NOT NULL)";
        String drop = "ALTER TABLE " + table + " DROP CONSTRAINT " + check;
        String label = column.label();
        return List.of(
                Change.of(
                        Phase.MAIN,
                        "add check " + check + " (" + name + " IS NOT NULL) NOT VALID, for " + label,
                        List.of(add + " NOT VALID"),
                        List.of(drop)),
                Change.of(
                        Phase.VALIDATE,
                        "validate check " + check + " of " + label,
                        List.of("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check),
                        List.of(drop, add + " NOT VALID")),
                Change.of(
                                Phase.FINISH,
                                "set not null " + label + " (proven by the validated check, which is dropped)",
                                List.of(ColumnAlteration.alter(column, "SET NOT NULL"), drop),
                                List.of(add, ColumnAlteration.alter(column, "DROP NOT NULL")))
                        .warn("sets NOT NULL on " + label + ": fails if a row holds NULL (VALIDATE stops there);"
                                + " fill those rows first"));
    }
}
