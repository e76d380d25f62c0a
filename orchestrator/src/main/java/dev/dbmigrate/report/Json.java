package dev.dbmigrate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The tool's JSON, through Jackson: reports are built as trees ({@link #object()}, {@link #strings(List)}) and
 * written in one layout: two spaces of indent, {@code "key": value}, {@code {}} and {@code []} when empty, control
 * characters as {@code \n}, {@code \r}, {@code \t} or <code>&#92;u00xx</code>, and a final newline.
 */
public final class Json {
    private static final JsonMapper MAPPER =
            JsonMapper.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();
    private static final ObjectWriter WRITER = MAPPER.writer(layout()).with(new Escapes());

    private Json() {}

    /** An empty object, its keys kept in the order they are put. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** An array of {@code values}, in order. */
    public static ArrayNode strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** An object of {@code values}, in the map's order. */
    public static ObjectNode strings(Map<String, String> values) {
        ObjectNode object = object();
        values.forEach(object::put);
        return object;
    }

    /** An array of the nodes, in order. */
    public static ArrayNode array(List<? extends JsonNode> nodes) {
        return MAPPER.createArrayNode().addAll(nodes);
    }

    /** The tree as indented JSON text, ending with a newline. */
    public static String write(JsonNode tree) {
        try {
            return WRITER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DefaultPrettyPrinter layout() {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indent).withArrayIndenter(indent);
    }

    /** Jackson's escapes, except backspace and form feed as <code>&#92;u0008</code> and <code>&#92;u000c</code>, as before. */
    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
