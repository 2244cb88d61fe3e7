package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.testing.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Token roles ({@link PermissionQuery#tokenRoles()}): the reads and how the items combine, against a
 * mocked client seen through {@link SdkModelTableReads} (no network). A fake table answers each
 * BatchGetItem with the items it holds for the requested keys. Transport failures during the batch:
 * {@code DynamoDbPermissionStoreIT}.
 */
class DynamoDbPermissionStoreRolesTest {
    private static final String TABLE = "tollgate-permissions";
    private static final DynamoDbSettings EVENTUAL = new DynamoDbSettings(
            false, Duration.ofSeconds(2), Duration.ofMillis(600), 2, "eu-west-1", null);
    private static final Map<String, String> MIXED_NAMES = Map.of("#k", "principal", "#p", "permissions",
            "#r", "roles", "#t", "tenant", "#u", "usageIdentifierKey", "#d", "disabled",
            "#v", "tokensValidAfter", "#e", "expiresAt");

    private final DynamoDbClient client = mock(DynamoDbClient.class);
    private final DynamoDbPermissionStore store = new DynamoDbPermissionStore(new SdkModelTableReads(client), TABLE,
            EVENTUAL, Duration.ZERO);
    private MockedBatchTable table;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void permissionsOfWhenTokenRolesThenPrincipalAndRoleKeysInOneBatchGetAndNoGetItem() {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("permissions", ss("GET /orders/*"), "tenant", s("acme")));
        table.put("role#reader", Map.of("permissions", ss("GET /books/*")));
        table.put("role#writer", Map.of("permissions", ss("POST /books")));

        PermissionSet result = store.permissionsOf(query("alice", "writer", "reader"));

        BatchGetItemRequest request = batchRequests(1).get(0);
        KeysAndAttributes keys = request.requestItems().get(TABLE);
        assertThat(keys.keys()).containsExactly(key("alice"), key("role#reader"), key("role#writer"));
        assertThat(keys.projectionExpression()).isEqualTo("#k, #p, #r, #t, #u, #d, #v, #e");
        assertThat(keys.expressionAttributeNames()).isEqualTo(MIXED_NAMES);
        assertThat(keys.consistentRead()).isFalse();
        verify(client, never()).getItem(any(GetItemRequest.class));
        assertThat(result).isEqualTo(new PermissionSet(
                Set.of(perm("GET /orders/*"), perm("GET /books/*"), perm("POST /books")), "acme", null, false));
    }

    @Test
    void permissionsOfWhenNoPrincipalItemThenTokenRolesPermissionsOnly() {
        table = new MockedBatchTable(client, TABLE);
        table.put("role#reader", Map.of("permissions", ss("GET /books/*"), "tenant", s("ignored"),
                "disabled", AttributeValue.fromBool(true), "roles", ss("admin")));
        table.put("role#admin", Map.of("permissions", ss("* /admin/*")));

        PermissionSet result = store.permissionsOf(query("newcomer", "reader"));

        // Only a role item's permissions count: its tenant, disabled and roles are not read.
        assertThat(result).isEqualTo(new PermissionSet(Set.of(perm("GET /books/*")), null, null, false));
        batchRequests(1);
    }

    @Test
    void permissionsOfWhenNoItemAtAllThenNone() {
        table = new MockedBatchTable(client, TABLE);

        assertThat(store.permissionsOf(query("nobody", "ghost"))).isEqualTo(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenTokenRoleHasNoItemThenItAddsNothing() {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("permissions", ss("GET /a")));

        assertThat(store.permissionsOf(query("alice", "ghost")).permissions()).containsExactly(perm("GET /a"));
    }

    @Test
    void permissionsOfWhenPrincipalDisabledThenDeniedWhateverTheTokenRolesAndNoSecondRead() {
        table = new MockedBatchTable(client, TABLE);
        table.put("carol", Map.of("disabled", AttributeValue.fromBool(true), "roles", ss("admin")));
        table.put("role#reader", Map.of("permissions", ss("GET /books/*")));
        table.put("role#admin", Map.of("permissions", ss("* /admin/*")));

        PermissionSet result = store.permissionsOf(query("carol", "reader"));

        assertThat(result.disabled()).isTrue();
        assertThat(result.effectivePermissions()).isEmpty();
        batchRequests(1);
    }

    @Test
    void permissionsOfWhenItemNamesRolesThenSecondBatchReadsOnlyThoseNotReadYet() {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("roles", ss("reader", "auditor")));
        table.put("role#reader", Map.of("permissions", ss("GET /books/*")));
        table.put("role#auditor", Map.of("permissions", ss("GET /audit/*")));

        PermissionSet result = store.permissionsOf(query("alice", "reader"));

        List<BatchGetItemRequest> requests = batchRequests(2);
        assertThat(requests.get(0).requestItems().get(TABLE).keys()).containsExactly(key("alice"), key("role#reader"));
        KeysAndAttributes second = requests.get(1).requestItems().get(TABLE);
        assertThat(second.keys()).containsExactly(key("role#auditor"));
        assertThat(second.projectionExpression()).isEqualTo("#k, #p");
        assertThat(result.permissions()).containsExactlyInAnyOrder(perm("GET /books/*"), perm("GET /audit/*"));
    }

    @Test
    void permissionsOfWhenPrincipalHasRolePrefixThenNoneWithoutARead() {
        assertThat(store.permissionsOf(query("role#admin", "admin"))).isEqualTo(PermissionSet.NONE);
        verifyNoInteractions(client);
    }

    @Test
    void permissionsOfWhenNoTokenRolesThenTheGetItemPathAsBefore() {
        table = new MockedBatchTable(client, TABLE);
        when(client.getItem(any(GetItemRequest.class))).thenReturn(
                software.amazon.awssdk.services.dynamodb.model.GetItemResponse.builder()
                        .item(Map.of("permissions", ss("GET /a"))).build());

        assertThat(store.permissionsOf(PermissionQuery.of("alice")).permissions()).containsExactly(perm("GET /a"));
        verify(client, times(1)).getItem(any(GetItemRequest.class));
        verify(client, never()).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void permissionsOfWhenMoreThan100KeysThenBatchesOf100() {
        table = new MockedBatchTable(client, TABLE);
        Set<String> roles = new TreeSet<>();
        for (int i = 0; i < 150; i++) {
            roles.add("r" + i);
            table.put("role#r" + i, Map.of("permissions", ss("GET /r" + i)));
        }

        PermissionSet result = store.permissionsOf(new PermissionQuery("alice", roles));

        assertThat(batchRequests(2)).extracting(r -> r.requestItems().get(TABLE).keys().size())
                .containsExactly(100, 51);
        assertThat(result.permissions()).hasSize(150);
    }

    @Test
    void permissionsOfWhenPrincipalKeyStaysUnprocessedThenPermissionStoreException() {
        when(client.batchGetItem(any(BatchGetItemRequest.class))).thenReturn(BatchGetItemResponse.builder()
                .responses(Map.of(TABLE, List.of()))
                .unprocessedKeys(Map.of(TABLE, KeysAndAttributes.builder().keys(List.of(key("alice")))
                        .projectionExpression("#k, #p, #r, #t, #u, #d, #v, #e").expressionAttributeNames(MIXED_NAMES).build()))
                .build());

        assertThatThrownBy(() -> store.permissionsOf(query("alice", "reader")))
                .isInstanceOf(PermissionStoreException.class).hasMessageContaining("unprocessed");
        verify(client, times(1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES))
                .batchGetItem(any(BatchGetItemRequest.class));
    }

    // ---- helpers


    private List<BatchGetItemRequest> batchRequests(int expected) {
        ArgumentCaptor<BatchGetItemRequest> captor = ArgumentCaptor.forClass(BatchGetItemRequest.class);
        verify(client, times(expected)).batchGetItem(captor.capture());
        return captor.getAllValues();
    }

    private static PermissionQuery query(String principal, String... roles) {
        return new PermissionQuery(principal, Set.of(roles));
    }

    private static Map<String, AttributeValue> key(String principal) {
        return Map.of("principal", s(principal));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(List.of(values));
    }

    private static Permission perm(String text) {
        return Permission.parse(text).orElseThrow();
    }
}
