package dev.tollgate.dynamodb;

import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.config.DynamoDbSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.Settings;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.DelayingTcpProxy;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.ScriptedDynamoDb;
import dev.tollgate.testing.ScriptedDynamoDb.Reply;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store against real DynamoDB-API servers on loopback: dynalite for reads and for a server
 * that stops or slows down, and {@link ScriptedDynamoDb} for what dynalite cannot do (throttling,
 * unprocessed keys, garbage). Each store is built as production builds it ({@link LoopbackStores}),
 * so production code has no test-only path. Failures are {@link PermissionStoreException}s naming
 * the operation, the table and the cause ({@code <ErrorType> (HTTP 400): message (N attempts)}).
 */
class DynamoDbPermissionStoreIT {
    private static final String TABLE = "tollgate-permissions";
    /** Short budgets so fault tests finish fast; the attempt timeout is what the slow server trips. */
    private static final DynamoDbSettings FAST = LoopbackStores.budget(
            false, Duration.ofMillis(1500), Duration.ofMillis(400), 1);
    /** For throttling: room for the throttling backoff between the two attempts, so the retry is spent. */
    private static final DynamoDbSettings THROTTLE_BUDGET = LoopbackStores.budget(
            false, Duration.ofMillis(4000), Duration.ofMillis(400), 1);
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static DynaliteFixture fixture;

    private static DynaliteServer dynalite;
    private static DynaliteTables tables;
    private static DynamoDbPermissionStore store;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @BeforeAll
    static void startDynalite() {
        fixture = DynaliteFixture.start(TABLE);
        dynalite = fixture.dynalite();
        tables = fixture.tables();
        tables.put(TABLE, Map.of("principal", s("alice"), "permissions", ss("GET /orders/*")));
        tables.put(TABLE, Map.of("principal", s("bob"), "permissions", ss("GET /orders/*"),
                "roles", ss("writer", "ghost"), "tenant", s("acme"), "usageIdentifierKey", s("bob-key")));
        tables.put(TABLE, Map.of("principal", s("role#writer"), "permissions",
                AttributeValue.fromL(List.of(s("POST /orders"), s("PUT /orders/*")))));
        tables.put(TABLE, Map.of("principal", s("carol"), "permissions", ss("GET /orders/*"),
                "disabled", AttributeValue.fromBool(true)));
        tables.put(TABLE, Map.of("principal", s("mallory"),
                "permissions", AttributeValue.fromL(List.of(s("GET /ok"), s("STEAL /all"), AttributeValue.fromN("1")))));
        tables.put(TABLE, Map.of("principal", s("trent"), "permissions", ss("GET /a"),
                "disabled", s("no")));
        tables.put(TABLE, Map.of("principal", s("zed"), "permissions", AttributeValue.fromNs(List.of("1", "2")),
                "roles", AttributeValue.fromL(List.of(s("writer"))), "tenant", AttributeValue.fromN("7"),
                "disabled", AttributeValue.fromNul(true)));
        store = LoopbackStores.open(dynalite.endpoint(), TABLE, FAST);
    }

    @AfterAll
    static void stopDynalite() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---- reads (dynalite)

    @Test
    void permissionsOfWhenUserHasOrdersReadThenAllowsExactlyThat() {
        PermissionSet alice = store.permissionsOf("alice");

        assertThat(alice.permissions()).containsExactly(perm("GET /orders/*"));
        assertThat(alice.allows("GET", "/orders/42")).isTrue();
        assertThat(alice.allows("POST", "/orders")).isFalse();
        assertThat(alice.tenant()).isNull();
        assertThat(alice.disabled()).isFalse();
    }

    @Test
    void permissionsOfWhenUserHasRolesThenRolePermissionsAddedAndMissingRoleIgnored() {
        PermissionSet bob = store.permissionsOf("bob");

        assertThat(bob).isEqualTo(new PermissionSet(
                Set.of(perm("GET /orders/*"), perm("POST /orders"), perm("PUT /orders/*")),
                "acme", "bob-key", false));
        assertThat(log.text()).contains("permissions item 'bob': role item 'role#ghost' not found; ignored");
    }

    @Test
    void permissionsOfWhenUserDisabledThenDeniesEverything() {
        PermissionSet carol = store.permissionsOf("carol");

        assertThat(carol.disabled()).isTrue();
        assertThat(carol.allows("GET", "/orders/1")).isFalse();
    }

    @Test
    void permissionsOfWhenPrincipalMissingThenNone() {
        assertThat(store.permissionsOf("nobody")).isEqualTo(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenPrincipalHasRolePrefixThenNoneWithoutRead() {
        // role#writer exists and grants POST /orders: a token naming it must not get that.
        assertThat(store.permissionsOf("role#writer")).isEqualTo(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenItemMalformedThenBadPartsSkippedNeverWidened() {

        assertThat(store.permissionsOf("mallory").permissions()).containsExactly(perm("GET /ok"));
        assertThat(store.permissionsOf("trent").disabled()).isTrue();
        // Wrong types everywhere: no permissions, roles not followed (disabled), tenant dropped.
        assertThat(store.permissionsOf("zed")).isEqualTo(new PermissionSet(Set.of(), null, null, true));
        // The wrong type is named by DynamoDB's type name.
        assertThat(log.text())
                .contains("permissions item 'mallory': permissions[2] is of type N, not S; skipped")
                .contains("permissions item 'mallory': permissions[1] is not \\\"<METHOD> <path>\\\"; skipped")
                .contains("permissions item 'trent': attribute disabled is of type S, expected BOOL;"
                        + " treated as disabled=true")
                .contains("permissions item 'zed': attribute disabled is of type NULL, expected BOOL;"
                        + " treated as disabled=true");
    }

    @Test
    void permissionsOfWhenMoreThan100RolesThenAllRolesRead() {
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            roles.add("many" + i);
            tables.put(TABLE, Map.of("principal", s("role#many" + i), "permissions", ss("GET /many/" + i)));
        }
        tables.put(TABLE, Map.of("principal", s("dave"), "roles", AttributeValue.fromSs(roles)));

        PermissionSet dave = store.permissionsOf("dave");

        assertThat(dave.permissions()).hasSize(130).contains(perm("GET /many/0"), perm("GET /many/129"));
    }

    @Test
    void permissionsOfWhenConsistentReadThenSameAnswers() {
        DynamoDbSettings consistent = LoopbackStores.budget(
                true, FAST.apiCallTimeout(), FAST.apiCallAttemptTimeout(), FAST.maxRetries());
        DynamoDbPermissionStore strong = LoopbackStores.open(dynalite.endpoint(), TABLE, consistent);
        assertThat(strong.permissionsOf("bob")).isEqualTo(store.permissionsOf("bob"));
    }

    @Test
    void permissionsOfWhenCachedThenSecondRequestServedWithoutStoreCall() {
        AtomicInteger storeCalls = new AtomicInteger();
        PermissionStore counting = query -> {
            storeCalls.incrementAndGet();
            return store.permissionsOf(query);
        };
        CachingPermissionStore cached = new CachingPermissionStore(counting, new PermissionCacheSettings(
                Duration.ofMinutes(5), Duration.ofMinutes(1), 100, Duration.ZERO), Clock.systemUTC());

        PermissionSet first = cached.permissionsOf("alice");
        PermissionSet second = cached.permissionsOf("alice");

        assertThat(second).isEqualTo(first);
        assertThat(storeCalls).hasValue(1);
        assertThat(cached.stats().hits()).isEqualTo(1);
    }

    // ---- token roles (dynalite)

    @Test
    void permissionsOfWhenPrincipalHasNoItemButTokenRolesThenTheRolesPermissions() {
        PermissionSet newcomer = store.permissionsOf(new PermissionQuery("newcomer", Set.of("writer", "ghost")));

        assertThat(newcomer.permissions()).containsExactlyInAnyOrder(perm("POST /orders"), perm("PUT /orders/*"));
        assertThat(newcomer.tenant()).isNull();
        assertThat(newcomer.disabled()).isFalse();
    }

    @Test
    void permissionsOfWhenTokenRolesAndItemRolesThenBothAndDisabledStillDenies() {
        PermissionSet alice = store.permissionsOf(new PermissionQuery("alice", Set.of("writer")));
        PermissionSet bob = store.permissionsOf(new PermissionQuery("bob", Set.of("writer")));
        PermissionSet carol = store.permissionsOf(new PermissionQuery("carol", Set.of("writer")));

        assertThat(alice.permissions()).containsExactlyInAnyOrder(
                perm("GET /orders/*"), perm("POST /orders"), perm("PUT /orders/*"));
        assertThat(bob).isEqualTo(store.permissionsOf("bob"));
        assertThat(carol.disabled()).isTrue();
        assertThat(carol.effectivePermissions()).isEmpty();
        assertThat(store.permissionsOf(new PermissionQuery("role#writer", Set.of("writer")))).isEqualTo(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenServerStoppedDuringTheTokenRolesBatchThenPermissionStoreException() {
        try (DynaliteServer own = DynaliteServer.start(); DynaliteTables ownTables = new DynaliteTables(own.endpoint())) {
            ownTables.createPermissionsTable(TABLE);
            ownTables.put(TABLE, Map.of("principal", s("role#reader"), "permissions", ss("GET /books/*")));
            DynamoDbPermissionStore owned = LoopbackStores.open(own.endpoint(), TABLE, FAST);
            PermissionQuery query = new PermissionQuery("dave", Set.of("reader"));
            assertThat(owned.permissionsOf(query).permissions()).containsExactly(perm("GET /books/*"));

            own.stop();

            assertFailsWithin(FAST, () -> owned.permissionsOf(query), "BatchGetItem", TABLE);
        }
    }

    // ---- failures (dynalite)

    @Test
    void permissionsOfWhenTableMissingThenPermissionStoreExceptionNamingTheError() {
        DynamoDbPermissionStore missing = LoopbackStores.open(dynalite.endpoint(), "no-such-table", FAST);
        assertFailsWithin(FAST, () -> missing.permissionsOf("alice"), "GetItem", "no-such-table")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("HTTP 400");
    }

    @Test
    void permissionsOfWhenServerStoppedMidRunThenPermissionStoreExceptionWithinTimeout() {
        try (DynaliteServer own = DynaliteServer.start(); DynaliteTables ownTables = new DynaliteTables(own.endpoint())) {
            ownTables.createPermissionsTable(TABLE);
            ownTables.put(TABLE, Map.of("principal", s("alice"), "permissions", ss("GET /orders/*")));
            DynamoDbPermissionStore owned = LoopbackStores.open(own.endpoint(), TABLE, FAST);
            assertThat(owned.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

            own.stop();

            assertFailsWithin(FAST, () -> owned.permissionsOf("alice"), "GetItem", TABLE);
        }
    }

    @Test
    void permissionsOfWhenServerSlowerThanAttemptTimeoutThenPermissionStoreException() {
        try (DelayingTcpProxy proxy = new DelayingTcpProxy(dynalite.port())) {
            DynamoDbPermissionStore slow = LoopbackStores.open(proxy.endpoint(), TABLE, FAST);
            assertThat(slow.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

            proxy.delay(Duration.ofSeconds(5));

            assertFailsWithin(FAST, () -> slow.permissionsOf("alice"), "GetItem", TABLE)
                    // The attempt deadline and the socket read timeout are equal on purpose, so either may
                    // fire first: "timed out (...)" in both cases.
                    .hasMessageMatching("(?s).*(Timeout|timed out).*");
        }
    }

    // ---- the wire and what dynalite cannot do (scripted server)

    @Test
    void permissionsOfWhenCalledThenBothReadsCarrySameProjectedConsistentJson() {
        DynamoDbSettings consistent = LoopbackStores.budget(
                true, FAST.apiCallTimeout(), FAST.apiCallAttemptTimeout(), FAST.maxRetries());
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, consistent);
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"roles\":{\"SS\":[\"reader\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#reader\"},"
                            + "\"permissions\":{\"SS\":[\"GET /books\"]}}]},\"UnprocessedKeys\":{}}"));

            assertThat(scripted.permissionsOf("erin").permissions()).containsExactly(perm("GET /books"));

            assertThat(server.requests()).extracting(ScriptedDynamoDb.Request::operation)
                    .containsExactly("GetItem", "BatchGetItem");
            assertThat(json(server.requests("GetItem").get(0).body())).isEqualTo(json("{\"TableName\":\"" + TABLE
                    + "\",\"Key\":{\"principal\":{\"S\":\"erin\"}},\"ProjectionExpression\":\"#p, #r, #t, #u, #d, #v\","
                    + "\"ExpressionAttributeNames\":{\"#p\":\"permissions\",\"#r\":\"roles\",\"#t\":\"tenant\","
                    + "\"#u\":\"usageIdentifierKey\",\"#d\":\"disabled\",\"#v\":\"tokensValidAfter\"},"
                    + "\"ConsistentRead\":true}"));
            assertThat(json(server.requests("BatchGetItem").get(0).body())).isEqualTo(json("{\"RequestItems\":{\""
                    + TABLE + "\":{\"Keys\":[{\"principal\":{\"S\":\"role#reader\"}}],\"ProjectionExpression\":\"#k, #p\","
                    + "\"ExpressionAttributeNames\":{\"#k\":\"principal\",\"#p\":\"permissions\"},"
                    + "\"ConsistentRead\":true}}}"));
            for (ScriptedDynamoDb.Request request : server.requests()) {
                assertThat(request.headers())
                        .containsEntry("x-amz-target", "DynamoDB_20120810." + request.operation())
                        .containsEntry("content-type", "application/x-amz-json-1.0")
                        .containsKey("x-amz-date");
                assertThat(request.headers().get("authorization"))
                        .startsWith("AWS4-HMAC-SHA256 Credential=" + DynaliteTables.ACCESS_KEY_ID + "/")
                        .contains("/" + DynaliteTables.REGION + "/dynamodb/aws4_request");
            }
        }
    }

    @Test
    void permissionsOfWhenThrottledOnEveryAttemptThenPermissionStoreExceptionAfterAllRetries() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, THROTTLE_BUDGET);
            server.answer(request -> Reply.error(400, "ProvisionedThroughputExceededException", "Rate exceeded"));

            assertFailsWithin(THROTTLE_BUDGET, () -> scripted.permissionsOf("alice"), "GetItem", TABLE)
                    .hasMessageContaining("ProvisionedThroughputExceededException")
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("Rate exceeded");
            assertThat(server.requests("GetItem")).hasSize(1 + THROTTLE_BUDGET.maxRetries());
        }
    }

    @Test
    void permissionsOfWhenServerErrorOnceThenRetriedAndAnswered() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            AtomicInteger calls = new AtomicInteger();
            server.answer(request -> calls.getAndIncrement() == 0
                    ? Reply.error(500, "InternalServerError", "Internal server error")
                    : Reply.ok("{\"Item\":{\"principal\":{\"S\":\"alice\"},\"permissions\":{\"SS\":[\"GET /a\"]}}}"));

            assertThat(scripted.permissionsOf("alice").permissions()).containsExactly(perm("GET /a"));
            assertThat(server.requests("GetItem")).hasSize(2);
        }
    }

    @Test
    void permissionsOfWhenValidationErrorThenPermissionStoreExceptionWithoutRetry() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            server.answer(request -> Reply.error(400, "ValidationException", "One or more parameter values were invalid"));

            assertFailsWithin(FAST, () -> scripted.permissionsOf("alice"), "GetItem", TABLE)
                    .hasMessageContaining("ValidationException")
                    .hasMessageContaining("HTTP 400");
            assertThat(server.requests("GetItem")).hasSize(1);
        }
    }

    @Test
    void permissionsOfWhenKeysUnprocessedOnceThenOnlyThoseReRequestedAndMerged() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            AtomicInteger batches = new AtomicInteger();
            server.answer(request -> {
                if (request.operation().equals("GetItem")) {
                    return Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"roles\":{\"SS\":[\"reader\",\"writer\"]}}}");
                }
                return batches.getAndIncrement() == 0
                        ? Reply.ok("{\"Responses\":{\"" + TABLE + "\":[" + roleItem("reader", "GET /books") + "]},"
                                + unprocessed("role#writer") + "}")
                        : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[" + roleItem("writer", "POST /books") + "]},"
                                + "\"UnprocessedKeys\":{}}");
            });

            assertThat(scripted.permissionsOf("erin").permissions())
                    .containsExactlyInAnyOrder(perm("GET /books"), perm("POST /books"));

            List<ScriptedDynamoDb.Request> requests = server.requests("BatchGetItem");
            assertThat(requests).hasSize(2);
            assertThat(json(requests.get(1).body()).path("RequestItems").path(TABLE).path("Keys"))
                    .isEqualTo(json("[{\"principal\":{\"S\":\"role#writer\"}}]"));
        }
    }

    @Test
    void permissionsOfWhenKeysStayUnprocessedThenPermissionStoreExceptionAfterBoundedRetries() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"permissions\":{\"SS\":[\"GET /own\"]},"
                            + "\"roles\":{\"SS\":[\"reader\",\"writer\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[" + roleItem("reader", "GET /books") + "]},"
                            + unprocessed("role#writer") + "}"));

            // Never part of the roles: the whole read fails, though the principal's own item was read.
            assertFailsWithin(FAST, () -> scripted.permissionsOf("erin"), "BatchGetItem", TABLE)
                    .hasMessageContaining("left 1 role keys unprocessed after "
                            + (1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES) + " requests");
            assertThat(server.requests("BatchGetItem")).hasSize(1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES);
        }
    }

    @Test
    void permissionsOfWhenUnprocessedKeyUnreadableThenPermissionStoreException() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"roles\":{\"SS\":[\"reader\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{\"" + TABLE
                            + "\":{\"Keys\":[{\"principal\":{\"N\":\"1\"}}]}}}"));

            assertFailsWithin(FAST, () -> scripted.permissionsOf("erin"), "BatchGetItem", TABLE)
                    .hasMessageContaining("unprocessed key");
        }
    }

    @Test
    void permissionsOfWhenResponseIsNotJsonThenPermissionStoreException() {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start()) {
            DynamoDbPermissionStore scripted = LoopbackStores.open(server.endpoint(), TABLE, FAST);
            server.answer(request -> Reply.ok("<html>this is not DynamoDB"));

            assertFailsWithin(FAST, () -> scripted.permissionsOf("alice"), "GetItem", TABLE);
        }
    }

    // ---- helpers

    /**
     * A failure as the store reports it: a PermissionStoreException naming the
     * operation and the table, thrown within the call timeout (plus scheduling slack).
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWithin(
            DynamoDbSettings budget, ThrowingCallable call, String operation, String table) {
        long start = System.nanoTime();
        var failure = assertThatThrownBy(call)
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageStartingWith("DynamoDB " + operation + " on table " + table + " ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(budget.apiCallTimeout().plus(SLACK));
        return failure;
    }

    private static String roleItem(String role, String permission) {
        return "{\"principal\":{\"S\":\"role#" + role + "\"},\"permissions\":{\"SS\":[\"" + permission + "\"]}}";
    }

    private static String unprocessed(String key) {
        return "\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[{\"principal\":{\"S\":\"" + key + "\"}}],"
                + "\"ProjectionExpression\":\"#k, #p\",\"ExpressionAttributeNames\":{\"#k\":\"principal\","
                + "\"#p\":\"permissions\"}}}";
    }

    private static JsonNode json(String text) {
        try {
            return JsonTrees.read(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
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
