package dev.tollgate.lambda;

import dev.tollgate.testing.CapturedLog;
import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The decision line: one per decision, an EMF document, never the token. */
class DecisionLogTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();
    private final ObjectMapper json = new ObjectMapper();

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.text().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void decisionLineWhenAllowedThenEmfWithOutcomeReasonLatencyAndCounterIncrements() throws Exception {
        InMemoryPermissionStore store = new InMemoryPermissionStore().grant("alice", "GET /orders/*");
        HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, MutableClock.atTestNow());
        String token = TestTokens.token().bearer();
        harness.invoke(tokenEvent(token, AuthorizerHandlerTest.ARN));
        harness.invoke(tokenEvent(token, AuthorizerHandlerTest.ARN));
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("outcome").asText()).isEqualTo("ALLOW");
        assertThat(first.path("reason").asText()).isEqualTo("ALLOWED");
        assertThat(first.path("decisions").asInt()).isEqualTo(1);
        assertThat(first.path("latencyMs").isNumber()).isTrue();
        assertThat(first.path("permissionCacheMisses").asLong()).isEqualTo(1);
        assertThat(lines.get(1).path("permissionCacheHits").asLong()).isEqualTo(1);
        assertThat(lines.get(1).path("permissionCacheMisses").asLong()).isZero();
        assertThat(first.path("tokenCache").asText()).isEqualTo("MISS");
        assertThat(first.path("permissionCache").asText()).isEqualTo("MISS");
        assertThat(lines.get(1).path("tokenCache").asText()).isEqualTo("HIT");
        assertThat(lines.get(1).path("permissionCache").asText()).isEqualTo("HIT");
        JsonNode metrics = first.path("_aws").path("CloudWatchMetrics");
        assertThat(metrics.get(0).path("Namespace").asText()).isEqualTo("tollgate");
        assertThat(metrics.get(0).path("Dimensions").toString()).isEqualTo("[[\"outcome\"],[\"outcome\",\"reason\"]]");
        assertThat(first.path("_aws").path("Timestamp").isNumber()).isTrue();
        String raw = log.text();
        String[] parts = token.substring("Bearer ".length()).split("\\.");
        assertThat(raw).doesNotContain(parts[0]).doesNotContain(parts[1]).doesNotContain(parts[2]);
    }

    @Test
    void decisionLineWhenMetricsOffThenNoEmfMember() throws Exception {
        HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_METRICS", "false").build(),
                new InMemoryPermissionStore().grant("alice", "GET /orders/*"), MutableClock.atTestNow());
        harness.invoke(tokenEvent(TestTokens.token().bearer(), AuthorizerHandlerTest.ARN));
        JsonNode line = lines().get(0);
        assertThat(line.has("_aws")).isFalse();
        assertThat(line.path("outcome").asText()).isEqualTo("ALLOW");
    }

    @Test
    void decisionLineWhenStoreFailsThenErrorLineNamingTheCause() throws Exception {
        InMemoryPermissionStore store = new InMemoryPermissionStore();
        store.failing(true);
        HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, MutableClock.atTestNow());
        assertThatThrownBy(() -> harness.invoke(tokenEvent(TestTokens.token().bearer(), AuthorizerHandlerTest.ARN)))
                .isInstanceOf(AuthorizerFailureException.class);
        JsonNode line = lines().get(0);
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("outcome").asText()).isEqualTo("ERROR");
        assertThat(line.path("reason").asText()).isEqualTo("PERMISSION_STORE_UNAVAILABLE");
        assertThat(line.path("detail").asText()).contains("in-memory store told to fail");
    }

    @Test
    void decisionLineWhenVerifiedTokenThenItsIssAndJtiAndWhenBadTokenThenNeither() throws Exception {
        InMemoryPermissionStore store = new InMemoryPermissionStore().grant("alice", "GET /orders/*");
        HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, MutableClock.atTestNow());
        harness.invoke(tokenEvent(TestTokens.token().claim("jti", "token-7").bearer(), AuthorizerHandlerTest.ARN));
        assertThatThrownBy(() -> harness.invoke(tokenEvent("Bearer not.a.token", AuthorizerHandlerTest.ARN)));
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("iss").asText()).isEqualTo(TestTokens.ISSUER);
        assertThat(lines.get(0).path("jti").asText()).isEqualTo("token-7");
        assertThat(lines.get(1).path("outcome").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(lines.get(1).path("iss").isNull()).isTrue();
        assertThat(lines.get(1).path("jti").isNull()).isTrue();
        assertThat(log.text()).doesNotContain("not.a.token");
    }
}
