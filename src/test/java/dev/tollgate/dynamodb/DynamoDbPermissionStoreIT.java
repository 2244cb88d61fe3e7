package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.Settings;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.testing.DelayingTcpProxy;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store against a real DynamoDB-API server (dynalite on loopback) through the production client
 * factory: endpoint, region and credentials reach the SDK exactly as the environment would give them
 * (as their system-property twins), so production code has no test-only path.
 */
class DynamoDbPermissionStoreIT {
    private static final String TABLE = "tollgate-permissions";
    /** Short budgets so fault tests finish fast; the attempt timeout is what the slow server trips. */
    private static final Settings.DynamoDbSettings FAST = new Settings.DynamoDbSettings(
            false, Duration.ofMillis(1500), Duration.ofMillis(400), 1);
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static DynaliteServer dynalite;
    private static DynaliteTables tables;
    private static DynamoDbClient client;
    private static DynamoDbPermissionStore store;

    /** The system-property twin of AWS_ENDPOINT_URL_DYNAMODB. */
    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";
    /**
     * Twins of AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Credentials are read on every
     * request (as in Lambda, from the environment), so they stay set for the whole class.
     */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.region", DynaliteTables.REGION,
            "aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID,
            "aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);
    private static final Map<String, String> previousProperties = new HashMap<>();

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
        client = productionClient(dynalite.endpoint(), FAST);
        store = new DynamoDbPermissionStore(client, TABLE, FAST);
    }

    @AfterAll
    static void stopDynalite() {
        if (client != null) {
            client.close();
        }
        if (tables != null) {
            tables.close();
        }
        if (dynalite != null) {
            dynalite.stop();
        }
        previousProperties.forEach(DynamoDbPermissionStoreIT::restore);
    }

    @Test
    void permissionsOfWhenUserHasOrdersReadThenAllowsExactlyThat() {
        PermissionSet alice = store.permissionsOf("alice");

        assertThat(alice.permissions()).containsExactly(perm("GET /orders/*"));
        assertThat(alice.allows("GET", "/orders/42")).isTrue();
        assertThat(alice.allows("POST", "/orders")).isFalse();
    }

    @Test
    void permissionsOfWhenUserHasRolesThenRolePermissionsAddedAndMissingRoleIgnored() {
        PermissionSet bob = store.permissionsOf("bob");

        assertThat(bob.permissions()).containsExactlyInAnyOrder(
                perm("GET /orders/*"), perm("POST /orders"), perm("PUT /orders/*"));
        assertThat(bob.tenant()).isEqualTo("acme");
        assertThat(bob.usageIdentifierKey()).isEqualTo("bob-key");
        assertThat(bob.disabled()).isFalse();
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
    void permissionsOfWhenItemMalformedThenBadPartsSkippedNeverWidened() {
        assertThat(store.permissionsOf("mallory").permissions()).containsExactly(perm("GET /ok"));
        assertThat(store.permissionsOf("trent").disabled()).isTrue();
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
    void permissionsOfWhenCachedThenSecondRequestServedWithoutStoreCall() {
        AtomicInteger storeCalls = new AtomicInteger();
        PermissionStore counting = principal -> {
            storeCalls.incrementAndGet();
            return store.permissionsOf(principal);
        };
        CachingPermissionStore cached = new CachingPermissionStore(counting, new Settings.PermissionCacheSettings(
                Duration.ofMinutes(5), Duration.ofMinutes(1), 100, Duration.ZERO), Clock.systemUTC());

        PermissionSet first = cached.permissionsOf("alice");
        PermissionSet second = cached.permissionsOf("alice");

        assertThat(second).isEqualTo(first);
        assertThat(storeCalls).hasValue(1);
        assertThat(cached.stats().hits()).isEqualTo(1);
    }

    @Test
    void permissionsOfWhenServerStoppedMidRunThenPermissionStoreExceptionWithinTimeout() {
        try (DynaliteServer own = DynaliteServer.start(); DynaliteTables ownTables = new DynaliteTables(own.endpoint())) {
            ownTables.createPermissionsTable(TABLE);
            ownTables.put(TABLE, Map.of("principal", s("alice"), "permissions", ss("GET /orders/*")));
            try (DynamoDbClient ownClient = productionClient(own.endpoint(), FAST)) {
                DynamoDbPermissionStore ownStore = new DynamoDbPermissionStore(ownClient, TABLE, FAST);
                assertThat(ownStore.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

                own.stop();

                long start = System.nanoTime();
                assertThatThrownBy(() -> ownStore.permissionsOf("alice"))
                        .isInstanceOf(PermissionStoreException.class)
                        .hasMessageContaining("GetItem");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.apiCallTimeout().plus(SLACK));
            }
        }
    }

    @Test
    void permissionsOfWhenServerSlowerThanAttemptTimeoutThenPermissionStoreException() {
        try (DelayingTcpProxy proxy = new DelayingTcpProxy(dynalite.port());
                DynamoDbClient slowClient = productionClient(proxy.endpoint(), FAST)) {
            DynamoDbPermissionStore slowStore = new DynamoDbPermissionStore(slowClient, TABLE, FAST);
            assertThat(slowStore.permissionsOf("alice").permissions()).containsExactly(perm("GET /orders/*"));

            proxy.delay(Duration.ofSeconds(5));

            long start = System.nanoTime();
            assertThatThrownBy(() -> slowStore.permissionsOf("alice"))
                    .isInstanceOf(PermissionStoreException.class)
                    // The attempt timer (ApiCallAttemptTimeoutException) and the socket read timeout
                    // ("Read timed out") are equal on purpose, so either may fire first.
                    .hasMessageMatching("(?s).*(Timeout|timed out).*");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.apiCallTimeout().plus(SLACK));
        }
    }

    /**
     * The production factory, given the endpoint as the environment would give it. The SDK reads the
     * endpoint when the client is built, so the property is set only while building.
     */
    private static synchronized DynamoDbClient productionClient(URI endpoint, Settings.DynamoDbSettings settings) {
        String previous = System.setProperty(ENDPOINT_PROPERTY, endpoint.toString());
        try {
            return DynamoDbClients.create(settings, false);
        } finally {
            restore(ENDPOINT_PROPERTY, previous);
        }
    }

    private static void restore(String name, String previous) {
        if (previous == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, previous);
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
