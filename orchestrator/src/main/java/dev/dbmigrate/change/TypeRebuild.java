package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recreates an enum or a domain under its own name, which no ALTER can do for an enum losing or reordering values or a
 * domain changing its base type or collation: the old type is renamed aside, the new one created, every table column
 * that uses it (or an array of it) converted through text (keeping its collation), with its default dropped and set
 * again around the conversion, composite types not used by a table moved to the new type, and the old type dropped.
 * What else names the type or uses those columns (views, checks with its literals, functions taking it) must not exist
 * meanwhile: {@link #users} lists it, for the caller to drop and create again around these statements.
 */
final class TypeRebuild {
    /** The kinds that name a type by its OID and can be dropped and created again without losing data. */
    private static final Set<ObjectKind> NAMING = Set.of(
            ObjectKind.CONSTRAINT,
            ObjectKind.INDEX,
            ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW,
            ObjectKind.FUNCTION,
            ObjectKind.TRIGGER,
            ObjectKind.POLICY);

    private TypeRebuild() {}

    /**
     * The statements that turn the type into {@code target} (an enum or a domain of the same name), converting
     * {@code columns} (of {@code schema}, each using the type); the objects {@link #users} names must not exist.
     */
    static List<String> statements(SchemaObject target, List<SchemaObject> columns, Snapshot schema) {
        String name = target.name();
        String aside = aside(name);
        String keyword = target.kind() == ObjectKind.DOMAIN ? "DOMAIN " : "TYPE ";
        List<String> sql = new ArrayList<>();
        sql.add("ALTER " + keyword + name + " RENAME TO " + SqlNames.last(aside));
        sql.addAll(SnapshotSql.create(target, schema));
        List<SchemaObject> ordered = new ArrayList<>(columns);
        ordered.sort(Comparator.comparing(column -> inherited(column, schema)));
        for (SchemaObject column : ordered) {
            if (column.text("default") != null) {
                sql.add(alterColumn(column) + " DROP DEFAULT");
            }
        }
        for (SchemaObject column : ordered) {
            if (!inherited(column, schema)) {
                String type = column.text("type");
                String text = type.endsWith("[]") ? "::text[]::" : "::text::";
                String collation = column.text("collation") == null
                        ? ""
                        : " COLLATE " + SqlNames.collation(column.text("collation"));
                sql.add(alterColumn(column) + " TYPE " + type + collation + " USING " + SqlNames.last(column.name())
                        + text + type);
            }
        }
        for (SchemaObject column : ordered) {
            if (column.text("default") != null) {
                sql.add(alterColumn(column) + " SET DEFAULT " + column.text("default"));
            }
        }
        for (SchemaObject composite : schema.of(ObjectKind.COMPOSITE_TYPE)) {
            if (columnsUsing(composite.name(), schema).isEmpty()) {
                for (String attribute : composite.list("attributes")) {
                    String type = CompositeAlteration.typeOf(attribute);
                    if (usesType(type, name)) {
                        sql.add("ALTER TYPE " + composite.name() + " ALTER ATTRIBUTE "
                                + CompositeAlteration.nameOf(attribute) + " SET DATA TYPE "
                                + CompositeAlteration.definitionOf(attribute));
                    }
                }
            }
        }
        sql.add("DROP " + keyword + aside);
        return sql;
    }

    /** The name the old type takes while the new one is created: {@code public.mood__old}. */
    private static String aside(String name) {
        String last = SqlNames.last(name);
        String bare =
                last.startsWith("\"") ? last.substring(1, last.length() - 1).replace("\"\"", "\"") : last;
        String owner = SqlNames.owner(name);
        return (owner.isEmpty() ? "" : owner + ".") + SqlNames.ident(bare + "__old");
    }

    private static String alterColumn(SchemaObject column) {
        return "ALTER TABLE " + SqlNames.owner(column.name()) + " ALTER COLUMN " + SqlNames.last(column.name());
    }

    /**
     * Whether the column is inherited from a parent table (a partition's, an inheriting table's), which changes its
     * type with the parent's and cannot be changed alone.
     */
    private static boolean inherited(SchemaObject column, Snapshot schema) {
        String table = SqlNames.owner(column.name());
        Optional<SchemaObject> owner = find(schema, ObjectKind.TABLE, table);
        if (owner.isEmpty()) {
            return false;
        }
        List<String> parents = new ArrayList<>(owner.get().list("inherits"));
        if (owner.get().text("partitionOf") != null) {
            parents.add(owner.get().text("partitionOf"));
        }
        String own = SqlNames.last(column.name());
        return parents.stream()
                .anyMatch(parent ->
                        find(schema, ObjectKind.COLUMN, parent + "." + own).isPresent());
    }

    private static Optional<SchemaObject> find(Snapshot schema, ObjectKind kind, String name) {
        return schema.objects().stream()
                .filter(object -> object.kind() == kind && object.name().equals(name))
                .findFirst();
    }

    /** The table columns of {@code schema} whose type is {@code type} or an array of it. */
    static List<SchemaObject> columnsUsing(String type, Snapshot schema) {
        return schema.of(ObjectKind.COLUMN).stream()
                .filter(column -> usesType(column.text("type"), type))
                .toList();
    }

    /** Whether a column or attribute of type {@code columnType} holds values of {@code type}. */
    static boolean usesType(String columnType, String type) {
        return columnType != null && (columnType.equals(type) || columnType.startsWith(type + "["));
    }

    /**
     * What must be dropped before the rebuild and created again after it: the objects of {@code schema} that name the
     * type (a check, index or trigger condition with its literals, a function taking or returning it, a view casting
     * to it), and the triggers whose condition uses one of {@code columns}. The users of the tables whose columns are
     * converted the caller adds ({@link ChangeContext#rebuildColumnUsers}).
     */
    static List<SchemaObject> users(String type, List<SchemaObject> columns, Snapshot schema) {
        List<SchemaObject> users = new ArrayList<>();
        for (SchemaObject object : schema.objects()) {
            if (NAMING.contains(object.kind()) && SqlNames.mentions(text(object), type)
                    || object.kind() == ObjectKind.TRIGGER && conditionUses(object, columns)) {
                users.add(object);
            }
        }
        return users;
    }

    /** Whether the trigger's {@code WHEN} condition names one of {@code columns} of its table. */
    private static boolean conditionUses(SchemaObject trigger, List<SchemaObject> columns) {
        String definition = trigger.text("definition");
        int when = definition.indexOf(" WHEN (");
        if (when < 0) {
            return false;
        }
        String table = SqlNames.owner(trigger.name());
        String condition = definition.substring(when, Math.max(when, definition.lastIndexOf(" EXECUTE ")));
        return columns.stream()
                .filter(column -> SqlNames.owner(column.name()).equals(table))
                .anyMatch(column -> SqlNames.mentions(condition, SqlNames.last(column.name())));
    }

    /** The tables of {@code columns}, each once. */
    static List<String> tables(List<SchemaObject> columns) {
        Set<String> tables = new HashSet<>();
        List<String> ordered = new ArrayList<>();
        for (SchemaObject column : columns) {
            String table = SqlNames.owner(column.name());
            if (tables.add(table)) {
                ordered.add(table);
            }
        }
        return ordered;
    }

    /**
     * What a rebuild cannot convert: domains over the type, composite types used by a table that have an attribute of
     * it, and generated columns computed from a column of it. One line each, for a warning.
     */
    static List<String> unhandled(String type, Snapshot schema) {
        List<String> lines = new ArrayList<>();
        for (SchemaObject domain : schema.of(ObjectKind.DOMAIN)) {
            if (usesType(domain.text("type"), type)) {
                lines.add(domain.label() + " is over " + type);
            }
        }
        for (SchemaObject composite : schema.of(ObjectKind.COMPOSITE_TYPE)) {
            boolean attribute =
                    composite.list("attributes").stream().anyMatch(a -> usesType(CompositeAlteration.typeOf(a), type));
            if (attribute && !columnsUsing(composite.name(), schema).isEmpty()) {
                lines.add(composite.label() + " has an attribute of " + type + " and table columns of its own");
            }
        }
        for (SchemaObject generated : schema.of(ObjectKind.COLUMN)) {
            String table = SqlNames.owner(generated.name());
            String expression = generated.text("generated");
            if (expression != null
                    && (SqlNames.mentions(expression, type)
                            || columnsUsing(type, schema).stream()
                                    .anyMatch(column ->
                                            SqlNames.owner(column.name()).equals(table)
                                                    && SqlNames.mentions(expression, SqlNames.last(column.name()))))) {
                lines.add(generated.label() + " is generated from a column of " + type
                        + " (PostgreSQL refuses to convert a column a generated one uses)");
            }
        }
        return lines;
    }

    private static String text(SchemaObject object) {
        return switch (object.kind()) {
            case INDEX -> String.join(" ", object.list("columns")) + " " + object.text("predicate");
            case POLICY -> object.text("using") + " " + object.text("withCheck");
            case FUNCTION -> object.name() + " " + object.text("definition");
            default -> object.text("definition");
        };
    }

    /**
     * Has what names the type {@code from} or uses its {@code columns} dropped and created again around its rebuild,
     * and returns the desired schema's columns of type {@code to} that exist now: those the undo converts back.
     */
    static List<SchemaObject> around(String from, String to, List<SchemaObject> columns, ChangeContext context) {
        users(from, columns, context.current()).forEach(context::rebuild);
        tables(columns).forEach(context::rebuildColumnUsers);
        return columnsUsing(to, context.desired()).stream()
                .filter(column ->
                        context.inCurrent(ObjectKind.COLUMN, column.name()).isPresent())
                .toList();
    }
}
