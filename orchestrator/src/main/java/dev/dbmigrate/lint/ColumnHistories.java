package dev.dbmigrate.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the migrations applied so far show about each column: whether inserts must give it a value (it is {@code NOT
 * NULL} and the database fills it with nothing), and the migration that last made it so. Fed statement by statement,
 * in the order upgrade applies them ({@link #apply}), in one pass over the migrations: a column's definition
 * ({@code CREATE TABLE}, {@code ADD COLUMN}) starts its history; {@code ALTER COLUMN ... DROP NOT NULL | SET NOT NULL |
 * SET DEFAULT | DROP DEFAULT | ADD GENERATED | DROP IDENTITY} changes it; a drop or a rename of the column, or a drop,
 * a rename or a new {@code CREATE} of its table, ends it (the history of a renamed column is unknown).
 */
final class ColumnHistories {
    /**
     * One column's history.
     *
     * @param notNull whether it is {@code NOT NULL} (or part of a primary key)
     * @param filled  whether the database fills it when an insert leaves it out (a default; a generated, identity or
     *                serial column)
     * @param since   the script of the migration that last changed either
     */
    record History(boolean notNull, boolean filled, String since) {
        /** Whether an insert that leaves the column out fails: every version that inserts rows must write it. */
        boolean mustBeWritten() {
            return notNull && !filled;
        }
    }

    /** The columns of one table, as statements name it. */
    private record Table(ObjectName name, Map<String, History> columns) {}

    /** The tables by their own name (without schema), as {@link ObjectName#sameAs} is lenient about schemas. */
    private final Map<String, List<Table>> tables = new HashMap<>();

    /** The history of {@code table.column} so far, or empty when no migration so far defined the column. */
    Optional<History> of(ObjectName table, String column) {
        return matching(table).stream()
                .map(t -> t.columns().get(column))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Takes in one statement of the migration {@code script}. */
    void apply(LintStatement statement, String script) {
        if (statement.startsWith("DROP", "TABLE")) {
            statement.namesAt(2).forEach(this::forget);
            return;
        }
        Optional<ObjectName> created = statement.createdTable();
        created.ifPresent(this::forget);
        Optional<ObjectName> table = created.isPresent() ? created : statement.alteredTable();
        if (table.isEmpty()) {
            return;
        }
        for (Columns.Column c : Columns.of(statement)) {
            if (!c.typeChange()) {
                table(table.get()).columns().put(c.column(), new History(c.notNull(), c.filledByDatabase(), script));
            }
        }
        if (created.isEmpty()) {
            altered(statement, table.get(), script);
        }
    }

    private void altered(LintStatement statement, ObjectName table, String script) {
        int at = statement.afterName(2);
        if (statement.matchesAt(at, "RENAME", "TO")) {
            forget(table);
            return;
        }
        if (statement.matchesAt(at, "RENAME") && !statement.matchesAt(at + 1, "CONSTRAINT")) {
            int from = statement.matchesAt(at + 1, "COLUMN") ? at + 2 : at + 1;
            for (Table t : matching(table)) {
                statement.token(from).ifPresent(name -> t.columns().remove(name.name()));
                statement.token(from + 2).ifPresent(name -> t.columns().remove(name.name()));
            }
            return;
        }
        for (LintStatement action : Columns.actions(statement)) {
            for (Table t : matching(table)) {
                Columns.droppedColumn(action).ifPresent(t.columns()::remove);
                Columns.alteredColumn(action)
                        .ifPresent(
                                column -> t.columns().computeIfPresent(column, (c, h) -> changed(h, action, script)));
            }
        }
    }

    private static History changed(History history, LintStatement action, String script) {
        if (action.contains("DROP", "NOT", "NULL")) {
            return new History(false, history.filled(), script);
        }
        if (action.contains("SET", "NOT", "NULL")) {
            return new History(true, history.filled(), script);
        }
        if (action.contains("SET", "DEFAULT") || action.contains("ADD", "GENERATED")) {
            return new History(history.notNull(), true, script);
        }
        if (action.contains("DROP", "DEFAULT") || action.contains("DROP", "IDENTITY")) {
            return new History(history.notNull(), false, script);
        }
        return history;
    }

    private List<Table> matching(ObjectName table) {
        return tables.getOrDefault(table.name(), List.of()).stream()
                .filter(t -> t.name().sameAs(table))
                .toList();
    }

    private Table table(ObjectName name) {
        List<Table> same = matching(name);
        if (!same.isEmpty()) {
            return same.get(0);
        }
        Table table = new Table(name, new HashMap<>());
        tables.computeIfAbsent(name.name(), n -> new ArrayList<>()).add(table);
        return table;
    }

    private void forget(ObjectName table) {
        List<Table> named = tables.get(table.name());
        if (named != null) {
            named.removeIf(t -> t.name().sameAs(table));
        }
    }
}
