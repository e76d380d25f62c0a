package dev.dbmigrate.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables as the statements applied so far ({@link #apply}) leave them, as far as their text shows: each column's
 * type, whether it is {@code NOT NULL}, whether the database fills it, since which migration every insert must write
 * it, and the check constraints that prove a column holds no null ({@link SchemaHistory} applies every migration once,
 * in order). Tables are known by name (a schema given in one statement and left to the search path in another still
 * matches); what the migrations do not show (a table made outside them, a type changed in a {@code DO} block) is not
 * known.
 */
final class EarlierSchema {
    /**
     * One column as the statements so far leave it.
     *
     * @param type    its type as written, or null when they do not show it
     * @param notNull whether it is declared {@code NOT NULL} (or part of a primary key), or set so later
     * @param filled  whether the database fills it when an insert leaves it out (a default; a generated, identity or
     *                serial column)
     * @param since   the script of the migration that defined it or last changed {@code notNull} or {@code filled};
     *                null when its history is unknown: no migration defined it, or one renamed it or its table
     */
    private record Column(List<Token> type, boolean notNull, boolean filled, String since) {
        /** Whether an insert that leaves it out fails, as far as its known history shows. */
        boolean mustBeWritten() {
            return since != null && notNull && !filled;
        }
    }

    /** The columns by table name, then column name. */
    private final Map<String, Map<String, Column>> tables = new HashMap<>();

    /** The check constraints that say "column IS NOT NULL", by constraint name. */
    private final Map<String, NotNullCheck> checks = new HashMap<>();

    private record NotNullCheck(String table, String column, boolean validated) {}

    /** The type of {@code table.column} as the migrations wrote it, or null when they do not show it. */
    List<Token> typeOf(String table, String column) {
        Column c = column(table, column);
        return c == null ? null : c.type();
    }

    /** Whether {@code table.column} is declared {@code NOT NULL}, or a validated check proves it holds no null. */
    boolean knownNotNull(String table, String column) {
        Column c = column(table, column);
        return c != null && c.notNull()
                || checks.values().stream()
                        .anyMatch(k -> k.validated()
                                && k.table().equals(table)
                                && k.column().equals(column));
    }

    /**
     * The migration since which every insert must write {@code table.column}: a migration defined it {@code NOT NULL}
     * without anything the database fills it with, and none since made it nullable or gave it a default; null when
     * an insert may leave it out or its history is unknown.
     */
    String mustBeWrittenSince(String table, String column) {
        Column c = column(table, column);
        return c != null && c.mustBeWritten() ? c.since() : null;
    }

    /** The columns of {@code table} it knows anything of: a type, a {@code NOT NULL}, a check. */
    Set<String> columns(String table) {
        Set<String> columns = new HashSet<>(tables.getOrDefault(table, Map.of()).keySet());
        checks.values().stream().filter(c -> c.table().equals(table)).forEach(c -> columns.add(c.column()));
        return columns;
    }

    private Column column(String table, String column) {
        return tables.getOrDefault(table, Map.of()).get(column);
    }

    /**
     * Applies {@code s}, a statement of the migration {@code script}, and returns the names of the tables it changed
     * (none for a statement it does not read).
     */
    Set<String> apply(LintStatement s, String script) {
        int at = s.createdTableAt();
        Optional<ObjectName> created = s.createdTable();
        if (created.isPresent()) {
            Map<String, Column> columns = new HashMap<>();
            tables.put(created.get().name(), columns);
            for (ColumnDefinition column : ColumnDefinition.created(s, at)) {
                columns.put(column.name(), defined(column, script));
            }
            return Set.of(created.get().name());
        }
        if (s.startsWith("DROP", "TABLE")) {
            Set<String> dropped = new HashSet<>();
            s.namesAt(2).forEach(t -> dropped.add(t.name()));
            for (String table : dropped) {
                tables.remove(table);
                checks.values().removeIf(c -> c.table().equals(table));
            }
            return dropped;
        }
        Optional<AlterTable> alter = AlterTable.of(s);
        if (alter.isEmpty()) {
            return Set.of();
        }
        String table = alter.get().table().name();
        Set<String> changed = new HashSet<>(Set.of(table));
        for (LintStatement action : alter.get().actions()) {
            AlterTable.renamedTo(action).ifPresent(to -> changed.add(to.name()));
            alter(table, action, script);
        }
        return changed;
    }

    private static Column defined(ColumnDefinition column, String script) {
        return new Column(column.type(), column.notNull(), column.filledByDatabase(), script);
    }

    private void alter(String table, LintStatement action, String script) {
        Map<String, Column> columns = tables.computeIfAbsent(table, t -> new HashMap<>());
        ColumnDefinition.added(action).ifPresent(column -> columns.put(column.name(), defined(column, script)));
        AlterTable.Added.of(action).filter(c -> c.kind().equals("CHECK")).ifPresent(c -> addCheck(table, c));
        AlterTable.droppedColumn(action).ifPresent(columns::remove);
        Optional<String> column = AlterTable.alteredColumn(action);
        if (column.isPresent()) {
            AlterTable.newType(action)
                    .ifPresent(type -> columns.compute(
                            column.get(),
                            (n, c) -> c == null
                                    ? new Column(ColumnDefinition.typeOf(type), false, false, null)
                                    : new Column(ColumnDefinition.typeOf(type), c.notNull(), c.filled(), c.since())));
            if (action.contains("SET", "NOT", "NULL")) {
                columns.putIfAbsent(column.get(), new Column(null, false, false, null));
            }
            columns.computeIfPresent(column.get(), (n, c) -> changed(c, action, script));
        } else if (action.startsWith("VALIDATE", "CONSTRAINT")) {
            action.token(2)
                    .filter(Token::isName)
                    .map(Token::name)
                    .ifPresent(name ->
                            checks.computeIfPresent(name, (n, c) -> new NotNullCheck(c.table(), c.column(), true)));
        } else if (action.startsWith("DROP", "CONSTRAINT")) {
            action.nameAt(2).ifPresent(name -> checks.remove(name.name()));
        }
        AlterTable.renamedTo(action).ifPresent(to -> rename(table, to.name()));
        AlterTable.RenamedColumn.of(action).ifPresent(r -> renameColumn(columns, r.from(), r.to()));
    }

    /**
     * The column after an {@code ALTER COLUMN} action that makes it nullable or not, or gives or takes its default;
     * its history, when known, then starts at {@code script}.
     */
    private static Column changed(Column c, LintStatement action, String script) {
        boolean notNull = c.notNull();
        boolean filled = c.filled();
        if (action.contains("DROP", "NOT", "NULL")) {
            notNull = false;
        } else if (action.contains("SET", "NOT", "NULL")) {
            notNull = true;
        } else if (action.contains("SET", "DEFAULT") || action.contains("ADD", "GENERATED")) {
            filled = true;
        } else if (action.contains("DROP", "DEFAULT") || action.contains("DROP", "IDENTITY")) {
            filled = false;
        } else {
            return c;
        }
        return new Column(c.type(), notNull, filled, c.since() == null ? null : script);
    }

    private void addCheck(String table, AlterTable.Added check) {
        List<Token> expression = check.parenthesized().stream()
                .filter(t -> !t.isSymbol("(") && !t.isSymbol(")"))
                .toList();
        if (expression.size() == 4
                && expression.get(0).isName()
                && expression.get(1).is("IS")
                && expression.get(2).is("NOT")
                && expression.get(3).is("NULL")) {
            String column = expression.get(0).name();
            String name = check.name() != null ? check.name() : table + "_" + column + "_check";
            checks.put(name, new NotNullCheck(table, column, !check.notValid()));
        }
    }

    /** Renames a table: its columns' types and nullability follow, their write history is unknown from here on. */
    private void rename(String table, String to) {
        Map<String, Column> columns = tables.remove(table);
        if (columns != null) {
            columns.replaceAll((n, c) -> new Column(c.type(), c.notNull(), c.filled(), null));
            tables.put(to, columns);
        }
    }

    /** Renames a column: its type and nullability follow, its write history is unknown from here on. */
    private static void renameColumn(Map<String, Column> columns, String from, String to) {
        Column c = columns.remove(from);
        if (c != null) {
            columns.put(to, new Column(c.type(), c.notNull(), c.filled(), null));
        }
    }
}
