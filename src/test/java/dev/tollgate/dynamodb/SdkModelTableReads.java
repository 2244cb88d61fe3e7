package dev.tollgate.dynamodb;

import dev.tollgate.permission.PermissionStoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Test fixture: {@link TableReads} over a (mocked) SDK {@code DynamoDbClient}, so the store's tests
 * state requests and items in the SDK's model types ({@code GetItemRequest}, {@code AttributeValue}),
 * DynamoDB's own vocabulary, while the store's logic runs unchanged.
 */
final class SdkModelTableReads implements TableReads {
    private final DynamoDbClient client;

    SdkModelTableReads(DynamoDbClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Map<String, Attribute> getItem(ItemRead read) {
        GetItemResponse response = client.getItem(GetItemRequest.builder()
            .tableName(read.table())
            .key(Map.of(read.keyName(), AttributeValue.fromS(read.keys().get(0))))
            .projectionExpression(read.projection())
            .expressionAttributeNames(read.names())
            .consistentRead(read.consistentRead())
            .build());
        // No item: the SDK gives an empty auto-construct map, not null.
        return response.hasItem() && !response.item().isEmpty() ? attributes(response.item()) : null;
    }

    @Override
    public BatchResult batchGetItem(ItemRead read) {
        List<Map<String, AttributeValue>> keyMaps = new ArrayList<>(read.keys().size());
        for (String key : read.keys()) {
            keyMaps.add(Map.of(read.keyName(), AttributeValue.fromS(key)));
        }
        KeysAndAttributes keys = KeysAndAttributes.builder()
                .keys(keyMaps)
                .projectionExpression(read.projection())
                .expressionAttributeNames(read.names())
                .consistentRead(read.consistentRead())
                .build();
        BatchGetItemResponse response = client.batchGetItem(BatchGetItemRequest.builder()
            .requestItems(Map.of(read.table(), keys))
            .build());
        List<Map<String, Attribute>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(read.table(), List.of())) {
            items.add(attributes(item));
        }
        List<String> unprocessed = new ArrayList<>();
        KeysAndAttributes left = response.unprocessedKeys().get(read.table());
        if (left != null && left.hasKeys()) {
            for (Map<String, AttributeValue> key : left.keys()) {
                AttributeValue value = key.get(read.keyName());
                if (value == null || value.type() != AttributeValue.Type.S) {
                    // Never drop a key silently: an unreadable unprocessed key fails the read.
                    throw new PermissionStoreException("DynamoDB BatchGetItem on table " + read.table()
                            + " returned an unprocessed key without a string " + read.keyName(), null);
                }
                unprocessed.add(value.s());
            }
        }
        return new BatchResult(items, unprocessed);
    }

    static Map<String, Attribute> attributes(Map<String, AttributeValue> item) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        item.forEach((name, value) -> attributes.put(name, attribute(value)));
        return attributes;
    }

    private static Attribute attribute(AttributeValue value) {
        switch (value.type()) {
            case S:
                return Attribute.s(value.s());
            case N:
                return Attribute.n(value.n());
            case SS:
                return Attribute.ss(value.ss());
            case L: {
                List<Attribute> elements = new ArrayList<>(value.l().size());
                for (AttributeValue element : value.l()) {
                    elements.add(attribute(element));
                }
                return Attribute.l(elements);
            }
            case BOOL:
                return Attribute.bool(value.bool());
            case NUL:
                return Attribute.other("NULL"); // the wire name, as DynamoDbJson reports it
            case UNKNOWN_TO_SDK_VERSION:
                return Attribute.other(Attribute.MALFORMED);
            default:
                return Attribute.other(value.type().name());
        }
    }
}
