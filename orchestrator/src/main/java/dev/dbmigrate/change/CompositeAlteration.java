package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Changes a composite type's attributes in place: {@code ALTER TYPE ... ADD ATTRIBUTE}, {@code DROP ATTRIBUTE} (which
 * loses the attribute's values in every table column of the type: destructive then) and {@code ALTER ATTRIBUTE ... SET
 * DATA TYPE} (which PostgreSQL refuses while a table column uses the type: a note says so). An added attribute comes
 * last; when the desired order cannot be reached that way, a type no table uses is dropped and created again instead,
 * and for one that a table uses a note says what differs.
 */
final class CompositeAlteration implements Alteration {
    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        Map<String, String> had = byName(from);
        Map<String, String> has = byName(to);
        List<String> dropped =
                had.keySet().stream().filter(name -> !has.containsKey(name)).toList();
        List<String> added =
                has.keySet().stream().filter(name -> !had.containsKey(name)).toList();
        boolean used = !TypeRebuild.columnsUsing(from.name(), context.current()).isEmpty();
        boolean inOrder = reachable(had, dropped, added, has) && reachable(has, added, dropped, had);
        if (!inOrder && !used) {
            // what takes or returns it names it by OID whatever its body: dropped and created again with it
            TypeRebuild.users(from.name(), List.of(), context.current()).forEach(context::rebuild);
            return Optional.empty();
        }
        if (!inOrder) {
            context.note(to.label() + ": its attributes " + String.join(", ", has.keySet())
                    + " cannot be reached in that order in place (an added attribute comes last) while table columns"
                    + " use the type; list the new attributes last in the desired schema, or move the columns to a"
                    + " new type by hand");
        }
        List<Change> changes = new ArrayList<>();
        for (String name : dropped) {
            Change change = Change.of(
                    Phase.MAIN,
                    "drop attribute " + name + " of " + to.label(),
                    List.of("ALTER TYPE " + to.name() + " DROP ATTRIBUTE " + name),
                    List.of("ALTER TYPE " + to.name() + " ADD ATTRIBUTE " + had.get(name)));
            if (used) {
                change = change.warn("drops attribute " + name + " of " + to.label() + ", whose values in the"
                        + " table columns of the type are lost: \"never drop columns without data migration\" (the"
                        + " seed's rule); move the data first");
            }
            changes.add(change);
        }
        for (String name : added) {
            changes.add(Change.of(
                    Phase.MAIN,
                    "add attribute " + name + " to " + to.label(),
                    List.of("ALTER TYPE " + to.name() + " ADD ATTRIBUTE " + has.get(name)),
                    List.of("ALTER TYPE " + to.name() + " DROP ATTRIBUTE " + name)));
        }
        for (String name : has.keySet()) {
            if (had.containsKey(name) && !had.get(name).equals(has.get(name))) {
                if (used) {
                    context.note(to.label() + ": attribute " + name + " changes from " + definitionOf(had.get(name))
                            + " to " + definitionOf(has.get(name)) + ", which PostgreSQL refuses while table columns"
                            + " use the type; nothing was generated for it: move the columns to a new type by hand");
                    continue;
                }
                changes.add(Change.of(
                        Phase.MAIN,
                        "change attribute " + name + " of " + to.label() + " to " + definitionOf(has.get(name)),
                        List.of(setType(to, name, has)),
                        List.of(setType(from, name, had))));
            }
        }
        boolean destructive = used && !dropped.isEmpty();
        return Optional.of(destructive ? List.of(together(changes).destructive(List.of(from))) : changes);
    }

    /** The changes as one, held back or run together: the type is kept whole when a drop is held back. */
    private static Change together(List<Change> changes) {
        List<String> forward = new ArrayList<>();
        List<String> undo = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Change change : changes) {
            forward.addAll(change.forward());
            undo.addAll(0, change.undo());
            warnings.addAll(change.warnings());
        }
        String summary = changes.stream().map(Change::summary).collect(Collectors.joining("; "));
        return new Change(Phase.MAIN, summary, forward, undo, warnings, false, List.of());
    }

    private static String setType(SchemaObject type, String name, Map<String, String> attributes) {
        return "ALTER TYPE " + type.name() + " ALTER ATTRIBUTE " + name + " SET DATA TYPE "
                + definitionOf(attributes.get(name));
    }

    /**
     * Whether altering {@code had} in place ({@code dropped} removed, then {@code added} appended in their order)
     * gives the attributes in the order of {@code has}.
     */
    private static boolean reachable(
            Map<String, String> had, List<String> dropped, List<String> added, Map<String, String> has) {
        List<String> result = new ArrayList<>(had.keySet());
        result.removeAll(dropped);
        result.addAll(added);
        return result.equals(new ArrayList<>(has.keySet()));
    }

    private static Map<String, String> byName(SchemaObject type) {
        Map<String, String> attributes = new LinkedHashMap<>();
        type.list("attributes").forEach(attribute -> attributes.put(nameOf(attribute), attribute));
        return attributes;
    }

    /** An attribute's name ({@code "Line no"} quoted as the snapshot has it) from {@code name type [COLLATE c]}. */
    static String nameOf(String attribute) {
        return attribute.substring(0, nameEnd(attribute));
    }

    /** An attribute's type and collation: what follows its name. */
    static String definitionOf(String attribute) {
        return attribute.substring(nameEnd(attribute)).strip();
    }

    /** An attribute's type, without its collation. */
    static String typeOf(String attribute) {
        String definition = definitionOf(attribute);
        int collate = definition.indexOf(" COLLATE ");
        return collate < 0 ? definition : definition.substring(0, collate);
    }

    private static int nameEnd(String attribute) {
        if (!attribute.startsWith("\"")) {
            int space = attribute.indexOf(' ');
            return space < 0 ? attribute.length() : space;
        }
        int at = 1;
        while (at < attribute.length()) {
            if (attribute.charAt(at) == '"') {
                if (at + 1 < attribute.length() && attribute.charAt(at + 1) == '"') {
                    at += 2;
                    continue;
                }
                return at + 1;
            }
            at++;
        }
        return attribute.length();
    }
}
