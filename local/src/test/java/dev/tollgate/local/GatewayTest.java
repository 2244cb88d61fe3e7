package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gateway's API Gateway behaviour with a scripted authorizer; no network. */
class GatewayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:local/dev/";
    static final String ALICE_ALLOW = """
            {"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":[
              {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["%sGET/orders/*"]}]},
             "context":{"principalId":"alice","tenant":"acme","scope":"orders:read","n":3,"b":true}}"""
            .formatted(PREFIX);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
    final List<String> events = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Gateway gateway(Duration ttl, Function<String, AuthorizerClient.Invocation> answer) {
        return new Gateway(EmulatedApi.REST_REQUEST, ttl, event -> {
            events.add(event);
            return answer.apply(event);
        }, clock, log::add);
    }

    static Gateway.Request get(String path, String authorization) {
        return request("GET", path, authorization);
    }

    static Gateway.Request request(String method, String path, String authorization) {
        Map<String, List<String>> headers = authorization == null
                ? Map.of("Accept", List.of("application/json"))
                : Map.of("Authorization", List.of(authorization), "Accept", List.of("application/json"));
        return new Gateway.Request(method, path, headers, Map.of("q", List.of("1", "2")), "127.0.0.1");
    }

    static AuthorizerClient.Invocation ok(String body) {
        return new AuthorizerClient.Invocation(false, body, null);
    }

    static AuthorizerClient.Invocation error(String message) {
        return new AuthorizerClient.Invocation(true, "{\"errorMessage\":\"" + message + "\",\"errorType\":\"X\"}", message);
    }

    static JsonNode body(Gateway.Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void handleWhenNoAuthorizationHeaderThen401WithoutInvokingTheAuthorizer() throws Exception {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> ok(ALICE_ALLOW));
        Gateway.Response response = gateway.handle(get("/orders/42", null));
        assertThat(response.status()).isEqualTo(401);
        assertThat(body(response).path("message").asText()).isEqualTo("Unauthorized");
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "UnauthorizedException");
        assertThat(gateway.handle(get("/orders/42", "  ")).status()).isEqualTo(401);
        assertThat(gateway.authorizerInvocations()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void handleWhenAllowedThenBackendEchoesRouteAndStringifiedContext() throws Exception {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> ok(ALICE_ALLOW));
        Gateway.Response response = gateway.handle(get("/orders/42", "Bearer t1"));
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.path("route").asText()).isEqualTo("GET /orders/42");
        assertThat(body.path("authorizer").path("principalId").asText()).isEqualTo("alice");
        assertThat(body.path("authorizer").path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("authorizer").path("scope").asText()).isEqualTo("orders:read");
        assertThat(body.path("authorizer").path("n").isTextual()).isTrue();
        assertThat(body.path("authorizer").path("b").asText()).isEqualTo("true");
    }

    @Test
    void handleWhenInvokedThenRestRequestEventWithMethodArnHeadersAndQuery() throws Exception {
        Gateway gateway = gateway(Duration.ZERO, e -> ok(ALICE_ALLOW));
        gateway.handle(get("/orders/42", "Bearer t1"));
        JsonNode event = JSON.readTree(events.get(0));
        assertThat(event.path("type").asText()).isEqualTo("REQUEST");
        assertThat(event.path("methodArn").asText()).isEqualTo(PREFIX + "GET/orders/42");
        assertThat(event.path("httpMethod").asText()).isEqualTo("GET");
        assertThat(event.path("path").asText()).isEqualTo("/orders/42");
        assertThat(event.path("resource").asText()).isEqualTo("/{proxy+}");
        assertThat(event.path("pathParameters").path("proxy").asText()).isEqualTo("orders/42");
        assertThat(event.path("headers").path("Authorization").asText()).isEqualTo("Bearer t1");
        assertThat(event.path("multiValueHeaders").path("Authorization").get(0).asText()).isEqualTo("Bearer t1");
        assertThat(event.path("queryStringParameters").path("q").asText()).isEqualTo("2");
        assertThat(event.path("multiValueQueryStringParameters").path("q")).hasSize(2);
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("dev");
        assertThat(event.path("requestContext").path("apiId").asText()).isEqualTo("local");
        assertThat(event.path("requestContext").path("accountId").asText()).isEqualTo("123456789012");
        assertThat(event.path("requestContext").path("path").asText()).isEqualTo("/dev/orders/42");
    }

    @Test
    void handleWhenPolicyDoesNotCoverRouteThen403ImplicitDeny() throws Exception {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> ok(ALICE_ALLOW));
        Gateway.Response response = gateway.handle(request("DELETE", "/admin", "Bearer t1"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(body(response).path("message").asText()).isEqualTo("User is not authorized to access this resource");
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "AccessDeniedException");
    }

    @Test
    void handleWhenPolicyDeniesThen403ExplicitDeny() throws Exception {
        String deny = "{\"principalId\":\"carol\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Deny\",\"Resource\":\"" + PREFIX + "*\"}]}}";
        Gateway.Response response = gateway(Duration.ofSeconds(300), e -> ok(deny)).handle(get("/orders/42", "Bearer c"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(body(response).path("message").asText())
                .isEqualTo("User is not authorized to access this resource with an explicit deny");
    }

    @Test
    void handleWhenAuthorizerFailsWithUnauthorizedThen401() throws Exception {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> error("Unauthorized"));
        Gateway.Response response = gateway.handle(get("/orders/42", "Bearer bad"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(body(response).path("message").asText()).isEqualTo("Unauthorized");
        assertThat(gateway.authorizerInvocations()).isEqualTo(1);
    }

    @Test
    void handleWhenAuthorizerFailsOtherwiseThen500WithNullMessage() throws Exception {
        for (AuthorizerClient.Invocation failure : List.of(error("Internal error: JWKS_UNAVAILABLE"), error("unauthorized"),
                ok("not json"), ok("{\"policyDocument\":{}}"),
                ok("{\"principalId\":\"a\",\"policyDocument\":{\"Statement\":[]},\"context\":{\"list\":[1]}}"),
                ok("{\"principalId\":\"a\",\"policyDocument\":{\"Version\":\"2012-10-17\"}}"))) {
            Gateway.Response response = gateway(Duration.ofSeconds(300), e -> failure).handle(get("/orders/42", "Bearer x"));
            assertThat(response.status()).as(failure.body()).isEqualTo(500);
            assertThat(body(response).get("message").isNull()).isTrue();
            assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "AuthorizerConfigurationException");
        }
        Gateway.Response timeout = new Gateway(EmulatedApi.REST_REQUEST, Duration.ofSeconds(300), e -> {
            throw new java.util.concurrent.TimeoutException("no answer");
        }, clock, log::add).handle(get("/orders/42", "Bearer x"));
        assertThat(timeout.status()).isEqualTo(500);
    }

    @Test
    void handleWhenSameIdentityWithinTtlThenCachedPolicyServesEveryRoute() {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> ok(ALICE_ALLOW));
        assertThat(gateway.handle(get("/orders/42", "Bearer t1")).status()).isEqualTo(200);
        assertThat(gateway.handle(get("/orders/7", "Bearer t1")).status()).isEqualTo(200);
        assertThat(gateway.handle(request("DELETE", "/admin", "Bearer t1")).status()).isEqualTo(403);
        assertThat(gateway.authorizerInvocations()).isEqualTo(1);
        assertThat(gateway.handle(get("/orders/42", "Bearer t2")).status()).isEqualTo(200);
        assertThat(gateway.authorizerInvocations()).isEqualTo(2);
        assertThat(log).anyMatch(line -> line.contains("from cache"));
    }

    @Test
    void handleWhenTtlPassedThenAuthorizerInvokedAgain() {
        Gateway gateway = gateway(Duration.ofSeconds(300), e -> ok(ALICE_ALLOW));
        gateway.handle(get("/orders/42", "Bearer t1"));
        clock.advance(Duration.ofSeconds(299));
        gateway.handle(get("/orders/42", "Bearer t1"));
        assertThat(gateway.authorizerInvocations()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        gateway.handle(get("/orders/42", "Bearer t1"));
        assertThat(gateway.authorizerInvocations()).isEqualTo(2);
    }

    @Test
    void handleWhenTtlZeroOrErrorThenNothingCached() {
        Gateway off = gateway(Duration.ZERO, e -> ok(ALICE_ALLOW));
        off.handle(get("/orders/42", "Bearer t1"));
        off.handle(get("/orders/42", "Bearer t1"));
        assertThat(off.authorizerInvocations()).isEqualTo(2);
        Gateway failing = gateway(Duration.ofSeconds(300), e -> error("Unauthorized"));
        failing.handle(get("/orders/42", "Bearer bad"));
        failing.handle(get("/orders/42", "Bearer bad"));
        assertThat(failing.authorizerInvocations()).isEqualTo(2);
    }

    @Test
    void queryWhenRepeatedAndEncodedThenDecodedInOrder() {
        assertThat(GatewayServer.query("a=1&a=2&b=x%20y&c")).containsEntry("a", List.of("1", "2"))
                .containsEntry("b", List.of("x y")).containsEntry("c", List.of(""));
        assertThat(GatewayServer.query(null)).isEmpty();
    }
}
