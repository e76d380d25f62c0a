package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * CREATE statements for sequences, tables and columns. A table is created with its columns, except the ones it
 * inherits from a parent (a partition's or an inheritance child's), which PostgreSQL copies; where such a column's
 * default or NOT NULL differs from the parent's, an ALTER sets it.
 */
final class TableSql {
    private TableSql() {}

    /** CREATE SEQUENCE with every option the snapshot records, without OWNED BY (see {@link #ownedBy}). */
    static String sequence(SchemaObject sequence) {
        StringBuilder sql = new StringBuilder("CREATE SEQUENCE ").append(sequence.name());
        option(sql, " AS ", sequence.text("type"));
        option(sql, " INCREMENT BY ", sequence.text("increment"));
        option(sql, " MINVALUE ", sequence.text("min"));
        option(sql, " MAXVALUE ", sequence.text("max"));
        option(sql, " START WITH ", sequence.text("start"));
        option(sql, " CACHE ", sequence.text("cache"));
        if (sequence.flag("cycle")) {
            sql.append(" CYCLE");
        }
        return sql.toString();
    }

    /** {@code ALTER SEQUENCE ... OWNED BY table.column}, when the sequence belongs to a column. */
    static Optional<String> ownedBy(SchemaObject sequence) {
        return Optional.ofNullable(sequence.text("ownedBy"))
                .map(column -> "ALTER SEQUENCE " + sequence.name() + " OWNED BY " + column);
    }

    /**
     * The statements that create {@code table}: its columns ({@code columnsOf} gives a table's by its name), RLS,
     * comments, grants.
     */
    static List<String> table(SchemaObject table, Function<String, List<SchemaObject>> columnsOf) {
        List<SchemaObject> columns = inOrder(columnsOf.apply(table.name()));
        List<SchemaObject> parentColumns = new ArrayList<>();
        parents(table).forEach(parent -> parentColumns.addAll(columnsOf.apply(parent)));
        List<String> definitions = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (SchemaObject column : columns) {
            Optional<SchemaObject> inherited = parentColumns.stream()
                    .filter(p -> SqlNames.last(p.name()).equals(SqlNames.last(column.name())))
                    .findFirst();
            if (inherited.isPresent()) {
                after.addAll(inheritedDifferences(table, column, inherited.get()));
            } else {
                definitions.add(columnDefinition(column));
            }
        }
        List<String> statements = new ArrayList<>();
        statements.add(createTable(table, definitions));
        statements.addAll(after);
        if (table.flag("rowSecurity")) {
            statements.add("ALTER TABLE " + table.name() + " ENABLE ROW LEVEL SECURITY");
        }
        if (table.flag("forceRowSecurity")) {
            statements.add("ALTER TABLE " + table.name() + " FORCE ROW LEVEL SECURITY");
        }
        statements.addAll(AccessSql.comment(table));
        statements.addAll(AccessSql.grants(table));
        columns.forEach(column -> statements.addAll(AccessSql.comment(column)));
        return statements;
    }

    /** The columns by their {@link SchemaObject#POSITION} (those without one after, by name). */
    private static List<SchemaObject> inOrder(List<SchemaObject> columns) {
        return columns.stream()
                .sorted(java.util.Comparator.comparingInt((SchemaObject c) -> c.text(SchemaObject.POSITION) == null
                        ? Integer.MAX_VALUE
                        : Integer.parseInt(c.text(SchemaObject.POSITION))))
                .toList();
    }

    private static String createTable(SchemaObject table, List<String> definitions) {
        StringBuilder sql = new StringBuilder(table.flag("unlogged") ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ")
                .append(table.name());
        String parent = table.text("partitionOf");
        if (parent != null) {
            sql.append(" PARTITION OF ").append(parent);
            if (!definitions.isEmpty()) {
                throw new IllegalArgumentException(table.label() + " is a partition of " + parent
                        + " but has columns its parent lacks: " + definitions
                        + " (a partition has its parent's columns only; nothing was written)");
            }
            if (table.text("partitionBound") == null) {
                throw new IllegalArgumentException(table.label() + " is a partition of " + parent
                        + " but has no partitionBound (FOR VALUES ... or DEFAULT, from pg_get_expr(relpartbound));"
                        + " nothing was written");
            }
            sql.append(" ").append(table.text("partitionBound"));
        } else {
            sql.append(" (").append(String.join(", ", definitions)).append(")");
            if (!table.list("inherits").isEmpty()) {
                sql.append(" INHERITS (")
                        .append(String.join(", ", table.list("inherits")))
                        .append(")");
            }
        }
        option(sql, " PARTITION BY ", table.text("partitionBy"));
        return sql.toString();
    }

    /** The tables {@code table} takes columns from: its partitioned parent, or the tables it inherits. */
    static List<String> parents(SchemaObject table) {
        String parent = table.text("partitionOf");
        return parent != null ? List.of(parent) : table.list("inherits");
    }

    private static List<String> inheritedDifferences(SchemaObject table, SchemaObject column, SchemaObject parent) {
        String alter = "ALTER TABLE " + table.name() + " ALTER COLUMN " + SqlNames.last(column.name());
        List<String> statements = new ArrayList<>();
        String fallback = parent.text("default");
        String own = column.text("default");
        if (!Objects.equals(own, fallback) && column.text("generated") == null && column.text("identity") == null) {
            statements.add(alter + (own == null ? " DROP DEFAULT" : " SET DEFAULT " + own));
        }
        if (column.flag("notNull") && !parent.flag("notNull")) {
            statements.add(alter + " SET NOT NULL");
        }
        return statements;
    }

    /** The columns of the table called {@code table} in {@code within}. */
    static List<SchemaObject> columnsOf(String table, Snapshot within) {
        return within.of(ObjectKind.COLUMN).stream()
                .filter(column -> SqlNames.owner(column.name()).equals(table))
                .toList();
    }

    /** {@code ALTER TABLE ... ADD COLUMN ...} and the column's comment: a column added to a table that exists. */
    static List<String> addColumn(SchemaObject column) {
        List<String> statements = new ArrayList<>();
        statements.add("ALTER TABLE " + SqlNames.owner(column.name()) + " ADD COLUMN " + columnDefinition(column));
        statements.addAll(AccessSql.comment(column));
        return statements;
    }

    /**
     * {@code name type [COLLATE c] [DEFAULT d | GENERATED ALWAYS AS (e) STORED|VIRTUAL] [GENERATED ... AS IDENTITY]
     * [NOT NULL]} (a virtual generated column, PostgreSQL 18, has the property {@code virtual}).
     */
    static String columnDefinition(SchemaObject column) {
        StringBuilder sql =
                new StringBuilder(SqlNames.last(column.name())).append(" ").append(column.text("type"));
        if (column.text("collation") != null) {
            sql.append(" COLLATE ").append(SqlNames.collation(column.text("collation")));
        }
        if (column.text("generated") != null) {
            sql.append(" GENERATED ALWAYS AS (")
                    .append(column.text("generated"))
                    .append(column.flag("virtual") ? ") VIRTUAL" : ") STORED");
        } else {
            option(sql, " DEFAULT ", column.text("default"));
        }
        String identity = column.text("identity");
        if (identity != null) {
            sql.append(" GENERATED ")
                    .append(identity.toUpperCase(java.util.Locale.ROOT))
                    .append(" AS IDENTITY");
            if (column.text("identityOptions") != null) {
                sql.append(" (").append(column.text("identityOptions")).append(")");
            }
        }
        if (column.flag("notNull")) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    private static void option(StringBuilder sql, String keyword, String value) {
        if (value != null) {
            sql.append(keyword).append(value);
        }
    }
}
