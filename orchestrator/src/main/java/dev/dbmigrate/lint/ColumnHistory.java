package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.Optional;

/**
 * What the migrations before one show about a column: whether inserts must give it a value (it is {@code NOT NULL}
 * and the database fills it with nothing), and the migration that last made it so. Read statement by statement, in
 * the order upgrade applies them: the column's definition ({@code CREATE TABLE}, {@code ADD COLUMN}) starts its
 * history, {@code ALTER COLUMN ... DROP NOT NULL | SET NOT NULL | SET DEFAULT | DROP DEFAULT} changes it, a drop or
 * a rename of the column (or a drop of its table) ends it.
 *
 * @param mustBeWritten whether an insert that leaves the column out fails
 * @param since         the script of the migration that last changed that
 */
record ColumnHistory(boolean mustBeWritten, String since) {
    /**
     * The history of {@code table.column} in the migrations before {@code file}, or empty when they do not define the
     * column (it came from elsewhere: its history is unknown).
     */
    static Optional<ColumnHistory> before(LintContext context, MigrationFile file, ObjectName table, String column) {
        State state = null;
        for (MigrationFile earlier : context.before(file)) {
            for (LintStatement statement : context.sql(earlier).statements()) {
                state = next(state, statement, table, column, earlier.script());
            }
        }
        return Optional.ofNullable(state).map(s -> new ColumnHistory(s.notNull && !s.filled, s.since));
    }

    private record State(boolean notNull, boolean filled, String since) {}

    private static State next(State state, LintStatement statement, ObjectName table, String column, String script) {
        if (statement.createdTable().filter(table::sameAs).isPresent()
                || statement.startsWith("DROP", "TABLE")
                        && statement.namesAt(2).stream().anyMatch(table::sameAs)) {
            state = null;
        }
        for (Columns.Column c : Columns.of(statement)) {
            if (!c.typeChange() && c.table().sameAs(table) && c.column().equals(column)) {
                state = new State(c.notNull(), c.filledByDatabase(), script);
            }
        }
        if (state == null || statement.alteredTable().filter(table::sameAs).isEmpty()) {
            return state;
        }
        if (statement.contains("RENAME")) {
            boolean namesColumn = statement.contains("RENAME", "TO")
                    || statement.tokens().stream()
                            .anyMatch(t -> t.isName() && t.name().equals(column));
            return namesColumn ? null : state;
        }
        for (LintStatement action : Columns.actions(statement)) {
            if (Columns.droppedColumn(action).filter(column::equals).isPresent()) {
                return null;
            }
            if (Columns.alteredColumn(action).filter(column::equals).isPresent()) {
                state = altered(state, action, script);
            }
        }
        return state;
    }

    private static State altered(State state, LintStatement action, String script) {
        if (action.contains("DROP", "NOT", "NULL")) {
            return new State(false, state.filled, script);
        }
        if (action.contains("SET", "NOT", "NULL")) {
            return new State(true, state.filled, script);
        }
        if (action.contains("SET", "DEFAULT") || action.contains("ADD", "GENERATED")) {
            return new State(state.notNull, true, script);
        }
        if (action.contains("DROP", "DEFAULT") || action.contains("DROP", "IDENTITY")) {
            return new State(state.notNull, false, script);
        }
        return state;
    }
}
