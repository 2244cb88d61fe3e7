package dev.tollgate.dynamodb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.permission.PermissionStoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * DynamoDB's JSON protocol ({@code application/x-amz-json-1.0}) for GetItem and BatchGetItem:
 * request bodies out, responses and error documents in. Responses are read fail-closed: a
 * malformed document fails the read, an attribute value of an unexpected shape becomes
 * {@link Attribute#MALFORMED} (which the item rules read as "no permissions" or "disabled"), and
 * an unprocessed key is never dropped.
 */
final class DynamoDbJson {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "DynamoDB_20120810.";

    private static final Set<String> THROTTLING = Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "RequestLimitExceeded", "Throttling", "TooManyRequestsException");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z]{1,4}");

    private DynamoDbJson() {}

    // ---- requests -------------------------------------------------------------------------------

    static byte[] getItemRequest(TableReads.ItemRead read) {
        return json(generator -> {
            generator.writeStringField("TableName", read.table());
            generator.writeFieldName("Key");
            key(generator, read.keyName(), read.keys().get(0));
            readOptions(generator, read);
        });
    }

    static byte[] batchGetItemRequest(TableReads.ItemRead read) {
        return json(generator -> {
            generator.writeObjectFieldStart("RequestItems");
            generator.writeObjectFieldStart(read.table());
            generator.writeArrayFieldStart("Keys");
            for (String key : read.keys()) {
                key(generator, read.keyName(), key);
            }
            generator.writeEndArray();
            readOptions(generator, read);
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JsonTrees.FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            body.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void key(JsonGenerator generator, String keyName, String key) throws IOException {
        generator.writeStartObject();
        generator.writeObjectFieldStart(keyName);
        generator.writeStringField("S", key);
        generator.writeEndObject();
        generator.writeEndObject();
    }

    private static void readOptions(JsonGenerator generator, TableReads.ItemRead read) throws IOException {
        generator.writeStringField("ProjectionExpression", read.projection());
        generator.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : read.names().entrySet()) {
            generator.writeStringField(name.getKey(), name.getValue());
        }
        generator.writeEndObject();
        generator.writeBooleanField("ConsistentRead", read.consistentRead());
    }

    // ---- responses ------------------------------------------------------------------------------

    /**
     * A 200 response's document.
     *
     * @throws AttemptFailure (retryable) when it is not a JSON object: a cut or garbled body is a
     *     transport fault like any other
     */
    static JsonNode document(byte[] response) throws AttemptFailure {
        try {
            JsonNode root = JsonTrees.read(response);
            if (root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AttemptFailure(true, false, "response is not a JSON object", null);
    }

    /** @return GetItem's item, or null when there is none */
    static Map<String, Attribute> item(JsonNode response, String table) {
        JsonNode item = response.get("Item");
        if (item == null || (item.isObject() && item.isEmpty())) {
            return null; // no such item
        }
        if (!item.isObject()) {
            throw malformed("GetItem", table, "Item is not an object");
        }
        return attributes(item);
    }

    static TableReads.BatchResult batchResult(JsonNode response, String table, String keyName) {
        List<Map<String, Attribute>> items = new ArrayList<>();
        JsonNode found = response.path("Responses").path(table);
        if (!found.isMissingNode()) {
            if (!found.isArray()) {
                throw malformed("BatchGetItem", table, "Responses is not a list of items");
            }
            for (JsonNode item : found) {
                if (!item.isObject()) {
                    throw malformed("BatchGetItem", table, "an item is not an object");
                }
                items.add(attributes(item));
            }
        }
        List<String> unprocessed = new ArrayList<>();
        JsonNode left = response.path("UnprocessedKeys").path(table);
        if (!left.isMissingNode() && !(left.isObject() && left.path("Keys").isArray())) {
            // Iterating a string, an object or a missing node would read as "nothing left": never drop keys.
            throw malformed("BatchGetItem", table, "UnprocessedKeys has no list of keys");
        }
        for (JsonNode key : left.path("Keys")) {
            JsonNode value = key.path(keyName).path("S");
            if (!value.isTextual()) {
                // Never drop a key silently: an unreadable unprocessed key fails the read.
                throw malformed("BatchGetItem", table, "an unprocessed key has no string " + keyName);
            }
            unprocessed.add(value.textValue());
        }
        return new TableReads.BatchResult(items, unprocessed);
    }

    /** An item in DynamoDB's JSON: {@code {"name": {"S": "..."}, ...}}. */
    static Map<String, Attribute> attributes(JsonNode item) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.put(field.getKey(), attribute(field.getValue()));
        }
        return attributes;
    }

    /** One attribute value: an object with exactly one member, named by the type. */
    static Attribute attribute(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return Attribute.other(Attribute.MALFORMED);
        }
        Map.Entry<String, JsonNode> only = value.fields().next();
        String type = only.getKey();
        JsonNode content = only.getValue();
        switch (type) {
            case Attribute.S:
                return content.isTextual() ? Attribute.s(content.textValue()) : Attribute.other(Attribute.MALFORMED);
            case Attribute.N:
                return content.isTextual() ? Attribute.n(content.textValue()) : Attribute.other(Attribute.MALFORMED);
            case Attribute.SS: {
                if (!content.isArray()) {
                    return Attribute.other(Attribute.MALFORMED);
                }
                List<String> strings = new ArrayList<>(content.size());
                for (JsonNode element : content) {
                    if (!element.isTextual()) {
                        return Attribute.other(Attribute.MALFORMED);
                    }
                    strings.add(element.textValue());
                }
                return Attribute.ss(strings);
            }
            case Attribute.L: {
                if (!content.isArray()) {
                    return Attribute.other(Attribute.MALFORMED);
                }
                List<Attribute> elements = new ArrayList<>(content.size());
                for (JsonNode element : content) {
                    elements.add(attribute(element));
                }
                return Attribute.l(elements);
            }
            case Attribute.BOOL:
                return content.isBoolean() ? Attribute.bool(content.booleanValue()) : Attribute.other(Attribute.MALFORMED);
            default:
                // Only DynamoDB's own type names reach a log line; anything else is just "malformed".
                return Attribute.other(TYPE_NAME.matcher(type).matches() ? type : Attribute.MALFORMED);
        }
    }

    /**
     * An error response, {@code {"__type": "...#Name", "message": "..."}}: retryable when throttled
     * (HTTP 429 or a throttling type) or a 5xx; validation, a missing table, access denied and bad
     * credentials are not.
     */
    static AttemptFailure error(int status, byte[] response) {
        String type = null;
        String message = null;
        try {
            JsonNode error = JsonTrees.read(response);
            JsonNode typeNode = error.path("__type");
            if (typeNode.isTextual()) {
                String text = typeNode.textValue();
                type = text.substring(text.lastIndexOf('#') + 1);
            }
            JsonNode messageNode = error.has("message") ? error.get("message") : error.path("Message");
            message = messageNode.isTextual() ? messageNode.textValue() : null;
        } catch (IOException | RuntimeException e) {
            // not a JSON error document: the status says enough
        }
        boolean throttled = status == 429 || (type != null && THROTTLING.contains(type));
        boolean retryable = throttled || status >= 500;
        String description = (type == null ? "HTTP " + status : type + " (HTTP " + status + ")")
                + (message == null ? "" : ": " + abbreviate(message));
        return new AttemptFailure(retryable, throttled, description, null);
    }

    private static PermissionStoreException malformed(String operation, String table, String what) {
        return new PermissionStoreException("DynamoDB " + operation + " on table " + table
                + " failed: malformed response (" + what + ")", null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
