package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The current schema as it is after confirmed renames: the renamed table or column under its new name, and what
 * PostgreSQL rewrites with it (the columns, constraints, triggers and policies of a renamed table; index columns,
 * constraint definitions, policy expressions, trigger column lists and sequence owners that name a renamed column,
 * in the table and the partitions and children that share the column). Each rewritten object remembers its original,
 * which the drops use: they run before the renames. Views, materialized views and functions over a renamed table are
 * not rewritten but collected: they are dropped before the renames and created again after.
 */
final class RenamedSnapshot {
    private static final Set<ObjectKind> OVER_TABLES =
            Set.of(ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.FUNCTION, ObjectKind.POLICY);

    private final String server;
    private final Snapshot original;
    private final Map<String, SchemaObject> objects = new LinkedHashMap<>();
    /** The original of every rewritten object, by the rewritten object's key. */
    private final Map<String, SchemaObject> originals = new LinkedHashMap<>();

    private final Map<String, SchemaObject> renamedFrom = new LinkedHashMap<>();
    private final List<SchemaObject> rebuild = new ArrayList<>();

    RenamedSnapshot(Snapshot current) {
        this.server = current.server();
        this.original = current;
        current.objects().forEach(object -> objects.put(Drops.key(object), object));
    }

    Snapshot snapshot() {
        return Snapshot.of(server, objects.values());
    }

    /** The snapshot before the renames. */
    Snapshot original() {
        return original;
    }

    List<SchemaObject> objects() {
        return List.copyOf(objects.values());
    }

    /** The object before the renames (itself when no rename touched it). */
    SchemaObject original(SchemaObject object) {
        return originals.getOrDefault(Drops.key(object), object);
    }

    /** The object after the renames, given the original (itself when no rename touched it). */
    SchemaObject renamed(SchemaObject original) {
        return renamedFrom.getOrDefault(Drops.key(original), original);
    }

    /** The views, materialized views, functions and policies to drop before the renames and create again after. */
    List<SchemaObject> rebuild() {
        return List.copyOf(rebuild);
    }

    /** Renames the table {@code table} (its qualified name) to {@code renamed} (qualified, same schema). */
    void renameTable(String table, String renamed) {
        collectUsers(table, null);
        UnaryOperator<String> name = text -> replaceName(text, table, renamed);
        for (SchemaObject object : List.copyOf(objects.values())) {
            String owner = SqlNames.owner(object.name());
            SchemaObject rewritten = switch (object.kind()) {
                case TABLE ->
                    object.name().equals(table)
                            ? withName(object, renamed)
                            : object.with("partitionOf", name.apply(object.text("partitionOf")))
                                    .with(
                                            "inherits",
                                            object.list("inherits").stream()
                                                    .map(name)
                                                    .toList());
                case COLUMN, CONSTRAINT, TRIGGER, POLICY -> {
                    SchemaObject moved = owner.equals(table)
                            ? withName(object, renamed + "." + SqlNames.last(object.name()))
                            : object;
                    yield rewriteText(moved, name, "definition");
                }
                case INDEX -> object.with("table", name.apply(object.text("table")));
                case SEQUENCE -> object.with("ownedBy", name.apply(object.text("ownedBy")));
                default -> object;
            };
            replace(object, rewritten);
        }
    }

    /**
     * Renames the column {@code column} (its qualified name) of {@code tables} (its table and the partitions and
     * children that share it) to {@code renamed} (the bare new name).
     */
    void renameColumn(List<String> tables, String column, String renamed) {
        tables.forEach(table -> collectUsers(table, column));
        UnaryOperator<String> ident = text -> replaceIdentifier(text, column, renamed);
        for (SchemaObject object : List.copyOf(objects.values())) {
            String owner = SqlNames.owner(object.name());
            boolean ofTable = tables.contains(owner);
            SchemaObject rewritten = switch (object.kind()) {
                case COLUMN ->
                    ofTable && SqlNames.last(object.name()).equals(column)
                            ? withName(object, owner + "." + renamed)
                            : object;
                case CONSTRAINT -> rewriteReferences(ofTable ? rewriteLocal(object, ident) : object, tables, ident);
                case TABLE -> tables.contains(object.name()) ? rewriteText(object, ident, "partitionBy") : object;
                case TRIGGER -> ofTable ? rewriteText(object, ident, "definition") : object;
                case POLICY -> ofTable ? rewriteText(rewriteText(object, ident, "using"), ident, "withCheck") : object;
                case INDEX ->
                    tables.contains(object.text("table"))
                            ? rewriteText(object, ident, "predicate")
                                    .with(
                                            "columns",
                                            object.list("columns").stream()
                                                    .map(ident)
                                                    .toList())
                                    .with(
                                            "include",
                                            object.list("include").stream()
                                                    .map(ident)
                                                    .toList())
                            : object;
                case SEQUENCE ->
                    tables.stream().anyMatch(t -> (t + "." + column).equals(object.text("ownedBy")))
                            ? object.with("ownedBy", SqlNames.owner(object.text("ownedBy")) + "." + renamed)
                            : object;
                default -> object;
            };
            replace(object, rewritten);
        }
    }

    /**
     * Renames a constraint, an index or a sequence (what a renamed table's default names call for); a sequence's
     * new name is written into the defaults that call {@code nextval} on it.
     */
    void renameObject(SchemaObject object, String name) {
        replace(object, withName(object, name));
        if (object.kind() != ObjectKind.SEQUENCE) {
            return;
        }
        for (SchemaObject column : List.copyOf(objects.values())) {
            String fallback = column.kind() == ObjectKind.COLUMN ? column.text("default") : null;
            if (fallback != null) {
                String rewritten = fallback.replace(regclass(object.name()), regclass(name))
                        .replace(regclass(unqualified(object.name())), regclass(unqualified(name)));
                replace(column, column.with("default", rewritten));
            }
        }
    }

    private static String regclass(String name) {
        return "'" + name + "'::regclass";
    }

    /** A name without {@code public.}: how a regclass literal prints it when {@code public} is on the search path. */
    private static String unqualified(String name) {
        return name.startsWith("public.") ? name.substring("public.".length()) : name;
    }

    /** A constraint of the table: its definition rewritten, but for a foreign key's {@code REFERENCES} part. */
    private static SchemaObject rewriteLocal(SchemaObject constraint, UnaryOperator<String> f) {
        String definition = constraint.text("definition");
        int at = definition == null ? -1 : definition.indexOf(" REFERENCES ");
        if (at < 0) {
            return rewriteText(constraint, f, "definition");
        }
        return constraint.with("definition", f.apply(definition.substring(0, at)) + definition.substring(at));
    }

    /**
     * A foreign key that references one of {@code tables}: {@code f} applied to its {@code REFERENCES table(columns)}
     * part (the referenced table and columns), the rest left as it is.
     */
    private static SchemaObject rewriteReferences(
            SchemaObject constraint, List<String> tables, UnaryOperator<String> f) {
        String definition = constraint.text("definition");
        int at = definition == null ? -1 : definition.indexOf("REFERENCES ");
        int close = at < 0 ? -1 : definition.indexOf(')', at);
        if (close < 0 || tables.stream().noneMatch(t -> SqlNames.mentions(definition.substring(at, close), t))) {
            return constraint;
        }
        return constraint.with(
                "definition",
                definition.substring(0, at) + f.apply(definition.substring(at, close)) + definition.substring(close));
    }

    /**
     * Collects the views, materialized views, SQL-standard functions and other tables' policies whose definitions
     * name {@code table} (and {@code column}, unless null): PostgreSQL keeps them working through a rename but prints
     * them differently from the same definition written with the new name.
     */
    private void collectUsers(String table, String column) {
        for (SchemaObject object : objects.values()) {
            String text = usersText(object);
            if (OVER_TABLES.contains(object.kind())
                    && !SqlNames.owner(object.name()).equals(table)
                    && SqlNames.mentions(text, table)
                    && (column == null || !replaceIdentifier(text, column, "").equals(text))) {
                rebuild.add(original(object));
            }
        }
    }

    private static String usersText(SchemaObject object) {
        String definition = object.text("definition");
        return switch (object.kind()) {
            case POLICY -> object.text("using") + " " + object.text("withCheck");
            case FUNCTION -> definition == null || definition.contains("\nAS ") ? null : definition;
            default -> definition;
        };
    }

    private void replace(SchemaObject before, SchemaObject after) {
        if (before.equals(after)) {
            return;
        }
        SchemaObject original = original(before);
        objects.remove(Drops.key(before));
        originals.remove(Drops.key(before));
        objects.put(Drops.key(after), after);
        originals.put(Drops.key(after), original);
        renamedFrom.put(Drops.key(original), after);
    }

    private static SchemaObject withName(SchemaObject object, String name) {
        return new SchemaObject(object.kind(), name, new TreeMap<>(object.properties()));
    }

    private static SchemaObject rewriteText(SchemaObject object, UnaryOperator<String> f, String property) {
        String text = object.text(property);
        return text == null ? object : object.with(property, f.apply(text));
    }

    /** {@code text} with the identifier {@code name} (standing alone, or after a dot) replaced. */
    static String replaceIdentifier(String text, String name, String replacement) {
        if (text == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("(?<![\\w$\"])" + Pattern.quote(name) + "(?![\\w$\"])")
                .matcher(text);
        return matcher.replaceAll(Matcher.quoteReplacement(replacement));
    }

    /** {@code text} with the qualified name {@code name} (or, in {@code public}, its bare name) replaced. */
    static String replaceName(String text, String name, String replacement) {
        if (text == null) {
            return null;
        }
        String result = text.replaceAll(
                "(?<![\\w$\".])" + Pattern.quote(name) + "(?![\\w$\"])", Matcher.quoteReplacement(replacement));
        List<String> parts = SqlNames.parts(name);
        if (parts.size() == 2 && parts.get(0).equals("public")) {
            result = result.replaceAll(
                    "(?<![\\w$\".])" + Pattern.quote(parts.get(1)) + "(?![\\w$\"])",
                    Matcher.quoteReplacement(SqlNames.last(replacement)));
        }
        return result;
    }
}
