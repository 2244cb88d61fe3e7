package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway as a REST API with a TOKEN authorizer, with a scripted authorizer; no network. */
class RestTokenGatewayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:local/dev/";
    static final String TOKEN = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
    final List<String> events = new ArrayList<>();

    Gateway gateway(Duration ttl) {
        return new Gateway(EmulatedApi.REST_TOKEN, ttl, event -> {
            events.add(event);
            return new AuthorizerClient.Invocation(false, GatewayTest.ALICE_ALLOW, null);
        }, clock, line -> { });
    }

    @Test
    void handleWhenInvokedThenTokenEventWithExactlyTypeTokenAndMethodArn() throws Exception {
        Gateway.Response response = gateway(Duration.ZERO).handle(GatewayTest.get("/orders/42", TOKEN));
        assertThat(response.status()).isEqualTo(200);
        JsonNode event = JSON.readTree(events.get(0));
        assertThat(event.properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("type", "authorizationToken", "methodArn");
        assertThat(event.path("type").asText()).isEqualTo("TOKEN");
        assertThat(event.path("authorizationToken").asText()).isEqualTo(TOKEN);
        assertThat(event.path("methodArn").asText()).isEqualTo(PREFIX + "GET/orders/42");
    }

    @Test
    void handleWhenTokenFailsValidationExpressionThen401WithoutInvoking() throws Exception {
        Gateway gateway = gateway(Duration.ofSeconds(300));
        for (String header : List.of("Basic YWxpY2U6cHc=", "Bearer", "Bearer a b", "bearer abc")) {
            Gateway.Response response = gateway.handle(GatewayTest.get("/orders/42", header));
            assertThat(response.status()).as(header).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Unauthorized");
        }
        assertThat(gateway.handle(GatewayTest.get("/orders/42", null)).status()).isEqualTo(401);
        assertThat(gateway.authorizerInvocations()).isZero();
    }

    @Test
    void handleWhenSameTokenThenCachedPolicyServesEveryMethodAndPath() {
        Gateway gateway = gateway(Duration.ofSeconds(300));
        assertThat(gateway.handle(GatewayTest.get("/orders/42", TOKEN)).status()).isEqualTo(200);
        assertThat(gateway.handle(GatewayTest.request("DELETE", "/admin", TOKEN)).status()).isEqualTo(403);
        assertThat(gateway.authorizerInvocations()).isEqualTo(1);
        assertThat(gateway.handle(GatewayTest.get("/orders/42", TOKEN + "x")).status()).isEqualTo(200);
        assertThat(gateway.authorizerInvocations()).isEqualTo(2);
    }
}
