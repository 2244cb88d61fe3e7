package dev.tollgate.dynamodb;

import dev.tollgate.permission.PermissionStoreException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The two DynamoDB reads of the permission store ({@link HttpTableReads} in production; fakes in
 * tests). Implementations apply the configured timeouts and retries and are thread-safe.
 */
interface TableReads {

    /**
     * One {@code GetItem}.
     *
     * @return the item's attributes by name, or null when the table holds no item with the key
     * @throws PermissionStoreException when DynamoDB cannot answer within the budget; the message
     *     names the operation, the table and the cause
     */
    Map<String, Attribute> getItem(ItemRead read);

    /**
     * One {@code BatchGetItem} over {@code read.keys()} (at most 100).
     *
     * @return the items found, and the keys DynamoDB left unprocessed (to be asked again)
     * @throws PermissionStoreException as {@link #getItem}
     */
    BatchResult batchGetItem(ItemRead read);

    /**
     * Opens a connection to DynamoDB (TLS handshake included) and leaves it where the next read
     * finds it; reads nothing, signs nothing. Nothing by default.
     *
     * @throws IOException when DynamoDB cannot be reached in the attempt budget
     */
    default void connect() throws IOException {}

    /**
     * What to read: items of {@code table} whose string partition key {@code keyName} is one of
     * {@code keys} (exactly one for GetItem), the attributes of {@code projection} with its
     * {@code #name} placeholders resolved by {@code names}.
     */
    record ItemRead(String table, String keyName, List<String> keys, String projection, Map<String, String> names,
            boolean consistentRead) {
        public ItemRead {
            keys = List.copyOf(keys);
            names = Map.copyOf(names);
        }
    }

    /** The result of one BatchGetItem request. */
    record BatchResult(List<Map<String, Attribute>> items, List<String> unprocessedKeys) {
        public BatchResult {
            items = List.copyOf(items);
            unprocessedKeys = List.copyOf(unprocessedKeys);
        }
    }
}
