package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.Revocation;
import dev.tollgate.testing.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Revocation facts ({@code tokensValidAfter}, deny items {@code revoked#<jti>}): the reads and the
 * item rules, against a mocked client seen through {@link SdkModelTableReads} (no network).
 * Transport failures during the revocation read: {@code DynamoDbPermissionStoreIT}.
 */
class DynamoDbPermissionStoreRevocationTest {
    private static final String TABLE = "tollgate-permissions";
    private static final DynamoDbSettings EVENTUAL = new DynamoDbSettings(
            false, Duration.ofSeconds(2), Duration.ofMillis(600), 2, "eu-west-1", null);

    private final DynamoDbClient client = mock(DynamoDbClient.class);
    private final DynamoDbPermissionStore store = new DynamoDbPermissionStore(new SdkModelTableReads(client), TABLE,
            EVENTUAL, Duration.ZERO);
    private MockedBatchTable table;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void permissionsOfWhenTokenHasJtiThenDenyKeyInTheOneBatchGetAndNoGetItem() {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("permissions", ss("GET /orders/*"), "tokensValidAfter", n("1700000000")));

        PermissionSet result = store.permissionsOf(new PermissionQuery("alice", Set.of("reader"), "j-1"));

        ArgumentCaptor<BatchGetItemRequest> request = ArgumentCaptor.forClass(BatchGetItemRequest.class);
        verify(client).batchGetItem(request.capture());
        assertThat(request.getValue().requestItems().get(TABLE).keys())
                .containsExactly(key("alice"), key("role#reader"), key("revoked#j-1"));
        verify(client, never()).getItem(any(GetItemRequest.class));
        assertThat(result.revocation()).isEqualTo(new Revocation(Instant.ofEpochSecond(1_700_000_000L), null));
        assertThat(result.permissions()).hasSize(1);
    }

    @Test
    void permissionsOfWhenJtiWithoutRolesThenBatchGetEvenWithoutTokenRoles() {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("permissions", ss("GET /orders/*")));
        table.put("revoked#j-1", Map.of("expiresAt", n("1800000000")));

        PermissionSet result = store.permissionsOf(new PermissionQuery("alice", Set.of(), "j-1"));

        verify(client, never()).getItem(any(GetItemRequest.class));
        assertThat(result.revocation()).isEqualTo(new Revocation(null, Instant.ofEpochSecond(1_800_000_000L)));
        assertThat(result.revocation().revokes(null, Instant.ofEpochSecond(1_799_999_999L))).isTrue();
        // past expiresAt the deny item counts as absent
        assertThat(result.revocation().revokes(null, Instant.ofEpochSecond(1_800_000_000L))).isFalse();
    }

    @Test
    void permissionsOfWhenDenyItemWithoutPrincipalItemThenRevokedWithNoPermissions() {
        table = new MockedBatchTable(client, TABLE);
        table.put("revoked#j-1", Map.of());

        PermissionSet result = store.permissionsOf(new PermissionQuery("ghost", Set.of(), "j-1"));

        assertThat(result.permissions()).isEmpty();
        assertThat(result.revocation()).isEqualTo(new Revocation(null, Instant.MAX));
    }

    @Test
    void permissionsOfWhenNoJtiAndNoRolesThenOneGetItemCarryingTokensValidAfter() {
        when(client.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of(
                "principal", s("alice"), "permissions", ss("GET /a"), "tokensValidAfter", n("1700000000.5"))).build());

        PermissionSet result = store.permissionsOf(PermissionQuery.of("alice"));

        verify(client, never()).batchGetItem(any(BatchGetItemRequest.class));
        assertThat(result.revocation().tokensValidAfter()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
    }

    @Test
    void permissionsOfWhenPrincipalHasRevokedPrefixThenNoneWithoutARead() {
        PermissionSet result = store.permissionsOf(new PermissionQuery("revoked#j-1", Set.of("admin"), "j-2"));

        assertThat(result).isEqualTo(PermissionSet.NONE);
        verifyNoInteractions(client);
        assertThat(log.text()).contains("reserved prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"S", "N-negative", "N-text", "N-huge"})
    void permissionsOfWhenTokensValidAfterMalformedThenEveryTokenRevokedWithWarn(String kind) {
        table = new MockedBatchTable(client, TABLE);
        table.put("alice", Map.of("permissions", ss("GET /a"), "tokensValidAfter", malformed(kind)));

        PermissionSet result = store.permissionsOf(new PermissionQuery("alice", Set.of(), "j-1"));

        assertThat(result.revocation().tokensValidAfter()).isEqualTo(Instant.MAX);
        assertThat(result.revocation().revokes(Instant.parse("2030-01-01T00:00:00Z"), Instant.now())).isTrue();
        assertThat(log.text()).contains("\"level\":\"WARN\"").contains("tokensValidAfter").contains("'alice'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"S", "N-negative", "N-text", "N-huge"})
    void permissionsOfWhenExpiresAtMalformedThenTokenStaysRevokedWithWarn(String kind) {
        table = new MockedBatchTable(client, TABLE);
        table.put("revoked#j-1", Map.of("expiresAt", malformed(kind)));

        PermissionSet result = store.permissionsOf(new PermissionQuery("alice", Set.of(), "j-1"));

        assertThat(result.revocation().tokenRevokedUntil()).isEqualTo(Instant.MAX);
        assertThat(log.text()).contains("\"level\":\"WARN\"").contains("expiresAt").contains("'revoked#j-1'");
    }

    // ---- helpers

    private static AttributeValue malformed(String kind) {
        return switch (kind) {
            case "S" -> s("1700000000");
            case "N-negative" -> n("-1");
            case "N-text" -> n("soon");
            default -> n("1e20");
        };
    }


    private static Map<String, AttributeValue> key(String principal) {
        return Map.of("principal", s(principal));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(List.of(values));
    }
}
