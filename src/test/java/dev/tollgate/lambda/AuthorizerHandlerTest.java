package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.quote;
import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.testing.Golden;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event shape through the real handler, responses compared with golden files in
 * {@code events/expected/}, and the response semantics of README.md: Allow, Deny (403),
 * {@code Unauthorized} (401), error (500).
 */
class AuthorizerHandlerTest {
    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    static final String ADMIN_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/DELETE/admin/users/7";

    private final MutableClock clock = MutableClock.atTestNow();
    private InMemoryPermissionStore store;
    private HandlerHarness rest;

    @BeforeEach
    void setUp() {
        store = new InMemoryPermissionStore()
                .grant("alice", "GET /orders/*", "POST /orders")
                .put("bob", new PermissionSet(Set.of(Permission.parse("* /reports/*").orElseThrow()), "acme", "key-123", false))
                .put("mallory", new PermissionSet(Set.of(Permission.parse("GET /orders/*").orElseThrow()), null, null, true));
        rest = new HandlerHarness(TestSettings.inlineKeys().build(), store, clock);
    }

    private static void golden(String name, String json) {
        Golden.assertMatches(Golden.expected(name), json);
    }

    @Test
    void restTokenWhenRoutePermittedThenAllowPolicyCoversEveryPermittedRoute() throws Exception {
        golden("rest-token-allow", rest.invoke(tokenEvent(TestTokens.token().bearer(), ARN)));
    }

    @Test
    void restTokenWhenEs256TokenThenAllow() throws Exception {
        golden("rest-token-allow", rest.invoke(tokenEvent(TestTokens.token().es256().bearer(), ARN)));
    }

    @Test
    void restTokenWhenRouteNotPermittedThenSamePolicyWhichDoesNotCoverTheRoute() throws Exception {
        String response = rest.invoke(tokenEvent(TestTokens.token().bearer(), ADMIN_ARN));
        golden("rest-token-allow", response);
        assertThat(response).doesNotContain("admin");
    }

    @Test
    void restTokenWhenPrincipalUnknownThenExplicitDenyOfTheStage() throws Exception {
        golden("rest-token-no-permissions", rest.invoke(tokenEvent(TestTokens.token().subject("nobody").bearer(), ARN)));
    }

    @Test
    void restTokenWhenPrincipalDisabledThenExplicitDeny() throws Exception {
        golden("rest-token-disabled", rest.invoke(tokenEvent(TestTokens.token().subject("mallory").bearer(), ARN)));
    }

    @Test
    void restTokenWhenTenantAndUsageKeyThenInContextAndResponse() throws Exception {
        golden("rest-token-tenant-usage-key", rest.invoke(tokenEvent(TestTokens.token().subject("bob").bearer(),
                "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/reports/2026")));
    }

    @Test
    void restTokenWhenChinaPartitionThenPolicyUsesThatPartition() throws Exception {
        String response = rest.invoke(tokenEvent(TestTokens.token().bearer(),
                "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3d4e5/prod/GET/orders/42"));
        assertThat(response).contains("arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3d4e5/prod/GET/orders/*")
                .doesNotContain("arn:aws:");
    }

    @Test
    void restRequestWhenAuthorizationHeaderAnyCaseThenAllow() throws Exception {
        golden("rest-request-allow", rest.invoke(restRequest("{\"AUTHORIZATION\":" + quote(TestTokens.token().bearer()) + "}")));
    }

    @Test
    void restRequestWhenTwoDifferentAuthorizationHeadersThenUnauthorized() {
        String event = restRequest("{\"Authorization\":" + quote(TestTokens.token().bearer()) + ",\"authorization\":"
                + quote(TestTokens.token().subject("bob").bearer()) + "}");
        assertThatThrownBy(() -> rest.invoke(event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void restRequestWhenCustomTokenHeaderThenReadFromIt() throws Exception {
        HandlerHarness custom = new HandlerHarness(
                TestSettings.inlineKeys().with("TOLLGATE_TOKEN_HEADER", "X-Api-Token").build(), store, clock);
        String response = custom.invoke(restRequest("{\"x-api-token\":" + quote(TestTokens.token().bearer()) + "}"));
        assertThat(response).contains("\"Effect\":\"Allow\"");
    }

    @Test
    void httpV1WhenRoutePermittedThenIamPolicyWithoutUsageKey() throws Exception {
        String event = "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"identitySource\":"
                + quote(TestTokens.token().subject("bob").bearer()) + ",\"headers\":{}}";
        String response = rest.invoke(event);
        golden("http-v1-bob", response);
        assertThat(response).doesNotContain("usageIdentifierKey");
    }

    @Test
    void httpV2SimpleWhenRoutePermittedThenAuthorizedWithContext() throws Exception {
        golden("http-v2-simple-allow", rest.invoke(httpV2(TestTokens.token().bearer(), ARN)));
    }

    @Test
    void httpV2SimpleWhenRouteNotPermittedThenNotAuthorizedWithoutContext() throws Exception {
        golden("http-v2-simple-deny", rest.invoke(httpV2(TestTokens.token().bearer(), ADMIN_ARN)));
    }

    @Test
    void httpV2SimpleWhenTokenInvalidThenNotAuthorized() throws Exception {
        golden("http-v2-simple-deny", rest.invoke(httpV2("Bearer not-a-token", ARN)));
        golden("http-v2-simple-deny", rest.invoke(httpV2(null, ARN)));
    }

    @Test
    void httpV2IamWhenConfiguredThenIamPolicyAndUnauthorizedForBadToken() throws Exception {
        HandlerHarness iam = new HandlerHarness(
                TestSettings.inlineKeys().with("TOLLGATE_HTTP_API_RESPONSE", "iam").build(), store, clock);
        golden("http-v2-iam-allow", iam.invoke(httpV2(TestTokens.token().bearer(), ARN)));
        assertThatThrownBy(() -> iam.invoke(httpV2("Bearer x.y.z", ARN)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
    }

    @Test
    void everyIamShapeWhenTokenMissingOrInvalidThenExactlyUnauthorized() {
        for (String authorization : new String[] {null, "", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer a.b.c",
                TestTokens.token().expiresAt(TestTokens.NOW.minusSeconds(3600)).bearer(),
                TestTokens.token().claim("aud", "someone-else").bearer()}) {
            assertThatThrownBy(() -> rest.invoke(tokenEvent(authorization, ARN)))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
            assertThatThrownBy(() -> rest.invoke(restRequest(authorization == null ? "{}"
                    : "{\"Authorization\":" + quote(authorization) + "}")))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        }
    }

    @Test
    void handleWhenPermissionStoreFailsThenErrorNotUnauthorizedAndNoOutput() {
        store.failing(true);
        assertThatThrownBy(() -> rest.invoke(tokenEvent(TestTokens.token().bearer(), ARN)))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
        assertThatThrownBy(() -> rest.invoke(httpV2(TestTokens.token().bearer(), ARN)))
                .isInstanceOf(AuthorizerFailureException.class);
    }

    @Test
    void handleWhenIssuerUnreachableAndNoKeysThenErrorJwksUnavailable() {
        LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks());
        String issuerId = issuer.issuer();
        issuer.close();
        HandlerHarness remote = new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUER", issuerId).with("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", "200").build(), store, clock);
        assertThatThrownBy(() -> remote.invoke(tokenEvent(TestTokens.token().claim("iss", issuerId).bearer(), ARN)))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: JWKS_UNAVAILABLE");
    }

    @Test
    void handleWhenEventNotUnderstoodThenErrorNamingTheProblem() {
        assertThatThrownBy(() -> rest.invoke("not json")).isInstanceOf(AuthorizerFailureException.class)
                .hasMessageStartingWith("Invalid authorizer event: not JSON");
        assertThatThrownBy(() -> rest.invoke("{\"type\":\"WEBSOCKET\"}")).isInstanceOf(AuthorizerFailureException.class)
                .hasMessageContaining("unknown event shape");
        assertThatThrownBy(() -> rest.invoke("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer x\"}"))
                .isInstanceOf(AuthorizerFailureException.class).hasMessageContaining("methodArn is missing");
        assertThatThrownBy(() -> rest.invoke(tokenEvent(TestTokens.token().bearer(), "arn:aws:s3:::bucket")))
                .isInstanceOf(AuthorizerFailureException.class).hasMessageContaining("methodArn");
        assertThatThrownBy(() -> rest.invoke(tokenEvent(TestTokens.token().bearer(), ARN + "/x".repeat(900))))
                .isInstanceOf(AuthorizerFailureException.class).hasMessageContaining("longer than 1600");
        assertThatThrownBy(() -> rest.invoke("[1,2]")).isInstanceOf(AuthorizerFailureException.class);
        assertThatThrownBy(() -> rest.invoke("{\"type\":\"TOKEN\",\"authorizationToken\":42,\"methodArn\":7}"))
                .isInstanceOf(AuthorizerFailureException.class);
    }

    @Test
    void handleWhenInputIsNotUtf8ThenInvalidEvent() {
        byte[] bytes = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> rest.handler().handleRequest(new java.io.ByteArrayInputStream(bytes),
                new java.io.ByteArrayOutputStream(), null)).isInstanceOf(AuthorizerFailureException.class);
    }

    @Test
    void handleWhenRequiredScopeMissingThenDenyWithoutAskingTheStore() throws Exception {
        HandlerHarness scoped = new HandlerHarness(
                TestSettings.inlineKeys().with("TOLLGATE_REQUIRED_SCOPES", "orders:write").build(), store, clock);
        int before = store.calls();
        golden("rest-token-insufficient-scope", scoped.invoke(tokenEvent(TestTokens.token().bearer(), ARN)));
        assertThat(store.calls()).isEqualTo(before);
    }

    @Test
    void handleWhenContextClaimsConfiguredThenOnlyScalarsCopied() throws Exception {
        HandlerHarness withClaims = new HandlerHarness(
                TestSettings.inlineKeys().with("TOLLGATE_CONTEXT_CLAIMS", "email,groups,org-id,admin").build(), store, clock);
        String response = withClaims.invoke(tokenEvent(TestTokens.token().claim("email", "alice@example.com")
                .claim("groups", java.util.List.of("a", "b")).claim("org-id", 42).claim("admin", false).bearer(), ARN));
        assertThat(response).contains("\"claim_email\":\"alice@example.com\"", "\"claim_org_id\":42", "\"claim_admin\":false")
                .doesNotContain("groups");
    }

    @Test
    void handleWhenEnormousOrManyHeadersThenClearOutcomeNoCrash() throws Exception {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 10_000; i++) {
            many.append("\"x-h").append(i).append("\":\"").append("v".repeat(20)).append("\",");
        }
        many.append("\"Authorization\":").append(quote(TestTokens.token().bearer())).append('}');
        assertThat(rest.invoke(restRequest(many.toString()))).contains("\"Effect\":\"Allow\"");
        String huge = "Bearer " + "A".repeat(1_000_000);
        assertThatThrownBy(() -> rest.invoke(restRequest("{\"Authorization\":" + quote(huge) + "}")))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> rest.invoke(restRequest("{\"Authorization\":42}")))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> rest.invoke(restRequest("[\"Authorization\"]")))
                .isInstanceOf(UnauthorizedException.class);
    }

    private static String restRequest(String headers) {
        return "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"resource\":\"/orders/{id}\",\"path\":\"/orders/42\","
                + "\"httpMethod\":\"GET\",\"headers\":" + headers + ",\"queryStringParameters\":{},"
                + "\"requestContext\":{\"requestId\":\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\",\"stage\":\"prod\"}}";
    }

    static String httpV2(String authorization, String routeArn) {
        return "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + routeArn + "\",\"identitySource\":["
                + (authorization == null ? "" : quote(authorization)) + "],\"routeKey\":\"GET /orders/{id}\","
                + "\"rawPath\":\"/orders/42\",\"headers\":{" + (authorization == null ? "" : "\"authorization\":" + quote(authorization))
                + "},\"requestContext\":{\"requestId\":\"id-v2\",\"http\":{\"method\":\"GET\",\"path\":\"/orders/42\"}}}";
    }
}
