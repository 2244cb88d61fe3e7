package dev.tollgate.idp;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.Settings;
import dev.tollgate.lambda.HandlerHarness;
import dev.tollgate.lambda.UnauthorizedException;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.token.JwksCache;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real issuers trusted at once ({@code TOLLGATE_ISSUERS}): Keycloak and oidc-provider, each with
 * its own audience, both over HTTPS, keys by discovery. Each issuer's tokens are checked against
 * that issuer's keys and audiences only.
 */
class TwoIssuersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = RealProviderContract.ARN;

    @RegisterExtension
    static final SharedProviders PROVIDERS = new SharedProviders();
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private static JvmDefaultTrust trust;

    @BeforeAll
    static void trustTheProvidersCa() {
        trust = JvmDefaultTrust.install(SharedProviders.CA);
    }

    @AfterAll
    static void restoreTrust() {
        trust.close();
    }

    /** Keycloak for the orders API, oidc-provider for the billing API. */
    private static HandlerHarness handler(RealProvider keycloak, RealProvider oidcProvider) {
        String issuers = JSON.valueToTree(List.of(
                Map.of("issuer", keycloak.issuer(), "audiences", List.of(RealProvider.ORDERS_API)),
                Map.of("issuer", oidcProvider.issuer(), "audiences", List.of(RealProvider.BILLING_API)))).toString();
        Settings settings = TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUER", null)
                .with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_ISSUERS", issuers)
                .build();
        InMemoryPermissionStore store = new InMemoryPermissionStore()
                .grant(keycloak.ordersPrincipal(), "GET /orders/*")
                .grant("billing-reader", "GET /orders/*"); // oidc-provider's sub is the client id
        return new HandlerHarness(settings, store, new MutableClock(Instant.now()));
    }

    private static JsonNode invoke(HandlerHarness harness, String token) throws Exception {
        return JSON.readTree(harness.invoke(tokenEvent("Bearer " + token, ARN)));
    }

    @Test
    void authorizeWhenTokensOfBothIssuersThenEachAllowedWithItsOwnKeysAndAudience() throws Exception {
        RealProvider keycloak = PROVIDERS.keycloak();
        RealProvider oidcProvider = PROVIDERS.oidcProvider();
        HandlerHarness harness = handler(keycloak, oidcProvider);

        JsonNode fromKeycloak = invoke(harness, keycloak.ordersToken());
        JsonNode fromOidcProvider = invoke(harness, oidcProvider.billingToken());

        assertThat(fromKeycloak.path("principalId").asText()).isEqualTo(keycloak.ordersPrincipal());
        assertThat(fromKeycloak.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(fromOidcProvider.path("principalId").asText()).isEqualTo("billing-reader");
        assertThat(fromOidcProvider.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
        List<JwksCache> caches = harness.components().verifier().keyCaches();
        assertThat(caches).hasSize(2).allSatisfy(cache -> assertThat(cache.fetchCount()).isEqualTo(1));
    }

    @Test
    void authorizeWhenTokenCarriesTheOtherIssuersAudienceThenUnauthorizedWithWrongAudience() {
        RealProvider keycloak = PROVIDERS.keycloak();
        RealProvider oidcProvider = PROVIDERS.oidcProvider();
        HandlerHarness harness = handler(keycloak, oidcProvider);

        // Audiences are per issuer: the billing API is trusted only from oidc-provider, the orders API only from Keycloak.
        assertThatThrownBy(() -> invoke(harness, keycloak.billingToken()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        assertThatThrownBy(() -> invoke(harness, oidcProvider.ordersToken()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        assertThat(log.text().split("\"reason\":\"WRONG_AUDIENCE\"", -1)).hasSize(3);
    }
}
