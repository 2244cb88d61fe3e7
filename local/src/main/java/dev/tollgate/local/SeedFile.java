package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The readable seed of the local permissions table ({@code local/permissions.json}): a JSON array of
 * items in plain JSON, each converted to DynamoDB attribute values.
 *
 * <p>Conversion: string to {@code S}; number to {@code N}; boolean to {@code BOOL}; null to
 * {@code NULL}; a non-empty array of distinct strings to a string set {@code SS} (what tollgate
 * expects for {@code permissions} and {@code roles}); any other array to {@code L}; an object to
 * {@code M}. Every item needs a non-empty string {@code principal} (the partition key).
 */
public final class SeedFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedFile() {
    }

    /**
     * Reads and converts the seed file.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException when it is not a list of items with a principal; the message
     *     names the file and the item's index
     */
    public static List<Map<String, AttributeValue>> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return items(file.toString(), root);
    }

    /** Converts a parsed seed document; {@code source} names it in error messages. */
    static List<Map<String, AttributeValue>> items(String source, JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + " must hold a JSON array of items");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Set<String> principals = new LinkedHashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new IllegalArgumentException(source + " item " + i + " is not a JSON object");
            }
            JsonNode principal = node.get("principal");
            if (principal == null || !principal.isTextual() || principal.asText().isEmpty()) {
                throw new IllegalArgumentException(source + " item " + i + " needs a non-empty string 'principal'");
            }
            if (!principals.add(principal.asText())) {
                throw new IllegalArgumentException(source + " item " + i + ": principal '" + principal.asText()
                        + "' appears twice");
            }
            items.add(item(node));
        }
        return List.copyOf(items);
    }

    /** One JSON object as a DynamoDB item. */
    static Map<String, AttributeValue> item(JsonNode object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        object.properties().forEach(e -> item.put(e.getKey(), value(e.getValue())));
        return item;
    }

    /** One JSON value as an attribute value, by the rules in the class comment. */
    static AttributeValue value(JsonNode node) {
        if (node.isTextual()) {
            return AttributeValue.fromS(node.asText());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isArray()) {
            List<String> strings = new ArrayList<>();
            for (JsonNode element : node) {
                if (element.isTextual()) {
                    strings.add(element.asText());
                }
            }
            if (!strings.isEmpty() && strings.size() == node.size() && new LinkedHashSet<>(strings).size() == strings.size()) {
                return AttributeValue.fromSs(strings);
            }
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(element -> list.add(value(element)));
            return AttributeValue.fromL(list);
        }
        if (node.isObject()) {
            return AttributeValue.fromM(item(node));
        }
        throw new IllegalArgumentException("unsupported JSON value: " + node.getNodeType());
    }
}
