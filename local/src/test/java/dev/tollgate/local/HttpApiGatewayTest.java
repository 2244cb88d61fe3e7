package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gateway as an HTTP API (payload 2.0 simple and IAM, payload 1.0) with a scripted authorizer; no network. */
class HttpApiGatewayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:local/$default/";
    static final String SIMPLE_ALLOW = "{\"isAuthorized\":true,\"context\":{\"principalId\":\"alice\",\"n\":3,"
            + "\"list\":[\"a\"],\"map\":{\"k\":\"v\"}}}";
    static final String ALICE_POLICY = """
            {"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":[
              {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["%1$sGET/orders","%1$sGET/orders/*","%1$sPOST/orders"]},
              {"Action":"execute-api:Invoke","Effect":"Deny","Resource":["%1$sPOST/orders"]}]},
             "context":{"principalId":"alice","n":3}}""".formatted(PREFIX);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
    final List<String> events = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Gateway gateway(EmulatedApi api, Duration ttl, Function<String, AuthorizerClient.Invocation> answer) {
        return new Gateway(api, ttl, event -> {
            events.add(event);
            return answer.apply(event);
        }, clock, log::add);
    }

    static Gateway.Request request(String method, String path, String authorization) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/json"));
        headers.put("X-Multi", List.of("a", "b"));
        headers.put("Cookie", List.of("c1=x; c2=y"));
        headers.put("User-Agent", List.of("curl/8.5.0"));
        if (authorization != null) {
            headers.put("Authorization", List.of(authorization));
        }
        return new Gateway.Request(method, path, headers, Map.of("q", List.of("1", "2")), "q=1&q=2", "127.0.0.1");
    }

    static AuthorizerClient.Invocation ok(String body) {
        return new AuthorizerClient.Invocation(false, body, null);
    }

    static AuthorizerClient.Invocation error(String message) {
        return new AuthorizerClient.Invocation(true, "{\"errorMessage\":\"" + message + "\"}", message);
    }

    static JsonNode body(Gateway.Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void handleWhenPayload2ThenEventAsApiGatewayWritesIt() throws Exception {
        gateway(EmulatedApi.HTTP_SIMPLE, Duration.ZERO, e -> ok(SIMPLE_ALLOW)).handle(request("GET", "/orders/42", "Bearer t1"));
        JsonNode event = JSON.readTree(events.get(0));
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("type").asText()).isEqualTo("REQUEST");
        assertThat(event.path("routeArn").asText()).isEqualTo(PREFIX + "GET/orders/42");
        assertThat(event.path("identitySource")).extracting(JsonNode::asText)
                .containsExactly("Bearer t1", "GET /orders/{proxy+}");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /orders/{proxy+}");
        assertThat(event.path("rawPath").asText()).isEqualTo("/orders/42");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("q=1&q=2");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("c1=x", "c2=y");
        JsonNode headers = event.path("headers");
        assertThat(headers.path("authorization").asText()).isEqualTo("Bearer t1");
        assertThat(headers.path("x-multi").asText()).isEqualTo("a,b");
        assertThat(headers.has("Authorization")).isFalse();
        assertThat(headers.has("cookie")).isFalse();
        assertThat(event.path("queryStringParameters").path("q").asText()).isEqualTo("1,2");
        assertThat(event.path("pathParameters").path("proxy").asText()).isEqualTo("42");
        JsonNode context = event.path("requestContext");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/orders/42");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("curl/8.5.0");
        assertThat(context.path("routeKey").asText()).isEqualTo("GET /orders/{proxy+}");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("apiId").asText()).isEqualTo("local");
        assertThat(context.path("time").asText()).isEqualTo("27/Nov/2026:09:00:00 +0000");
        assertThat(context.path("timeEpoch").asLong()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void handleWhenPayload1ThenRestShapeWithVersionAndJoinedIdentitySource() throws Exception {
        gateway(EmulatedApi.HTTP_V1, Duration.ZERO, e -> ok(ALICE_POLICY)).handle(request("GET", "/orders", "Bearer t1"));
        JsonNode event = JSON.readTree(events.get(0));
        assertThat(event.path("version").asText()).isEqualTo("1.0");
        assertThat(event.path("methodArn").asText()).isEqualTo(PREFIX + "GET/orders");
        assertThat(event.path("identitySource").asText()).isEqualTo("Bearer t1,GET /orders");
        assertThat(event.path("authorizationToken").asText()).isEqualTo("Bearer t1,GET /orders");
        assertThat(event.path("resource").asText()).isEqualTo("/orders");
        assertThat(event.path("path").asText()).isEqualTo("/orders");
        assertThat(event.path("headers").path("authorization").asText()).isEqualTo("Bearer t1");
        assertThat(event.path("pathParameters").isNull()).isTrue();
        assertThat(event.path("requestContext").path("resourceId").asText()).isEqualTo("GET /orders");
    }

    @Test
    void handleWhenSimpleResponseTrueThen200WithContextAsJsonUnderLambda() throws Exception {
        Gateway.Response response = gateway(EmulatedApi.HTTP_SIMPLE, Duration.ofSeconds(300), e -> ok(SIMPLE_ALLOW))
                .handle(request("GET", "/orders/42", "Bearer t1"));
        assertThat(response.status()).isEqualTo(200);
        JsonNode lambda = body(response).path("authorizer").path("lambda");
        assertThat(lambda.path("principalId").asText()).isEqualTo("alice");
        assertThat(lambda.path("n").isNumber()).isTrue();
        assertThat(lambda.path("list").isArray()).isTrue();
        assertThat(body(response).path("routeKey").asText()).isEqualTo("GET /orders/{proxy+}");
        assertThat(response.headers()).containsKey("apigw-requestid");
    }

    @Test
    void handleWhenSimpleResponseFalseThen403Forbidden() throws Exception {
        Gateway.Response response = gateway(EmulatedApi.HTTP_SIMPLE, Duration.ofSeconds(300),
                e -> ok("{\"isAuthorized\":false}")).handle(request("GET", "/orders/42", "Bearer t1"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(body(response).path("message").asText()).isEqualTo("Forbidden");
        assertThat(response.headers()).doesNotContainKey("x-amzn-ErrorType");
    }

    @Test
    void handleWhenSimpleResponsesCachedThenKeyedOnTokenAndRouteKey() {
        Gateway gateway = gateway(EmulatedApi.HTTP_SIMPLE, Duration.ofSeconds(300), e -> ok(SIMPLE_ALLOW));
        gateway.handle(request("GET", "/orders/42", "Bearer t1"));
        gateway.handle(request("GET", "/orders/7", "Bearer t1"));       // same route key: cached
        assertThat(gateway.authorizerInvocations()).isEqualTo(1);
        gateway.handle(request("GET", "/orders", "Bearer t1"));         // another route key
        gateway.handle(request("DELETE", "/orders/7", "Bearer t1"));    // another method
        assertThat(gateway.authorizerInvocations()).isEqualTo(3);
        gateway.handle(request("GET", "/orders/42", "Bearer t2"));      // another token
        assertThat(gateway.authorizerInvocations()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(300));
        gateway.handle(request("GET", "/orders/42", "Bearer t1"));
        assertThat(gateway.authorizerInvocations()).isEqualTo(5);
        assertThat(log).anyMatch(line -> line.contains("from cache") && line.contains("routeKey=GET /orders/{proxy+}"));
    }

    @Test
    void handleWhenIamPolicyThenEvaluatedAgainstRouteArnAndDenyWinsAsForbidden() throws Exception {
        for (EmulatedApi api : List.of(EmulatedApi.HTTP_IAM, EmulatedApi.HTTP_V1)) {
            Gateway gateway = gateway(api, Duration.ofSeconds(300), e -> ok(ALICE_POLICY));
            Gateway.Response allowed = gateway.handle(request("GET", "/orders", "Bearer t1"));
            assertThat(allowed.status()).as(api.flag()).isEqualTo(200);
            assertThat(body(allowed).path("authorizer").path("principalId").asText()).isEqualTo("alice");
            assertThat(body(allowed).path("authorizer").path("lambda").path("n").asInt()).isEqualTo(3);
            Gateway.Response denied = gateway.handle(request("POST", "/orders", "Bearer t1"));
            assertThat(denied.status()).isEqualTo(403);
            assertThat(body(denied).path("message").asText()).isEqualTo("Forbidden");
            Gateway.Response notAllowed = gateway.handle(request("DELETE", "/admin", "Bearer t1"));
            assertThat(notAllowed.status()).isEqualTo(403);
            assertThat(body(notAllowed).path("message").asText()).isEqualTo("Forbidden");
        }
    }

    @Test
    void handleWhenNoOrEmptyAuthorizationHeaderThen401WithoutInvoking() throws Exception {
        Gateway gateway = gateway(EmulatedApi.HTTP_SIMPLE, Duration.ofSeconds(300), e -> ok(SIMPLE_ALLOW));
        Gateway.Response response = gateway.handle(request("GET", "/orders/42", null));
        assertThat(response.status()).isEqualTo(401);
        assertThat(body(response).path("message").asText()).isEqualTo("Unauthorized");
        assertThat(response.headers()).containsKey("apigw-requestid").doesNotContainKey("x-amzn-ErrorType");
        assertThat(gateway.handle(request("GET", "/orders/42", " ")).status()).isEqualTo(401);
        assertThat(gateway.authorizerInvocations()).isZero();
    }

    @Test
    void handleWhenAuthorizerFailsOrAnswersWrongShapeThen500InternalServerErrorAndUnauthorizedThen401() throws Exception {
        for (AuthorizerClient.Invocation failure : List.of(error("Internal error: JWKS_UNAVAILABLE"), ok("[]"),
                ok("{\"isAuthorized\":\"yes\"}"), ok(ALICE_POLICY), ok("{\"isAuthorized\":true,\"context\":[1]}"))) {
            Gateway.Response response = gateway(EmulatedApi.HTTP_SIMPLE, Duration.ofSeconds(300), e -> failure)
                    .handle(request("GET", "/orders/42", "Bearer t1"));
            assertThat(response.status()).as(failure.body()).isEqualTo(500);
            assertThat(body(response).path("message").asText()).isEqualTo("Internal Server Error");
        }
        Gateway.Response simpleToIam = gateway(EmulatedApi.HTTP_IAM, Duration.ofSeconds(300), e -> ok(SIMPLE_ALLOW))
                .handle(request("GET", "/orders/42", "Bearer t1"));
        assertThat(simpleToIam.status()).isEqualTo(500);
        Gateway.Response unauthorized = gateway(EmulatedApi.HTTP_IAM, Duration.ofSeconds(300), e -> error("Unauthorized"))
                .handle(request("GET", "/orders/42", "Bearer t1"));
        assertThat(unauthorized.status()).isEqualTo(401);
    }

    @Test
    void routeWhenPathsThenRouteKeysPerMethodAndFirstSegment() {
        assertThat(HttpApiRoute.of("GET", "/")).isEqualTo(new HttpApiRoute("GET /", "/", Map.of()));
        assertThat(HttpApiRoute.of("GET", "/orders")).isEqualTo(new HttpApiRoute("GET /orders", "/orders", Map.of()));
        assertThat(HttpApiRoute.of("GET", "/orders/")).isEqualTo(new HttpApiRoute("GET /orders", "/orders", Map.of()));
        assertThat(HttpApiRoute.of("POST", "/orders/42/items")).isEqualTo(
                new HttpApiRoute("POST /orders/{proxy+}", "/orders/{proxy+}", Map.of("proxy", "42/items")));
    }
}
