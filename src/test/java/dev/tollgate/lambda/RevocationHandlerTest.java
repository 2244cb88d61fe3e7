package dev.tollgate.lambda;

import static dev.tollgate.lambda.AuthorizerHandlerTest.httpV2;
import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation through the real handler: a revoked token is a 401 ({@code Unauthorized}, or
 * {@code isAuthorized:false} for HTTP APIs) with reason {@code REVOKED} in the decision line, a
 * remembered verification included.
 */
class RevocationHandlerTest {
    private static final String ARN = AuthorizerHandlerTest.ARN;
    private static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/";

    @RegisterExtension
    final CapturedLog log = new CapturedLog();
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = MutableClock.atTestNow();
    private final InMemoryPermissionStore store = new InMemoryPermissionStore().grant("alice", "GET /orders/*");
    private final HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, clock);

    @Test
    void handleWhenJtiRevokedThenUnauthorizedWithRevokedInTheDecisionLine() throws Exception {
        store.revokeJti("j-1", Instant.MAX);
        String token = TestTokens.token().claim("jti", "j-1").bearer();

        assertThatThrownBy(() -> harness.invoke(tokenEvent(token, ARN)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        JsonNode line = lastDecisionLine();
        assertThat(line.path("reason").asText()).isEqualTo("REVOKED");
        assertThat(line.path("jti").asText()).isEqualTo("j-1");
        // another token of the same principal is not touched
        assertThat(harness.invoke(tokenEvent(TestTokens.token().claim("jti", "j-2").bearer(), ARN)))
                .contains("\"Effect\":\"Allow\"");
    }

    @Test
    void handleWhenHttpApiSimpleAndRevokedThenNotAuthorized() throws Exception {
        store.revokeJti("j-1", Instant.MAX);

        String response = harness.invoke(httpV2(TestTokens.token().claim("jti", "j-1").bearer(), PREFIX + "GET/orders/42"));

        assertThat(response).contains("\"isAuthorized\":false");
        assertThat(lastDecisionLine().path("reason").asText()).isEqualTo("REVOKED");
    }

    @Test
    void handleWhenIssuedBeforeTokensValidAfterOrWithoutIatThenRevokedAndLaterTokensAllowed() throws Exception {
        store.tokensValidAfter("alice", TestTokens.NOW);
        String older = TestTokens.token().claim("iat", TestTokens.NOW.minusSeconds(1).getEpochSecond()).bearer();
        String noIat = TestTokens.token().claim("iat", null).bearer();

        assertThatThrownBy(() -> harness.invoke(tokenEvent(older, ARN))).isInstanceOf(UnauthorizedException.class);
        assertThat(lastDecisionLine().path("reason").asText()).isEqualTo("REVOKED");
        assertThatThrownBy(() -> harness.invoke(tokenEvent(noIat, ARN))).isInstanceOf(UnauthorizedException.class);
        assertThat(harness.invoke(tokenEvent(TestTokens.token().bearer(), ARN))).contains("\"Effect\":\"Allow\"");
    }

    @Test
    void handleWhenRevokedAfterACachedAllowThenRevokedWithinTheRevocationTtlThoughTheTokenVerificationIsCached()
            throws Exception {
        String token = TestTokens.token().claim("jti", "j-1").bearer();
        assertThat(harness.invoke(tokenEvent(token, ARN))).contains("\"Effect\":\"Allow\"");
        store.revokeJti("j-1", Instant.MAX);

        clock.advance(Duration.ofSeconds(59));
        assertThat(harness.invoke(tokenEvent(token, ARN))).contains("\"Effect\":\"Allow\"");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> harness.invoke(tokenEvent(token, ARN))).isInstanceOf(UnauthorizedException.class);
        JsonNode line = lastDecisionLine();
        assertThat(line.path("reason").asText()).isEqualTo("REVOKED");
        assertThat(line.path("tokenCache").asText()).isEqualTo("HIT");
    }

    @Test
    void handleWhenStoreFailsForATokenWithJtiThenErrorNeverAllow() {
        store.failing(true);

        assertThatThrownBy(() -> harness.invoke(tokenEvent(TestTokens.token().claim("jti", "j-1").bearer(), ARN)))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
    }

    private JsonNode lastDecisionLine() throws Exception {
        JsonNode found = null;
        for (String text : log.text().split("\n")) {
            if (text.contains("\"tollgate.decision\"")) {
                found = json.readTree(text);
            }
        }
        if (found == null) {
            throw new AssertionError("no decision line in " + log.text());
        }
        return found;
    }
}
