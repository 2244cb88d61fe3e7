package dev.tollgate.dynamodb;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/**
 * Items of one table behind a mocked SDK client's BatchGetItem: every requested key that names an
 * item comes back, nothing is left unprocessed. For the store tests that are about which keys one
 * batch asks for and how the answers combine.
 */
final class MockedBatchTable {
    private final String table;
    private final Map<String, Map<String, AttributeValue>> items = new HashMap<>();

    /** Answers {@code client}'s BatchGetItem for {@code table} from the items {@link #put} adds. */
    MockedBatchTable(DynamoDbClient client, String table) {
        this.table = table;
        when(client.batchGetItem(any(BatchGetItemRequest.class))).thenAnswer(invocation -> {
            BatchGetItemRequest request = invocation.getArgument(0);
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            for (Map<String, AttributeValue> key : request.requestItems().get(this.table).keys()) {
                Map<String, AttributeValue> item = items.get(key.get("principal").s());
                if (item != null) {
                    found.add(item);
                }
            }
            return BatchGetItemResponse.builder().responses(Map.of(this.table, found)).build();
        });
    }

    /** Adds the item of {@code principal} with {@code attributes}. */
    void put(String principal, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("principal", AttributeValue.builder().s(principal).build());
        items.put(principal, item);
    }
}
