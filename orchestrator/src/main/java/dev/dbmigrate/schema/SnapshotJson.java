package dev.dbmigrate.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot as a JSON document: stable (keys sorted, one property per line, the same bytes for the same schema) so
 * two snapshots diff cleanly in git. Its first key names the format ({@value #FORMAT}); objects sit under their kind's
 * key ({@code "tables"}), by name; objects of kinds not modelled are listed under {@code "unmodelled"}.
 */
public final class SnapshotJson {
    /** The format this class writes and reads. */
    public static final String FORMAT = "migrate-snapshot/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotJson() {}

    /** The snapshot as JSON text, ending with a newline. */
    public static String write(Snapshot snapshot) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("server", snapshot.server());
        for (ObjectKind kind : ObjectKind.values()) {
            Map<String, Object> objects = new LinkedHashMap<>();
            for (SchemaObject object : snapshot.of(kind)) {
                objects.put(object.name(), object.properties());
            }
            if (!objects.isEmpty()) {
                root.put(kind.jsonKey(), objects);
            }
        }
        root.put("unmodelled", snapshot.unmodelled());
        try {
            return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a snapshot written by {@link #write}; {@code source} names where the text came from, for the message.
     *
     * @throws IllegalArgumentException naming the source, what is wrong and where, when it is not such a snapshot
     */
    public static Snapshot read(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "): give a snapshot file written by migrate:snapshot");
        }
        if (root == null
                || !root.isObject()
                || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + " is not a migrate snapshot (its \"format\" is "
                    + (root == null || !root.has("format") ? "missing" : root.get("format")) + ", expected \"" + FORMAT
                    + "\"): give a snapshot file written by migrate:snapshot");
        }
        List<SchemaObject> objects = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("format") || key.equals("server") || key.equals("unmodelled")) {
                continue;
            }
            ObjectKind kind = ObjectKind.ofJsonKey(key)
                    .orElseThrow(() -> new IllegalArgumentException(source + " has an unknown key \"" + key
                            + "\": a snapshot's keys are format, server, unmodelled and the kinds of docs/schema.md"));
            field.getValue().fields().forEachRemaining(entry -> objects.add(object(kind, entry, source)));
        }
        List<String> unmodelled = new ArrayList<>();
        root.path("unmodelled").forEach(node -> unmodelled.add(node.asText()));
        return new Snapshot(root.path("server").asText(""), objects, unmodelled);
    }

    private static SchemaObject object(ObjectKind kind, Map.Entry<String, JsonNode> entry, String source) {
        TreeMap<String, Object> properties = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = entry.getValue().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            properties.put(field.getKey(), value(field.getValue(), kind, entry.getKey(), field.getKey(), source));
        }
        return new SchemaObject(kind, entry.getKey(), properties);
    }

    private static Object value(JsonNode node, ObjectKind kind, String name, String property, String source) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return items;
        }
        if (node.isValueNode() && !node.isNull()) {
            return node.asText();
        }
        throw new IllegalArgumentException(source + ": " + kind.word() + " " + name + " has a property " + property
                + " that is " + (node.isNull() ? "null" : "an object")
                + ": properties are strings, booleans or lists of strings");
    }
}
