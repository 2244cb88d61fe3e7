package dev.tollgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.Map;

/**
 * Reads and writes Jackson {@link JsonNode} trees with the streaming parser and generator alone.
 *
 * <p>Why not {@code ObjectMapper.readTree}: constructing the first {@code ObjectMapper} loads and
 * links ~600 classes of data-binding machinery (serializer and deserializer factories, type
 * introspection) that tollgate never uses; ~120 ms of a cold start on the project's machine
 * (JDK 17, C1, fresh JVMs), against ~5 ms for this reader. The tree it builds is the one {@code readTree} builds: the same node types, a repeated
 * object key keeps its last value, integers as int/long/big-integer nodes, other numbers as doubles.
 *
 * <p>Stricter than {@code readTree} on purpose: content after the first value is an error (it would
 * otherwise be ignored silently), and an empty input is an error rather than a "missing" node.
 * Nesting depth, number length and string length are bounded by the parser's default
 * {@link com.fasterxml.jackson.core.StreamReadConstraints}, so the recursion here is bounded too.
 *
 * <p>Never call {@code JsonNode.toString()} on a tollgate path: Jackson implements it with an
 * {@code ObjectMapper}; use {@link #write(JsonNode)}.
 */
public final class JsonTrees {

    /**
     * Thread-safe once configured; shared by every reader and writer in the process. Callers own
     * their streams: the parser and generator never close them.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /**
     * Reads one JSON document.
     *
     * @param input read to its end; not closed
     * @return the document's root (any JSON value)
     * @throws JsonProcessingException when the input is empty, not JSON, or has content after the
     *     first value ({@link JsonParseException}), or breaks a parser constraint
     *     ({@link com.fasterxml.jackson.core.exc.StreamConstraintsException})
     * @throws IOException when the stream cannot be read
     */
    public static JsonNode read(InputStream input) throws IOException {
        try (JsonParser parser = FACTORY.createParser(input)) {
            return document(parser);
        }
    }

    /**
     * Reads one JSON document from bytes (UTF-8, UTF-16 or UTF-32, detected as Jackson does; invalid
     * UTF-8 is an error, not a replacement character).
     *
     * @throws JsonProcessingException as {@link #read(InputStream)}
     */
    public static JsonNode read(byte[] json) throws JsonProcessingException {
        return readInMemory(() -> FACTORY.createParser(json));
    }

    /**
     * Reads one JSON document from text.
     *
     * @throws JsonProcessingException as {@link #read(InputStream)}
     */
    public static JsonNode read(String json) throws JsonProcessingException {
        return readInMemory(() -> FACTORY.createParser(json));
    }

    private interface InMemorySource {
        JsonParser open() throws IOException;
    }

    private static JsonNode readInMemory(InMemorySource source) throws JsonProcessingException {
        try (JsonParser parser = source.open()) {
            return document(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // Memory cannot fail to read; anything else the parser raises is a parse error.
            throw new JsonParseException(null, e.getMessage(), e);
        }
    }

    /** Writes a tree as compact JSON (what {@code JsonNode.toString()} gives, without an ObjectMapper). */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toString();
    }

    /** Writes a tree to a generator (string, number, boolean, null, array and object nodes). */
    public static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode item : node) {
                    write(item, generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    generator.writeNumber(node.bigIntegerValue());
                } else if (node.isFloat()) {
                    generator.writeNumber(node.floatValue());
                } else if (node.isBigDecimal()) {
                    generator.writeNumber(node.decimalValue());
                } else {
                    generator.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node");
        }
    }

    private static JsonNode document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new JsonParseException(parser, "no JSON value (empty input)");
        }
        JsonNode root = value(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the JSON value");
        }
        return root;
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input");
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    array.add(value(parser, item));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                // END_OBJECT or END_ARRAY where a value belongs: the parser normally reports these itself.
                throw new JsonParseException(parser, "unexpected " + token);
        }
    }
}
