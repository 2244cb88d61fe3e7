package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Cognito user pool entry through the real handler, its keys from a loopback issuer over real
 * HTTPS (a {@link TestTls} CA trusted as a deployment would, through the JVM's defaults) standing in
 * for the pool's JWKS through {@code jwksUri}: both issuer formats and a replica region's, one key
 * fetch for all of them, the {@code token_use} and client checks as 401s with their reasons, and
 * no discovery document asked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CognitoIssuerIT {
    private static final String POOL = "us-east-1_AbCdEf123";
    private static final String CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado";
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final List<String> ISSUERS = List.of(
            "https://cognito-idp.us-east-1.amazonaws.com/" + POOL,
            "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL,
            "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL,
            "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + POOL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TestTls CA = TestTls.newCa("tollgate CognitoIssuerIT CA");
    private static JvmDefaultTrust trust;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final MutableClock clock = MutableClock.atTestNow();
    private LoopbackIssuer keys;

    @BeforeAll
    static void trustTestCa() {
        trust = JvmDefaultTrust.install(CA);
    }

    @AfterAll
    static void restoreTrust() {
        trust.close();
    }

    @BeforeEach
    void startKeys() {
        keys = LoopbackIssuer.builder(TestKeys.jwks()).tls(CA.issue("IP:127.0.0.1").serverContext()).start();
    }

    @AfterEach
    void stopKeys() {
        keys.close();
    }

    private HandlerHarness handler(String tokenUse) {
        String issuers = "[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"" + tokenUse + "\",\"clientIds\":[\""
                + CLIENT + "\"],\"replicaRegions\":[\"eu-west-1\"],\"jwksUri\":\"" + keys.jwksUri() + "\","
                + "\"rolesClaim\":\"cognito:groups\"}]";
        return new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUERS", issuers)
                .with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0").build(),
                new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);
    }

    private static TestTokens access(String issuer) {
        return TestTokens.token().claim("iss", issuer).claim("aud", null).claim("client_id", CLIENT)
                .claim("token_use", "access").claim("scope", "orders/read").claim("cognito:groups", List.of("readers"));
    }

    @Test
    void invokeWhenAccessTokenOfEveryIssuerFormatAndReplicaThenAllowWithOneKeyFetchOverHttps() throws Exception {
        HandlerHarness handler = handler("access");
        handler.components().verifier().keyCaches().forEach(dev.tollgate.token.JwksCache::prefetch);

        for (String issuer : ISSUERS) {
            String response = handler.invoke(tokenEvent(access(issuer).bearer(), ARN));
            assertThat(JSON.readTree(response).path("policyDocument").path("Statement").get(0).path("Effect").asText())
                    .as(issuer).isEqualTo("Allow");
            assertThat(JSON.readTree(response).path("context").path("issuer").asText()).isEqualTo(issuer);
        }
        assertThat(keys.jwksRequests()).as("one key set for every issuer of the pool").isEqualTo(1);
        assertThat(keys.discoveryRequests()).as("no discovery for a Cognito pool").isZero();
    }

    @Test
    void invokeWhenIdTokenAtAnAccessEntryOrAnotherClientThenUnauthorizedWithTheReason() {
        HandlerHarness handler = handler("access");
        String issuer = ISSUERS.get(1);

        assertUnauthorized(handler, access(issuer).claim("token_use", "id").claim("aud", CLIENT).bearer());
        assertUnauthorized(handler, access(issuer).claim("client_id", "another-app").bearer());
        assertUnauthorized(handler, access(issuer.replace("us-east-1.amazonaws", "us-west-2.amazonaws")).bearer());
        assertThat(log.text()).contains("\"reason\":\"WRONG_TOKEN_TYPE\"");
        assertThat(log.text()).contains("\"reason\":\"WRONG_AUDIENCE\"");
        assertThat(log.text()).contains("\"reason\":\"UNKNOWN_ISSUER\"");
    }

    @Test
    void invokeWhenIdEntryThenIdTokenAllowedAndAccessTokenRefused() throws Exception {
        HandlerHarness handler = handler("id");
        String issuer = ISSUERS.get(0);
        String idToken = TestTokens.token().claim("iss", issuer).claim("aud", CLIENT).claim("token_use", "id").bearer();

        assertThat(handler.invoke(tokenEvent(idToken, ARN))).contains("\"Effect\":\"Allow\"");
        assertUnauthorized(handler, access(issuer).bearer());
        assertThat(log.text()).contains("\"reason\":\"WRONG_TOKEN_TYPE\"");
    }

    private static void assertUnauthorized(HandlerHarness handler, String bearer) {
        assertThatThrownBy(() -> handler.invoke(tokenEvent(bearer, ARN))).hasMessage("Unauthorized");
    }
}
