package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tollgate.config.Settings;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The exact reads and the mapping of every item shape, against a mocked client seen through
 * {@link SdkModelTableReads} (no network). The transport's own failures: {@code RetryPolicyTest}.
 */
class DynamoDbPermissionStoreTest {
    private static final String TABLE = "tollgate-permissions";
    private static final DynamoDbSettings EVENTUAL = new DynamoDbSettings(
            false, Duration.ofSeconds(2), Duration.ofMillis(600), 2, "eu-west-1", null);
    private static final Map<String, String> PRINCIPAL_NAMES = Map.of(
            "#p", "permissions", "#r", "roles", "#t", "tenant", "#u", "usageIdentifierKey", "#d", "disabled",
            "#v", "tokensValidAfter");
    private static final Map<String, String> ROLE_NAMES = Map.of("#k", "principal", "#p", "permissions");

    private final DynamoDbClient client = mock(DynamoDbClient.class);
    private final DynamoDbPermissionStore store = new DynamoDbPermissionStore(new SdkModelTableReads(client), TABLE, EVENTUAL,
            Duration.ZERO);

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private String log() {
        return log.text();
    }

    // ---- requests

    @Test
    void permissionsOfWhenCalledThenSendsOneProjectedGetItem() {
        givenItem(Map.of("permissions", ss("GET /orders/*")));

        store.permissionsOf("alice");

        ArgumentCaptor<GetItemRequest> request = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(client).getItem(request.capture());
        assertThat(request.getValue()).isEqualTo(GetItemRequest.builder()
                .tableName(TABLE)
                .key(Map.of("principal", AttributeValue.fromS("alice")))
                .projectionExpression("#p, #r, #t, #u, #d, #v")
                .expressionAttributeNames(PRINCIPAL_NAMES)
                .consistentRead(false)
                .build());
        verify(client, never()).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void permissionsOfWhenConsistentReadConfiguredThenBothReadsAreConsistent() {
        DynamoDbPermissionStore consistent = new DynamoDbPermissionStore(new SdkModelTableReads(client), TABLE,
                new DynamoDbSettings(true, Duration.ofSeconds(2), Duration.ofMillis(600), 2, "eu-west-1", null),
                Duration.ZERO);
        givenItem(Map.of("roles", ss("reader")));
        givenBatchAnswers(batch(List.of(roleItem("reader", ss("GET /a"))), List.of()));

        consistent.permissionsOf("alice");

        ArgumentCaptor<GetItemRequest> get = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(client).getItem(get.capture());
        assertThat(get.getValue().consistentRead()).isTrue();
        assertThat(batchRequests(1).get(0).requestItems().get(TABLE).consistentRead()).isTrue();
    }

    @Test
    void permissionsOfWhenRolesThenOneBatchGetWithRoleKeysAndProjection() {
        givenItem(Map.of("permissions", ss("GET /orders/*"), "roles", ss("reader", "writer")));
        givenBatchAnswers(batch(List.of(roleItem("reader", ss("GET /books/*")),
                roleItem("writer", list(AttributeValue.fromS("POST /books")))), List.of()));

        PermissionSet result = store.permissionsOf("alice");

        BatchGetItemRequest request = batchRequests(1).get(0);
        assertThat(request.requestItems()).containsOnlyKeys(TABLE);
        KeysAndAttributes keys = request.requestItems().get(TABLE);
        assertThat(keys.keys()).containsExactlyInAnyOrder(
                Map.of("principal", AttributeValue.fromS("role#reader")),
                Map.of("principal", AttributeValue.fromS("role#writer")));
        assertThat(keys.projectionExpression()).isEqualTo("#k, #p");
        assertThat(keys.expressionAttributeNames()).isEqualTo(ROLE_NAMES);
        assertThat(keys.consistentRead()).isFalse();
        assertThat(result.permissions()).containsExactlyInAnyOrder(
                perm("GET /orders/*"), perm("GET /books/*"), perm("POST /books"));
    }

    @Test
    void permissionsOfWhenMoreThan100RolesThenBatchesOf100Keys() {
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            roles.add("r" + i);
        }
        givenItem(Map.of("roles", AttributeValue.fromSs(roles)));
        when(client.batchGetItem(any(BatchGetItemRequest.class))).thenAnswer(invocation -> {
            BatchGetItemRequest request = invocation.getArgument(0);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (Map<String, AttributeValue> key : request.requestItems().get(TABLE).keys()) {
                String name = key.get("principal").s();
                items.add(Map.of("principal", AttributeValue.fromS(name),
                        "permissions", ss("GET /" + name.substring("role#".length()))));
            }
            return batch(items, List.of());
        });

        PermissionSet result = store.permissionsOf("alice");

        List<BatchGetItemRequest> requests = batchRequests(3);
        assertThat(requests).extracting(r -> r.requestItems().get(TABLE).keys().size())
                .containsExactly(100, 100, 50);
        assertThat(result.permissions()).hasSize(250).contains(perm("GET /r0"), perm("GET /r249"));
    }

    // ---- item shapes

    @Test
    void permissionsOfWhenItemMissingThenNone() {
        when(client.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        assertThat(store.permissionsOf("nobody")).isSameAs(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenItemHasAllAttributesThenMapsThem() {
        givenItem(Map.of("permissions", ss("GET /orders/*", "post /orders"), "tenant", AttributeValue.fromS("acme"),
                "usageIdentifierKey", AttributeValue.fromS("key-1"), "disabled", AttributeValue.fromBool(false)));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result).isEqualTo(new PermissionSet(
                Set.of(perm("GET /orders/*"), perm("POST /orders")), "acme", "key-1", false));
        assertThat(log()).isEmpty();
    }

    @Test
    void permissionsOfWhenPermissionsIsListOfStringsThenParsesThem() {
        givenItem(Map.of("permissions", list(AttributeValue.fromS("GET /a"), AttributeValue.fromS("* /b/*"))));

        assertThat(store.permissionsOf("alice").permissions()).containsExactlyInAnyOrder(perm("GET /a"), perm("* /b/*"));
    }

    @Test
    void permissionsOfWhenPermissionStringMalformedThenSkippedWithWarnAndRestApplies() {
        givenItem(Map.of("permissions", list(AttributeValue.fromS("GET /a"), AttributeValue.fromS("FETCH /b"),
                AttributeValue.fromS("GET no-slash"), AttributeValue.fromS("DELETE /c"))));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.permissions()).containsExactlyInAnyOrder(perm("GET /a"), perm("DELETE /c"));
        assertThat(log().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("\"level\":\"WARN\",\"logger\":\"tollgate.dynamodb\"")
                .contains("'alice'"));
        assertThat(log()).contains("permissions[1]").contains("permissions[2]").doesNotContain("FETCH");
    }

    @Test
    void permissionsOfWhenListHoldsNonStringThenOnlyThatElementSkipped() {
        givenItem(Map.of("permissions", list(AttributeValue.fromN("7"), AttributeValue.fromS("GET /a"))));

        assertThat(store.permissionsOf("alice").permissions()).containsExactly(perm("GET /a"));
        assertThat(log()).contains("permissions[0] is of type N");
    }

    @Test
    void permissionsOfWhenPermissionsWrongTypeThenNoPermissionsWithWarn() {
        givenItem(Map.of("permissions", AttributeValue.fromS("GET /a"), "tenant", AttributeValue.fromS("acme")));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.permissions()).isEmpty();
        assertThat(result.tenant()).isEqualTo("acme");
        assertThat(log()).contains("attribute permissions is of type S");
    }

    @Test
    void permissionsOfWhenPermissionsIsNumberThenNoPermissions() {
        givenItem(Map.of("permissions", AttributeValue.fromN("1")));

        assertThat(store.permissionsOf("alice").permissions()).isEmpty();
    }

    @Test
    void permissionsOfWhenDisabledThenDisabledAndRolesNotRead() {
        givenItem(Map.of("permissions", ss("GET /a"), "roles", ss("admin"), "disabled", AttributeValue.fromBool(true)));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.disabled()).isTrue();
        assertThat(result.allows("GET", "/a")).isFalse();
        verify(client, never()).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void permissionsOfWhenDisabledWrongTypeThenTreatedAsDisabled() {
        givenItem(Map.of("permissions", ss("GET /a"), "disabled", AttributeValue.fromS("false")));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.disabled()).isTrue();
        assertThat(log()).contains("attribute disabled is of type S").contains("disabled=true");
    }

    @Test
    void permissionsOfWhenDisabledIsNullTypeThenTreatedAsDisabled() {
        givenItem(Map.of("permissions", ss("GET /a"), "disabled", AttributeValue.fromNul(true)));

        assertThat(store.permissionsOf("alice").disabled()).isTrue();
    }

    @Test
    void permissionsOfWhenTenantAndUsageKeyWrongTypeThenIgnoredWithWarn() {
        givenItem(Map.of("permissions", ss("GET /a"), "tenant", AttributeValue.fromN("3"),
                "usageIdentifierKey", AttributeValue.fromBool(true)));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.tenant()).isNull();
        assertThat(result.usageIdentifierKey()).isNull();
        assertThat(result.permissions()).containsExactly(perm("GET /a"));
        assertThat(log()).contains("attribute tenant").contains("attribute usageIdentifierKey");
    }

    @Test
    void permissionsOfWhenRolesWrongTypeThenRolesIgnored() {
        givenItem(Map.of("permissions", ss("GET /a"), "roles", AttributeValue.fromS("admin")));

        assertThat(store.permissionsOf("alice").permissions()).containsExactly(perm("GET /a"));
        verify(client, never()).batchGetItem(any(BatchGetItemRequest.class));
        assertThat(log()).contains("attribute roles is of type S");
    }

    @Test
    void permissionsOfWhenRoleItemMissingThenRoleIgnored() {
        givenItem(Map.of("roles", ss("reader", "ghost")));
        givenBatchAnswers(batch(List.of(roleItem("reader", ss("GET /books"))), List.of()));

        assertThat(store.permissionsOf("alice").permissions()).containsExactly(perm("GET /books"));
        assertThat(log()).contains("role item 'role#ghost' not found");
    }

    @Test
    void permissionsOfWhenRoleHasMalformedPermissionThenWarnNamesRoleItem() {
        givenItem(Map.of("roles", ss("reader")));
        givenBatchAnswers(batch(List.of(roleItem("reader", ss("GET /books", "nonsense"))), List.of()));

        assertThat(store.permissionsOf("alice").permissions()).containsExactly(perm("GET /books"));
        assertThat(log()).contains("'role#reader'");
    }

    @Test
    void permissionsOfWhenRoleItemHasRolesThenTheyAreNotFollowed() {
        givenItem(Map.of("roles", ss("reader")));
        Map<String, AttributeValue> reader = new HashMap<>(roleItem("reader", ss("GET /books")));
        reader.put("roles", ss("admin"));
        givenBatchAnswers(batch(List.of(reader), List.of()));

        assertThat(store.permissionsOf("alice").permissions()).containsExactly(perm("GET /books"));
        batchRequests(1);
    }

    @Test
    void permissionsOfWhenPrincipalHasRolePrefixThenNoneWithoutRead() {
        assertThat(store.permissionsOf("role#admin")).isSameAs(PermissionSet.NONE);
        verify(client, never()).getItem(any(GetItemRequest.class));
    }

    // ---- unprocessed keys

    @Test
    void permissionsOfWhenKeysUnprocessedOnceThenReRequestedAndMerged() {
        givenItem(Map.of("roles", ss("reader", "writer")));
        givenBatchAnswers(
                batch(List.of(roleItem("reader", ss("GET /books"))), List.of("role#writer")),
                batch(List.of(roleItem("writer", ss("POST /books"))), List.of()));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.permissions()).containsExactlyInAnyOrder(perm("GET /books"), perm("POST /books"));
        List<BatchGetItemRequest> requests = batchRequests(2);
        assertThat(requests.get(1).requestItems().get(TABLE).keys())
                .containsExactly(Map.of("principal", AttributeValue.fromS("role#writer")));
    }

    @Test
    void permissionsOfWhenKeysStayUnprocessedThenThrowsAfterBoundedRetries() {
        givenItem(Map.of("roles", ss("reader")));
        when(client.batchGetItem(any(BatchGetItemRequest.class)))
                .thenReturn(batch(List.of(), List.of("role#reader")));

        assertThatThrownBy(() -> store.permissionsOf("alice"))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("unprocessed")
                .hasMessageContaining(TABLE);
        verify(client, times(1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES))
                .batchGetItem(any(BatchGetItemRequest.class));
    }

    // ---- helpers

    private void givenItem(Map<String, AttributeValue> attributes) {
        when(client.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(attributes).build());
    }

    private void givenBatchAnswers(BatchGetItemResponse first, BatchGetItemResponse... more) {
        when(client.batchGetItem(any(BatchGetItemRequest.class))).thenReturn(first, more);
    }

    private List<BatchGetItemRequest> batchRequests(int expected) {
        ArgumentCaptor<BatchGetItemRequest> captor = ArgumentCaptor.forClass(BatchGetItemRequest.class);
        verify(client, times(expected)).batchGetItem(captor.capture());
        return captor.getAllValues();
    }

    private static BatchGetItemResponse batch(List<Map<String, AttributeValue>> items, List<String> unprocessed) {
        BatchGetItemResponse.Builder response = BatchGetItemResponse.builder().responses(Map.of(TABLE, items));
        if (!unprocessed.isEmpty()) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String key : unprocessed) {
                keys.add(Map.of("principal", AttributeValue.fromS(key)));
            }
            response.unprocessedKeys(Map.of(TABLE, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("#k, #p").expressionAttributeNames(ROLE_NAMES).build()));
        }
        return response.build();
    }

    private static Map<String, AttributeValue> roleItem(String role, AttributeValue permissions) {
        return Map.of("principal", AttributeValue.fromS("role#" + role), "permissions", permissions);
    }

    private static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(List.of(values));
    }

    private static AttributeValue list(AttributeValue... values) {
        return AttributeValue.fromL(List.of(values));
    }

    private static Permission perm(String text) {
        return Permission.parse(text).orElseThrow();
    }
}
