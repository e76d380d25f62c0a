package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the migrations before a statement left of the tables, as far as their text shows: each column's type, the
 * columns declared {@code NOT NULL}, and the check constraints that prove a column holds no null. Tables are known by
 * name (a schema given in one statement and left to the search path in another still matches); what the migrations
 * do not show (a table made outside them, a type changed in a {@code DO} block) is not known.
 */
final class EarlierSchema {
    /** The column types by table name, then column name. */
    private final Map<String, Map<String, List<Token>>> types = new HashMap<>();

    /** The columns declared {@code NOT NULL}, as "table.column". */
    private final Set<String> notNull = new HashSet<>();

    /** The check constraints that say "column IS NOT NULL", by constraint name. */
    private final Map<String, NotNullCheck> checks = new HashMap<>();

    private record NotNullCheck(String table, String column, boolean validated) {}

    private EarlierSchema() {}

    /**
     * The schema the versioned migrations before {@code file} leave ({@link LintContext#before}), then the statements
     * of {@code file} before {@code statement} when {@code withOwnStatements}.
     */
    static EarlierSchema before(
            LintContext context, MigrationSql sql, LintStatement statement, boolean withOwnStatements) {
        EarlierSchema schema = new EarlierSchema();
        for (MigrationFile earlier : context.before(sql.file())) {
            context.sql(earlier).statements().forEach(schema::apply);
        }
        if (withOwnStatements) {
            for (LintStatement s : sql.statements()) {
                if (s == statement) {
                    break;
                }
                schema.apply(s);
            }
        }
        return schema;
    }

    /** The type of {@code table.column} as the migrations wrote it, if they show it. */
    Optional<List<Token>> typeOf(ObjectName table, String column) {
        return Optional.ofNullable(types.getOrDefault(table.name(), Map.of()).get(column));
    }

    /** Whether {@code table.column} is declared {@code NOT NULL}, or a validated check proves it holds no null. */
    boolean knownNotNull(ObjectName table, String column) {
        return notNull.contains(table.name() + "." + column)
                || checks.values().stream()
                        .anyMatch(c -> c.validated()
                                && c.table().equals(table.name())
                                && c.column().equals(column));
    }

    private void apply(LintStatement s) {
        if (s.startsWith("CREATE", "TABLE")) {
            create(s, 2);
        } else if (s.startsWith("CREATE", "UNLOGGED", "TABLE")) {
            create(s, 3);
        } else if (s.startsWith("DROP", "TABLE")) {
            s.nameAt(2).ifPresent(t -> types.remove(t.name()));
        } else {
            AlterTable.of(s)
                    .ifPresent(alter ->
                            alter.actions().forEach(a -> alter(alter.table().name(), a)));
        }
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
            notNull.add(table + "." + column.name());
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
                notNull.add(table + "." + column.get());
            } else if (action.contains("DROP", "NOT", "NULL")) {
                notNull.remove(table + "." + column.get());
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
    }

    private void renameColumn(String table, String from, String to) {
        Map<String, List<Token>> columns = types.get(table);
        if (columns != null && columns.containsKey(from)) {
            columns.put(to, columns.remove(from));
        }
        if (notNull.remove(table + "." + from)) {
            notNull.add(table + "." + to);
        }
    }
}
