package dev.tollgate.idp;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import dev.tollgate.config.JwksSettings;
import dev.tollgate.config.Settings;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.lambda.HandlerHarness;
import dev.tollgate.lambda.UnauthorizedException;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.token.JwksCache;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What tollgate must do with any real OpenID provider, run against one ({@link #provider()}) with
 * the real handler wired from settings as in production: keys found by discovery over HTTPS
 * (trusted through the JVM's default trust, as a deployment sets it), the provider's own
 * client-credentials tokens, key rotation while the handler is warm, and the refusals a wrong
 * audience or an expired token must get (401, with the reason in the decision log).
 *
 * <p>Time: the handler's clock starts at the real now (the provider stamps {@code iat} with it) and
 * is moved forward where a case needs time to pass; the providers' tokens live an hour. Every JWKS
 * setting is at its production default.
 */
abstract class RealProviderContract {
    static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SharedProviders PROVIDERS = new SharedProviders();
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private static JvmDefaultTrust trust;

    private MutableClock clock;

    /** The provider under test (started once for the run). */
    abstract RealProvider provider();

    @BeforeAll
    static void trustTheProvidersCa() {
        trust = JvmDefaultTrust.install(SharedProviders.CA);
    }

    @AfterAll
    static void restoreTrust() {
        trust.close();
    }

    /**
     * A handler wired from settings like production: one issuer found by discovery (no JWKS URI),
     * the orders audience, and the verified-token cache off so that every request checks the
     * signature against the key cache (rotation cases).
     */
    private HandlerHarness handler(boolean rememberVerifiedTokens) {
        RealProvider provider = provider(); // started first: the clock starts at the now its tokens are stamped with
        clock = new MutableClock(Instant.now());
        Settings settings = TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUER", provider.issuer())
                .with("TOLLGATE_AUDIENCE", RealProvider.ORDERS_API)
                .with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", rememberVerifiedTokens ? null : "0")
                .build();
        assertThat(settings.verifier().issuers().get(0).jwksUri()).as("keys by discovery").isNull();
        InMemoryPermissionStore store = new InMemoryPermissionStore()
                .grant(provider.ordersPrincipal(), "GET /orders/*");
        return new HandlerHarness(settings, store, clock);
    }

    private static JwksCache keys(HandlerHarness harness) {
        return harness.components().verifier().keyCaches().get(0);
    }

    private static JsonNode allowed(HandlerHarness harness, String token) throws Exception {
        JsonNode response = JSON.readTree(harness.invoke(tokenEvent("Bearer " + token, ARN)));
        assertThat(response.path("policyDocument").path("Statement").get(0).path("Effect").asText())
                .as("decision for %s", response).isEqualTo("Allow");
        return response;
    }

    private void assertUnauthorized(HandlerHarness harness, String token, String reason) {
        assertThatThrownBy(() -> harness.invoke(tokenEvent("Bearer " + token, ARN)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        assertThat(log.text()).contains("\"reason\":\"" + reason + "\"");
    }

    private static String kidOf(String token) throws Exception {
        return JWSObject.parse(token).getHeader().getKeyID();
    }

    @Test
    void authorizeWhenClientCredentialsTokenAndKeysByDiscoveryThenAllowForItsPrincipal() throws Exception {
        HandlerHarness harness = handler(true);
        String token = provider().ordersToken();

        JsonNode response = allowed(harness, token);

        assertThat(response.path("principalId").asText()).isEqualTo(provider().ordersPrincipal());
        assertThat(response.path("policyDocument").path("Statement").get(0).path("Resource").get(0).asText())
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/*");
        assertThat(keys(harness).fetchCount()).as("one discovery + JWKS fetch").isEqualTo(1);
        allowed(harness, provider().ordersToken());
        assertThat(keys(harness).fetchCount()).as("warm: keys from the cache").isEqualTo(1);
    }

    @Test
    void authorizeWhenTokenIsForAnotherApiThenUnauthorizedWithWrongAudience() throws Exception {
        HandlerHarness harness = handler(true);

        assertUnauthorized(harness, provider().billingToken(), "WRONG_AUDIENCE");
        allowed(harness, provider().ordersToken());
    }

    @Test
    void authorizeWhenTokenExpiredThenUnauthorizedWithExpired() throws Exception {
        HandlerHarness harness = handler(true);
        String token = provider().ordersToken();
        allowed(harness, token);

        Instant expiresAt = JWSObject.parse(token).getPayload().toJSONObject().get("exp") instanceof Number exp
                ? Instant.ofEpochSecond(exp.longValue()) : Instant.MAX;
        clock.set(expiresAt.plus(VerifierSettings.DEFAULT_CLOCK_SKEW).plusSeconds(1));

        assertUnauthorized(harness, token, "EXPIRED");
    }

    @Test
    void authorizeAcrossKeyRotationWhileWarmThenNewKidFetchedOldTokenAcceptedUntilTheKeyIsRemoved() throws Exception {
        HandlerHarness harness = handler(false);
        String before = provider().ordersToken();
        String oldKid = kidOf(before);
        allowed(harness, before);
        long fetches = keys(harness).fetchCount();

        String newKid = provider().rotateKey();
        String after = provider().ordersToken();
        assertThat(kidOf(after)).isEqualTo(newKid).isNotEqualTo(oldKid);
        assertThat(provider().publishedKids()).contains(oldKid, newKid);
        // An unknown kid refetches at most once per minimum refresh interval (production default).
        clock.advance(JwksSettings.DEFAULT_MIN_REFRESH_INTERVAL.plusSeconds(1));

        allowed(harness, after);
        assertThat(keys(harness).fetchCount()).as("the new kid fetched the JWKS again").isEqualTo(fetches + 1);
        allowed(harness, before); // the old key is still published: its tokens still verify
        assertThat(keys(harness).fetchCount()).isEqualTo(fetches + 1);

        provider().removeKey(oldKid);
        assertThat(provider().publishedKids()).contains(newKid).doesNotContain(oldKid);
        // A removed key is trusted at most one key-cache TTL after its removal.
        clock.advance(JwksSettings.DEFAULT_CACHE_TTL.plusSeconds(1));

        assertUnauthorized(harness, before, "UNKNOWN_KEY");
        allowed(harness, after);
        allowed(harness, provider().ordersToken());
    }
}
