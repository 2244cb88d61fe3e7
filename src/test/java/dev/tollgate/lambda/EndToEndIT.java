package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.config.Settings;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole path with real parts: a token from a loopback issuer (discovery + JWKS over HTTP), the
 * production DynamoDB store against dynalite over HTTP, the permission cache, the real handler.
 * Endpoint and region come from the settings' environment, credentials from the system-property
 * twins of the standard environment variables, so production code has no test-only path.
 */
class EndToEndIT {
    private static final String TABLE = "tollgate-permissions";
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final String POST_ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/POST/orders";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID,
            "aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);
    private static final Map<String, String> previous = new HashMap<>();

    private static DynaliteServer dynalite;
    private static LoopbackIssuer issuer;

    @BeforeAll
    static void start() {
        AWS_PROPERTIES.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        dynalite = DynaliteServer.start();
        try (DynaliteTables tables = new DynaliteTables(dynalite.endpoint())) {
            tables.createPermissionsTable(TABLE);
            tables.put(TABLE, Map.of("principal", s("alice"), "permissions", AttributeValue.fromSs(List.of("GET /orders/*"))));
            tables.put(TABLE, Map.of("principal", s("bob"), "permissions", AttributeValue.fromSs(List.of("GET /orders/*")),
                    "roles", AttributeValue.fromSs(List.of("writer")), "tenant", s("acme")));
            tables.put(TABLE, Map.of("principal", s("role#writer"), "permissions", AttributeValue.fromSs(List.of("POST /orders"))));
            tables.put(TABLE, Map.of("principal", s("carol"), "permissions", AttributeValue.fromSs(List.of("GET /orders/*")),
                    "disabled", AttributeValue.fromBool(true)));
        }
        issuer = LoopbackIssuer.start(TestKeys.jwks());
    }

    @AfterAll
    static void stop() {
        issuer.close();
        dynalite.close();
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** A handler wired like production, with a store that counts calls to DynamoDB. */
    private static HandlerHarness handler(AtomicInteger dynamoDbCalls, MutableClock clock) {
        return handler(dynamoDbCalls, clock, dynalite);
    }

    /** The store reads its endpoint from the settings' environment, as in production. */
    private static HandlerHarness handler(AtomicInteger dynamoDbCalls, MutableClock clock,
            DynaliteServer server) {
        Settings settings = TestSettings.remote(issuer)
                .with("AWS_ENDPOINT_URL_DYNAMODB", server.endpoint().toString())
                .with("TOLLGATE_PERMISSIONS_TABLE", TABLE)
                .with("TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS", "1500")
                .with("TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS", "500")
                .with("TOLLGATE_DYNAMODB_MAX_RETRIES", "1")
                .with("TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS", "60")
                .build();
        PermissionStore dynamoDb = DynamoDbPermissionStore.overHttp(settings.permissions().table(), settings.dynamoDb(), false);
        PermissionStore counted = query -> {
            dynamoDbCalls.incrementAndGet();
            return dynamoDb.permissionsOf(query);
        };
        return new HandlerHarness(settings, counted, clock);
    }

    private static String token(String principal) {
        return TestTokens.token().claim("iss", issuer.issuer()).subject(principal).bearer();
    }

    private static JsonNode invoke(HandlerHarness harness, String principal, String arn) throws Exception {
        return JSON.readTree(harness.invoke(tokenEvent(token(principal), arn)));
    }

    @Test
    void userWithGetOrdersGetsExactlyThatOnTheCallingApiAndStage() throws Exception {
        JsonNode response = invoke(handler(new AtomicInteger(), MutableClock.atTestNow()), "alice", ARN);
        JsonNode statement = response.path("policyDocument").path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Resource")).hasSize(1);
        assertThat(statement.path("Resource").get(0).asText())
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/*");
        assertThat(response.path("principalId").asText()).isEqualTo("alice");
    }

    @Test
    void roleAddsPermissionsAndTenantReachesTheContext() throws Exception {
        HandlerHarness harness = handler(new AtomicInteger(), MutableClock.atTestNow());
        JsonNode response = invoke(harness, "bob", POST_ARN);
        assertThat(response.path("policyDocument").path("Statement").get(0).path("Resource").toString())
                .contains("/prod/GET/orders/*", "/prod/POST/orders");
        assertThat(response.path("context").path("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void disabledUserIsDeniedEverything() throws Exception {
        JsonNode statement = invoke(handler(new AtomicInteger(), MutableClock.atTestNow()), "carol", ARN)
                .path("policyDocument").path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
        assertThat(statement.path("Resource").get(0).asText()).endsWith("/prod/*");
    }

    @Test
    void unknownUserIsDeniedNotAnError() throws Exception {
        JsonNode statement = invoke(handler(new AtomicInteger(), MutableClock.atTestNow()), "nobody", ARN)
                .path("policyDocument").path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
    }

    @Test
    void secondRequestForTheSamePrincipalIsServedFromTheCache() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MutableClock clock = MutableClock.atTestNow();
        HandlerHarness harness = handler(calls, clock);
        invoke(harness, "alice", ARN);
        invoke(harness, "alice", ARN);
        // a different token of the same principal too (without jti: one with a jti has an entry of its own)
        JSON.readTree(harness.invoke(tokenEvent(TestTokens.token().claim("iss", issuer.issuer())
                .claim("iat", TestTokens.NOW.minusSeconds(1).getEpochSecond()).bearer(), ARN)));
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(90)); // past the permission TTL, the token still valid
        invoke(harness, "alice", ARN);
        assertThat(calls).hasValue(2);
    }

    @Test
    void dynamoDbDownNeverYieldsAnAllow() throws Exception {
        try (DynaliteServer doomed = DynaliteServer.start()) {
            System.setProperty("aws.endpointUrlDynamoDb", doomed.endpoint().toString());
            HandlerHarness harness;
            try {
                harness = handler(new AtomicInteger(), MutableClock.atTestNow(), doomed);
            } finally {
                    }
            doomed.stop();
            long start = System.nanoTime();
            assertThatThrownBy(() -> harness.invoke(tokenEvent(token("alice"), ARN)))
                    .isInstanceOf(AuthorizerFailureException.class)
                    .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> harness.invoke(AuthorizerHandlerTest.httpV2(token("alice"), ARN)))
                    .isInstanceOf(AuthorizerFailureException.class);
        }
    }
}
