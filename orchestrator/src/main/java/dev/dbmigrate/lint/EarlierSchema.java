package dev.dbmigrate.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables as the statements applied so far ({@link #apply}) leave them, as far as their text shows: each column's
 * type, the columns declared {@code NOT NULL}, and the check constraints that prove a column holds no null
 * ({@link SchemaHistory} applies every migration once, in order). Tables are known by
 * name (a schema given in one statement and left to the search path in another still matches); what the migrations
 * do not show (a table made outside them, a type changed in a {@code DO} block) is not known.
 */
final class EarlierSchema {
    /** The column types by table name, then column name. */
    private final Map<String, Map<String, List<Token>>> types = new HashMap<>();

    /** The columns declared {@code NOT NULL}, by table name. */
    private final Map<String, Set<String>> notNull = new HashMap<>();

    /** The check constraints that say "column IS NOT NULL", by constraint name. */
    private final Map<String, NotNullCheck> checks = new HashMap<>();

    private record NotNullCheck(String table, String column, boolean validated) {}

    /** The type of {@code table.column} as the migrations wrote it, or null when they do not show it. */
    List<Token> typeOf(String table, String column) {
        return types.getOrDefault(table, Map.of()).get(column);
    }

    /** Whether {@code table.column} is declared {@code NOT NULL}, or a validated check proves it holds no null. */
    boolean knownNotNull(String table, String column) {
        return notNull.getOrDefault(table, Set.of()).contains(column)
                || checks.values().stream()
                        .anyMatch(c -> c.validated()
                                && c.table().equals(table)
                                && c.column().equals(column));
    }

    /** The columns of {@code table} it knows anything of: a type, a {@code NOT NULL}, a check. */
    Set<String> columns(String table) {
        Set<String> columns = new HashSet<>(types.getOrDefault(table, Map.of()).keySet());
        columns.addAll(notNull.getOrDefault(table, Set.of()));
        checks.values().stream().filter(c -> c.table().equals(table)).forEach(c -> columns.add(c.column()));
        return columns;
    }

    /** Applies {@code s}, and returns the names of the tables it changed (none for a statement it does not read). */
    Set<String> apply(LintStatement s) {
        if (s.startsWith("CREATE", "TABLE") || s.startsWith("CREATE", "UNLOGGED", "TABLE")) {
            int at = s.startsWith("CREATE", "TABLE") ? 2 : 3;
            create(s, at);
            return s.nameAt(at).map(t -> Set.of(t.name())).orElse(Set.of());
        }
        if (s.startsWith("DROP", "TABLE")) {
            Set<String> dropped = new HashSet<>();
            for (LintStatement part : s.split(2, s.tokens().size())) {
                part.nameAt(0).ifPresent(t -> dropped.add(t.name()));
            }
            for (String table : dropped) {
                types.remove(table);
                notNull.remove(table);
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
            if (action.startsWith("RENAME", "TO")) {
                action.nameAt(2).ifPresent(to -> changed.add(to.name()));
            }
            alter(table, action);
        }
        return changed;
    }

    private void create(LintStatement s, int nameAt) {
        s.nameAt(nameAt).ifPresent(table -> {
            Map<String, List<Token>> columns = new HashMap<>();
            types.put(table.name(), columns);
            for (ColumnDefinition column : ColumnDefinition.created(s, nameAt)) {
                add(table.name(), column);
            }
        });
    }

    private void add(String table, ColumnDefinition column) {
        types.computeIfAbsent(table, t -> new HashMap<>()).put(column.name(), column.type());
        if (column.notNull()) {
            notNull.computeIfAbsent(table, t -> new HashSet<>()).add(column.name());
        }
    }

    private void alter(String table, LintStatement action) {
        ColumnDefinition.added(action).ifPresent(column -> add(table, column));
        AlterTable.Added.of(action).filter(c -> c.kind().equals("CHECK")).ifPresent(c -> addCheck(table, c));
        Optional<String> column = AlterTable.alteredColumn(action);
        if (column.isPresent()) {
            AlterTable.newType(action)
                    .ifPresent(type -> types.computeIfAbsent(table, t -> new HashMap<>())
                            .put(column.get(), ColumnDefinition.typeOf(type)));
            if (action.contains("SET", "NOT", "NULL")) {
                notNull.computeIfAbsent(table, t -> new HashSet<>()).add(column.get());
            } else if (action.contains("DROP", "NOT", "NULL")) {
                notNull.getOrDefault(table, new HashSet<>()).remove(column.get());
            }
        } else if (action.startsWith("VALIDATE", "CONSTRAINT")) {
            action.token(2)
                    .filter(Token::isName)
                    .map(Token::name)
                    .ifPresent(name ->
                            checks.computeIfPresent(name, (n, c) -> new NotNullCheck(c.table(), c.column(), true)));
        } else if (action.startsWith("DROP", "COLUMN")) {
            action.nameAt(2)
                    .ifPresent(c -> types.getOrDefault(table, new HashMap<>()).remove(c.name()));
        } else if (action.startsWith("DROP", "CONSTRAINT")) {
            action.nameAt(2).ifPresent(name -> checks.remove(name.name()));
        } else if (action.startsWith("RENAME", "TO")) {
            action.nameAt(2).ifPresent(to -> rename(table, to.name()));
        } else if (action.startsWith("RENAME") && !action.startsWith("RENAME", "CONSTRAINT")) {
            int at = action.matchesAt(1, "COLUMN") ? 2 : 1;
            int to = action.indexOf(at, "TO");
            if (action.token(at).filter(Token::isName).isPresent() && to > 0) {
                action.token(to + 1)
                        .filter(Token::isName)
                        .ifPresent(
                                t -> renameColumn(table, action.tokens().get(at).name(), t.name()));
            }
        }
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

    private void rename(String table, String to) {
        Map<String, List<Token>> columns = types.remove(table);
        if (columns != null) {
            types.put(to, columns);
        }
        Set<String> required = notNull.remove(table);
        if (required != null) {
            notNull.put(to, required);
        }
    }

    private void renameColumn(String table, String from, String to) {
        Map<String, List<Token>> columns = types.get(table);
        if (columns != null && columns.containsKey(from)) {
            columns.put(to, columns.remove(from));
        }
        Set<String> required = notNull.getOrDefault(table, new HashSet<>());
        if (required.remove(from)) {
            required.add(to);
        }
    }
}
