package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.DynamoDbSettings.Transport;
import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.Permission;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store against real DynamoDB-API servers on loopback, over both transports with the same
 * expectations: dynalite for reads and for a server that stops or slows down, and
 * {@link ScriptedDynamoDb} for what dynalite cannot do (throttling, unprocessed keys, garbage).
 * Each store is built as production builds it ({@link TransportStore}), so production code has no
 * test-only path.
 *
 * <p>Failure messages differ between transports where the cause is named (the SDK names its
 * exception class, the HTTP transport {@code <ErrorType> (HTTP 400): message (N attempts)}); the
 * tests hold both to the common part: a {@link PermissionStoreException} naming the operation,
 * the table and the cause.
 */
class DynamoDbPermissionStoreIT {
    private static final String TABLE = "tollgate-permissions";
    /** Short budgets so fault tests finish fast; the attempt timeout is what the slow server trips. */
    private static final DynamoDbSettings FAST = new DynamoDbSettings(
            false, Duration.ofMillis(1500), Duration.ofMillis(400), 1);
    /**
     * For throttling: room for the SDK's throttling backoff between the two attempts, so both
     * transports spend their retry rather than run out of call time.
     */
    private static final DynamoDbSettings THROTTLE_BUDGET = new DynamoDbSettings(
            false, Duration.ofMillis(4000), Duration.ofMillis(400), 1);
    private static final Duration SLACK = Duration.ofMillis(1500);

    /**
     * Twins of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by both transports' default chain.
     * Credentials are read on every request (as in Lambda, from the environment), so they stay set
     * for the whole class.
     */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID,
            "aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);
    private static final Map<String, String> previousProperties = new HashMap<>();

    private static DynaliteServer dynalite;
    private static DynaliteTables tables;
    private static final Map<Transport, TransportStore> stores = new EnumMap<>(Transport.class);

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @BeforeAll
    static void startDynalite() {
        AWS_PROPERTIES.forEach((name, value) -> previousProperties.put(name, System.setProperty(name, value)));
        dynalite = DynaliteServer.start();
        tables = new DynaliteTables(dynalite.endpoint());
        tables.createPermissionsTable(TABLE);
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
        for (Transport transport : Transport.values()) {
            stores.put(transport, TransportStore.open(transport, dynalite.endpoint(), TABLE, FAST));
        }
    }

    @AfterAll
    static void stopDynalite() {
        stores.values().forEach(TransportStore::close);
        stores.clear();
        if (tables != null) {
            tables.close();
        }
        if (dynalite != null) {
            dynalite.stop();
        }
        previousProperties.forEach(TransportStore::restore);
    }

    private static DynamoDbPermissionStore store(Transport transport) {
        return stores.get(transport).store;
    }

    // ---- reads (dynalite)

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenUserHasOrdersReadThenAllowsExactlyThat(Transport transport) {
        PermissionSet alice = store(transport).permissionsOf("alice");

        assertThat(alice.permissions()).containsExactly(perm("GET /orders/*"));
        assertThat(alice.allows("GET", "/orders/42")).isTrue();
        assertThat(alice.allows("POST", "/orders")).isFalse();
        assertThat(alice.tenant()).isNull();
        assertThat(alice.disabled()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenUserHasRolesThenRolePermissionsAddedAndMissingRoleIgnored(Transport transport) {
        PermissionSet bob = store(transport).permissionsOf("bob");

        assertThat(bob).isEqualTo(new PermissionSet(
                Set.of(perm("GET /orders/*"), perm("POST /orders"), perm("PUT /orders/*")),
                "acme", "bob-key", false));
        assertThat(log.text()).contains("permissions item 'bob': role item 'role#ghost' not found; ignored");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenUserDisabledThenDeniesEverything(Transport transport) {
        PermissionSet carol = store(transport).permissionsOf("carol");

        assertThat(carol.disabled()).isTrue();
        assertThat(carol.allows("GET", "/orders/1")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenPrincipalMissingThenNone(Transport transport) {
        assertThat(store(transport).permissionsOf("nobody")).isEqualTo(PermissionSet.NONE);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenPrincipalHasRolePrefixThenNoneWithoutRead(Transport transport) {
        // role#writer exists and grants POST /orders: a token naming it must not get that.
        assertThat(store(transport).permissionsOf("role#writer")).isEqualTo(PermissionSet.NONE);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenItemMalformedThenBadPartsSkippedNeverWidened(Transport transport) {
        DynamoDbPermissionStore store = store(transport);

        assertThat(store.permissionsOf("mallory").permissions()).containsExactly(perm("GET /ok"));
        assertThat(store.permissionsOf("trent").disabled()).isTrue();
        // Wrong types everywhere: no permissions, roles not followed (disabled), tenant dropped.
        assertThat(store.permissionsOf("zed")).isEqualTo(new PermissionSet(Set.of(), null, null, true));
        // Both transports name the wrong type the same way (DynamoDB's type names).
        assertThat(log.text())
                .contains("permissions item 'mallory': permissions[2] is of type N, not S; skipped")
                .contains("permissions item 'mallory': permissions[1] is not \\\"<METHOD> <path>\\\"; skipped")
                .contains("permissions item 'trent': attribute disabled is of type S, expected BOOL;"
                        + " treated as disabled=true")
                .contains("permissions item 'zed': attribute disabled is of type NULL, expected BOOL;"
                        + " treated as disabled=true");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenMoreThan100RolesThenAllRolesRead(Transport transport) {
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            roles.add("many" + i);
            tables.put(TABLE, Map.of("principal", s("role#many" + i), "permissions", ss("GET /many/" + i)));
        }
        tables.put(TABLE, Map.of("principal", s("dave"), "roles", AttributeValue.fromSs(roles)));

        PermissionSet dave = store(transport).permissionsOf("dave");

        assertThat(dave.permissions()).hasSize(130).contains(perm("GET /many/0"), perm("GET /many/129"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenConsistentReadThenSameAnswers(Transport transport) {
        DynamoDbSettings consistent = new DynamoDbSettings(
                true, FAST.apiCallTimeout(), FAST.apiCallAttemptTimeout(), FAST.maxRetries());
        try (TransportStore strong = TransportStore.open(transport, dynalite.endpoint(), TABLE, consistent)) {
            assertThat(strong.store.permissionsOf("bob")).isEqualTo(store(transport).permissionsOf("bob"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenCachedThenSecondRequestServedWithoutStoreCall(Transport transport) {
        AtomicInteger storeCalls = new AtomicInteger();
        PermissionStore counting = principal -> {
            storeCalls.incrementAndGet();
            return store(transport).permissionsOf(principal);
        };
        CachingPermissionStore cached = new CachingPermissionStore(counting, new PermissionCacheSettings(
                Duration.ofMinutes(5), Duration.ofMinutes(1), 100, Duration.ZERO), Clock.systemUTC());

        PermissionSet first = cached.permissionsOf("alice");
        PermissionSet second = cached.permissionsOf("alice");

        assertThat(second).isEqualTo(first);
        assertThat(storeCalls).hasValue(1);
        assertThat(cached.stats().hits()).isEqualTo(1);
    }

    // ---- failures (dynalite)

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenTableMissingThenPermissionStoreExceptionNamingTheError(Transport transport) {
        try (TransportStore missing = TransportStore.open(transport, dynalite.endpoint(), "no-such-table", FAST)) {
            assertFailsWithin(FAST, () -> missing.store.permissionsOf("alice"), "GetItem", "no-such-table")
                    .hasMessageContaining("ResourceNotFoundException")
                    .hasMessageContaining("HTTP 400");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenServerStoppedMidRunThenPermissionStoreExceptionWithinTimeout(Transport transport) {
        try (DynaliteServer own = DynaliteServer.start(); DynaliteTables ownTables = new DynaliteTables(own.endpoint())) {
            ownTables.createPermissionsTable(TABLE);
            ownTables.put(TABLE, Map.of("principal", s("alice"), "permissions", ss("GET /orders/*")));
            try (TransportStore owned = TransportStore.open(transport, own.endpoint(), TABLE, FAST)) {
                assertThat(owned.store.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

                own.stop();

                assertFailsWithin(FAST, () -> owned.store.permissionsOf("alice"), "GetItem", TABLE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenServerSlowerThanAttemptTimeoutThenPermissionStoreException(Transport transport) {
        try (DelayingTcpProxy proxy = new DelayingTcpProxy(dynalite.port());
                TransportStore slow = TransportStore.open(transport, proxy.endpoint(), TABLE, FAST)) {
            assertThat(slow.store.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

            proxy.delay(Duration.ofSeconds(5));

            assertFailsWithin(FAST, () -> slow.store.permissionsOf("alice"), "GetItem", TABLE)
                    // SDK: the attempt timer (ApiCallAttemptTimeoutException) and the socket read timeout
                    // ("Read timed out") are equal on purpose, so either may fire first. HTTP: "timed out (...)".
                    .hasMessageMatching("(?s).*(Timeout|timed out).*");
        }
    }

    // ---- the wire and what dynalite cannot do (scripted server)

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenCalledThenBothReadsCarrySameProjectedConsistentJson(Transport transport) {
        DynamoDbSettings consistent = new DynamoDbSettings(
                true, FAST.apiCallTimeout(), FAST.apiCallAttemptTimeout(), FAST.maxRetries());
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, consistent)) {
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"roles\":{\"SS\":[\"reader\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#reader\"},"
                            + "\"permissions\":{\"SS\":[\"GET /books\"]}}]},\"UnprocessedKeys\":{}}"));

            assertThat(scripted.store.permissionsOf("erin").permissions()).containsExactly(perm("GET /books"));

            assertThat(server.requests()).extracting(ScriptedDynamoDb.Request::operation)
                    .containsExactly("GetItem", "BatchGetItem");
            assertThat(json(server.requests("GetItem").get(0).body())).isEqualTo(json("{\"TableName\":\"" + TABLE
                    + "\",\"Key\":{\"principal\":{\"S\":\"erin\"}},\"ProjectionExpression\":\"#p, #r, #t, #u, #d\","
                    + "\"ExpressionAttributeNames\":{\"#p\":\"permissions\",\"#r\":\"roles\",\"#t\":\"tenant\","
                    + "\"#u\":\"usageIdentifierKey\",\"#d\":\"disabled\"},\"ConsistentRead\":true}"));
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

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenThrottledOnEveryAttemptThenPermissionStoreExceptionAfterAllRetries(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, THROTTLE_BUDGET)) {
            server.answer(request -> Reply.error(400, "ProvisionedThroughputExceededException", "Rate exceeded"));

            assertFailsWithin(THROTTLE_BUDGET, () -> scripted.store.permissionsOf("alice"), "GetItem", TABLE)
                    .hasMessageContaining("ProvisionedThroughputExceededException")
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("Rate exceeded");
            assertThat(server.requests("GetItem")).hasSize(1 + THROTTLE_BUDGET.maxRetries());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenServerErrorOnceThenRetriedAndAnswered(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
            AtomicInteger calls = new AtomicInteger();
            server.answer(request -> calls.getAndIncrement() == 0
                    ? Reply.error(500, "InternalServerError", "Internal server error")
                    : Reply.ok("{\"Item\":{\"principal\":{\"S\":\"alice\"},\"permissions\":{\"SS\":[\"GET /a\"]}}}"));

            assertThat(scripted.store.permissionsOf("alice").permissions()).containsExactly(perm("GET /a"));
            assertThat(server.requests("GetItem")).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenValidationErrorThenPermissionStoreExceptionWithoutRetry(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
            server.answer(request -> Reply.error(400, "ValidationException", "One or more parameter values were invalid"));

            assertFailsWithin(FAST, () -> scripted.store.permissionsOf("alice"), "GetItem", TABLE)
                    .hasMessageContaining("ValidationException")
                    .hasMessageContaining("HTTP 400");
            assertThat(server.requests("GetItem")).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenKeysUnprocessedOnceThenOnlyThoseReRequestedAndMerged(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
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

            assertThat(scripted.store.permissionsOf("erin").permissions())
                    .containsExactlyInAnyOrder(perm("GET /books"), perm("POST /books"));

            List<ScriptedDynamoDb.Request> requests = server.requests("BatchGetItem");
            assertThat(requests).hasSize(2);
            assertThat(json(requests.get(1).body()).path("RequestItems").path(TABLE).path("Keys"))
                    .isEqualTo(json("[{\"principal\":{\"S\":\"role#writer\"}}]"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenKeysStayUnprocessedThenPermissionStoreExceptionAfterBoundedRetries(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"permissions\":{\"SS\":[\"GET /own\"]},"
                            + "\"roles\":{\"SS\":[\"reader\",\"writer\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[" + roleItem("reader", "GET /books") + "]},"
                            + unprocessed("role#writer") + "}"));

            // Never part of the roles: the whole read fails, though the principal's own item was read.
            assertFailsWithin(FAST, () -> scripted.store.permissionsOf("erin"), "BatchGetItem", TABLE)
                    .hasMessageContaining("left 1 role keys unprocessed after "
                            + (1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES) + " requests");
            assertThat(server.requests("BatchGetItem")).hasSize(1 + DynamoDbPermissionStore.MAX_UNPROCESSED_RETRIES);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenUnprocessedKeyUnreadableThenPermissionStoreException(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
            server.answer(request -> request.operation().equals("GetItem")
                    ? Reply.ok("{\"Item\":{\"principal\":{\"S\":\"erin\"},\"roles\":{\"SS\":[\"reader\"]}}}")
                    : Reply.ok("{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{\"" + TABLE
                            + "\":{\"Keys\":[{\"principal\":{\"N\":\"1\"}}]}}}"));

            assertFailsWithin(FAST, () -> scripted.store.permissionsOf("erin"), "BatchGetItem", TABLE)
                    .hasMessageContaining("unprocessed key");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void permissionsOfWhenResponseIsNotJsonThenPermissionStoreException(Transport transport) {
        try (ScriptedDynamoDb server = ScriptedDynamoDb.start();
                TransportStore scripted = TransportStore.open(transport, server.endpoint(), TABLE, FAST)) {
            server.answer(request -> Reply.ok("<html>this is not DynamoDB"));

            assertFailsWithin(FAST, () -> scripted.store.permissionsOf("alice"), "GetItem", TABLE);
        }
    }

    // ---- helpers

    /**
     * The common part of a failure on both transports: a PermissionStoreException naming the
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
