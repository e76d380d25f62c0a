package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the SQL that creates a {@link Snapshot}'s objects in an empty database: {@link #createAll} for the whole
 * snapshot, in dependency order, so that the snapshot of the database it builds equals the one it was written from.
 * {@link #create} and {@link #drop} are the statements of one object, for a writer that turns a
 * {@link SchemaDiff} into a migration: it picks the objects, and their order, itself.
 *
 * <p>Names and expressions are used as the snapshot holds them (quoted and qualified as the catalogs print them).
 * Roles are not created: every role a grant or a policy names must exist where the SQL runs.
 */
public final class SnapshotSql {
    private SnapshotSql() {}

    /**
     * The script that creates every object of {@code snapshot} in an empty database: {@link #statements} each ended
     * by a semicolon, separated by a blank line.
     */
    public static String createAll(Snapshot snapshot) {
        StringBuilder script = new StringBuilder();
        for (String statement : statements(snapshot)) {
            script.append(statement).append(";\n\n");
        }
        return script.toString();
    }

    /**
     * The statements of {@link #createAll}, without semicolons, in the order they must run: schemas, extensions,
     * enums, then domains, composite types and the functions that name no table or view (each after what it names),
     * sequences, tables (parents first) with their columns, columns of tables the snapshot does not hold ({@code ADD
     * COLUMN}), sequence ownership, primary key, unique, exclusion and check constraints (children's before their
     * parents'), then the other functions, views and materialized views (each after what it names), indexes, foreign
     * keys, triggers, policies. The first sets {@code check_function_bodies} off, as pg_dump's scripts do. The schema
     * {@code public} and the extension {@code plpgsql}, which every new database has, are only commented and granted.
     * Any snapshot will do: one of only the objects a diff finds on one side gives the statements that create them.
     */
    public static List<String> statements(Snapshot snapshot) {
        return CreationOrder.statements(snapshot);
    }

    /** One object's statements in {@link #steps}: those that create it, or (a sequence's OWNED BY) finish it. */
    public record Step(SchemaObject object, List<String> statements) {
        public Step {
            statements = List.copyOf(statements);
        }
    }

    /**
     * The statements of {@link #statements}, but the first {@code SET}, as one step per object, in the same order: a
     * writer that creates some objects one way and others another (an index {@code CONCURRENTLY}) routes each step.
     * An object may have two steps (a sequence is owned by its column after the tables exist).
     */
    public static List<Step> steps(Snapshot snapshot) {
        return CreationOrder.steps(snapshot, snapshot);
    }

    /**
     * The {@link #steps} of the objects of {@code snapshot}, part of the schema {@code within}: a table whose parent
     * {@code snapshot} lacks (a new partition of a table that exists) takes its parent's columns from {@code within}.
     */
    public static List<Step> steps(Snapshot snapshot, Snapshot within) {
        return CreationOrder.steps(snapshot, within);
    }

    /**
     * The statements that create one object as the snapshot {@code within} describes it, with its comment, grants
     * and settings (a table's row-level security, a trigger's firing mode, a sequence's owning column). A table is
     * created with its columns from {@code within}; a column alone is added to its table ({@code ALTER TABLE ... ADD
     * COLUMN}). The objects it depends on must exist.
     */
    public static List<String> create(SchemaObject object, Snapshot within) {
        return switch (object.kind()) {
            case SCHEMA -> decorated(TypeSql.schema(object), object);
            case EXTENSION -> decorated(TypeSql.extension(object), object);
            case ENUM -> decorated(TypeSql.enumType(object), object);
            case DOMAIN -> decorated(TypeSql.domain(object), object);
            case COMPOSITE_TYPE -> decorated(TypeSql.composite(object), object);
            case SEQUENCE -> sequence(object);
            case TABLE -> TableSql.table(object, table -> TableSql.columnsOf(table, within));
            case COLUMN -> TableSql.addColumn(object);
            case CONSTRAINT -> IndexSql.constraint(object);
            case INDEX -> IndexSql.index(object);
            case VIEW -> CodeSql.view(object);
            case MATERIALIZED_VIEW -> CodeSql.materializedView(object);
            case FUNCTION -> CodeSql.function(object);
            case TRIGGER -> CodeSql.trigger(object);
            case POLICY -> CodeSql.policy(object);
        };
    }

    /**
     * The statement that drops one object, without {@code CASCADE}: what depends on it must be dropped first. A
     * column, a constraint, a trigger and a policy are dropped from their table.
     */
    public static String drop(SchemaObject object) {
        String name = object.name();
        return switch (object.kind()) {
            case COLUMN -> "ALTER TABLE " + SqlNames.owner(name) + " DROP COLUMN " + SqlNames.last(name);
            case CONSTRAINT -> "ALTER TABLE " + SqlNames.owner(name) + " DROP CONSTRAINT " + SqlNames.last(name);
            default -> "DROP " + AccessSql.reference(object);
        };
    }

    /** How COMMENT ON, DROP and GRANT name the object: {@code TABLE app.orders}, {@code TRIGGER audit ON app.orders}. */
    public static String reference(SchemaObject object) {
        return AccessSql.reference(object);
    }

    /** The COMMENT statement of the object's comment; empty when it has none. */
    public static List<String> comment(SchemaObject object) {
        return AccessSql.comment(object);
    }

    /** The GRANT statements of the object's grants (a function's first revoke PUBLIC's default EXECUTE). */
    public static List<String> grants(SchemaObject object) {
        return AccessSql.grants(object);
    }

    /** A column as CREATE TABLE and ADD COLUMN write it: {@code name type [COLLATE] [DEFAULT] [identity] [NOT NULL]}. */
    public static String columnDefinition(SchemaObject column) {
        return TableSql.columnDefinition(column);
    }

    private static List<String> sequence(SchemaObject sequence) {
        List<String> statements = new ArrayList<>();
        statements.add(TableSql.sequence(sequence));
        TableSql.ownedBy(sequence).ifPresent(statements::add);
        statements.addAll(AccessSql.comment(sequence));
        statements.addAll(AccessSql.grants(sequence));
        return statements;
    }

    private static List<String> decorated(String create, SchemaObject object) {
        List<String> statements = new ArrayList<>();
        statements.add(create);
        statements.addAll(AccessSql.comment(object));
        statements.addAll(AccessSql.grants(object));
        return statements;
    }
}
