package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static dev.tollgate.testing.DpopProofs.proof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.DpopProofs;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificate-bound and DPoP-bound tokens through the real handler, as API Gateway sends them: REST
 * REQUEST and HTTP API events with a mutual-TLS client certificate (a real one, from a test CA) and
 * DPoP proofs signed with real keys; the adversarial corpus is refused with exactly
 * {@code Unauthorized}, never an Allow.
 */
class SenderConstrainedHandlerTest {
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final String HOST = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";
    private static final String URL = "https://" + HOST + "/prod/orders/42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestTls CA = TestTls.newCa("mtls truststore");
    private static final TestTls.ServerCert CLIENT = CA.issue("DNS:client.example.com");
    private static final TestTls.ServerCert OTHER = CA.issue("DNS:other.example.com");

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final MutableClock clock = MutableClock.atTestNow();
    private final HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(),
            new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);

    static String certificateBoundToken() {
        return TestTokens.token().claim("cnf", Map.of("x5t#S256", DpopProofs.x5tS256(CLIENT.certificate()))).sign();
    }

    static String dpopBoundToken() {
        return TestTokens.token().claim("cnf", Map.of("jkt", DpopProofs.jkt(TestKeys.EC))).sign();
    }

    /** A REST REQUEST event of an API with mutual TLS (the shape of aws-events/go-rest-request-multivalue.json). */
    static String restRequest(String authorization, String certificatePem, String dpop) {
        return "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"resource\":\"/orders/{id}\",\"path\":\"/orders/42\","
                + "\"httpMethod\":\"GET\",\"headers\":{\"Authorization\":" + q(authorization) + ",\"Host\":\"" + HOST + "\""
                + (dpop == null ? "" : ",\"DPoP\":" + q(dpop)) + "},"
                + "\"requestContext\":{\"requestId\":\"r-1\",\"stage\":\"prod\",\"path\":\"/prod/orders/42\","
                + "\"httpMethod\":\"GET\",\"identity\":{\"sourceIp\":\"203.0.113.9\""
                + (certificatePem == null ? "" : ",\"clientCert\":{\"clientCertPem\":" + q(certificatePem) + "}") + "}}}";
    }

    /** An HTTP API payload 2.0 event (the shape of aws-events/docs-http-v2.json). */
    static String httpV2(String authorization, String certificatePem, String dpop) {
        return "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN + "\",\"identitySource\":["
                + q(authorization) + "],\"routeKey\":\"GET /orders/{id}\",\"rawPath\":\"/prod/orders/42\","
                + "\"rawQueryString\":\"\",\"headers\":{\"authorization\":" + q(authorization) + ",\"host\":\"" + HOST + "\""
                + (dpop == null ? "" : ",\"dpop\":" + q(dpop)) + "},"
                + "\"requestContext\":{\"requestId\":\"id-v2\",\"domainName\":\"" + HOST + "\","
                + "\"http\":{\"method\":\"GET\",\"path\":\"/prod/orders/42\"}"
                + (certificatePem == null ? "" : ",\"authentication\":{\"clientCert\":{\"clientCertPem\":"
                        + q(certificatePem) + "}}") + "}}";
    }

    /** A JSON string literal (PEM has line breaks), or null. */
    static String q(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String effect(String event) throws Exception {
        return JSON.readTree(harness.invoke(event)).path("policyDocument").path("Statement").get(0).path("Effect").asText();
    }

    private void assertUnauthorized(String event, String reason) {
        assertThatThrownBy(() -> harness.invoke(event)).isInstanceOf(UnauthorizedException.class)
                .hasMessage("Unauthorized");
        assertThat(log.text()).contains("\"reason\":\"" + reason + "\"");
    }

    @Test
    void restRequestWhenCertificateBoundTokenWithItsCertificateThenAllow() throws Exception {
        assertThat(effect(restRequest("Bearer " + certificateBoundToken(), CLIENT.leafPem(), null))).isEqualTo("Allow");
    }

    @Test
    void restRequestWhenRememberedTokenComesWithAnotherCertificateThenUnauthorizedEvenOnACacheHit() throws Exception {
        String token = certificateBoundToken();
        assertThat(effect(restRequest("Bearer " + token, CLIENT.leafPem(), null))).isEqualTo("Allow");
        assertThat(harness.components().verifier().verifiedTokenCount()).isEqualTo(1);
        assertUnauthorized(restRequest("Bearer " + token, OTHER.leafPem(), null), "CERTIFICATE_MISMATCH");
        assertUnauthorized(restRequest("Bearer " + token, null, null), "CERTIFICATE_MISMATCH");
        assertThat(harness.components().verifier().verifiedTokenCount()).isEqualTo(1);
    }

    @Test
    void restRequestWhenBoundTokenFromAnotherClientThenTheDecisionLineNamesItsJti() {
        String token = TestTokens.token().claim("jti", "stolen-1")
                .claim("cnf", Map.of("x5t#S256", DpopProofs.x5tS256(CLIENT.certificate()))).sign();
        assertUnauthorized(restRequest("Bearer " + token, OTHER.leafPem(), null), "CERTIFICATE_MISMATCH");
        assertThat(log.text()).contains("stolen-1");
    }

    @Test
    void tokenEventWhenCertificateBoundTokenThenUnauthorized() {
        assertUnauthorized(tokenEvent("Bearer " + certificateBoundToken(), ARN), "CERTIFICATE_MISMATCH");
    }

    @Test
    void httpV2WhenCertificateBoundTokenThenAuthorizedOnlyWithItsCertificate() throws Exception {
        String token = certificateBoundToken();
        assertThat(JSON.readTree(harness.invoke(httpV2("Bearer " + token, CLIENT.leafPem(), null)))
                .path("isAuthorized").asBoolean()).isTrue();
        JsonNode other = JSON.readTree(harness.invoke(httpV2("Bearer " + token, OTHER.leafPem(), null)));
        assertThat(other.path("isAuthorized").asBoolean()).isFalse();
        assertThat(log.text()).contains("\"reason\":\"CERTIFICATE_MISMATCH\"");
    }

    @Test
    void restRequestWhenDpopProofValidThenAllowAndTheSameProofAgainThenReplayed() throws Exception {
        String token = dpopBoundToken();
        String proof = proof("GET", URL, token).sign();
        assertThat(effect(restRequest("DPoP " + token, null, proof))).isEqualTo("Allow");
        assertUnauthorized(restRequest("DPoP " + token, null, proof), "DPOP_PROOF_REPLAYED");
        // a fresh proof for the remembered token: allowed again
        assertThat(effect(restRequest("DPoP " + token, null, proof("GET", URL, token).sign()))).isEqualTo("Allow");
    }

    @Test
    void httpV2WhenDpopProofValidThenAuthorized() throws Exception {
        String token = dpopBoundToken();
        JsonNode answer = JSON.readTree(harness.invoke(httpV2("DPoP " + token, null, proof("GET", URL, token).sign())));
        assertThat(answer.path("isAuthorized").asBoolean()).isTrue();
    }

    @Test
    void tokenEventWhenDpopSchemeThenUnauthorizedProofMissing() {
        assertUnauthorized(tokenEvent("DPoP " + dpopBoundToken(), ARN), "DPOP_PROOF_MISSING");
    }

    @Test
    void restRequestWhenTwoDifferingDpopHeadersThenUnauthorized() {
        String token = dpopBoundToken();
        String event = restRequest("DPoP " + token, null, proof("GET", URL, token).sign())
                .replace("\"requestContext\"", "\"multiValueHeaders\":{\"DPoP\":[" + q(proof("GET", URL, token).sign())
                        + "," + q(proof("GET", URL, token).sign()) + "]},\"requestContext\"");
        assertUnauthorized(event, "DPOP_PROOF_INVALID");
    }

    @Test
    void plainBearerTokenIsUnaffected() throws Exception {
        assertThat(effect(restRequest(TestTokens.token().bearer(), null, null))).isEqualTo("Allow");
        assertThat(effect(tokenEvent(TestTokens.token().bearer(), ARN))).isEqualTo("Allow");
    }

    @Test
    void requireBoundTokensWhenPlainBearerTokenThenUnauthorized() throws Exception {
        HandlerHarness strict = new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_REQUIRE_BOUND_TOKENS", "true")
                .build(), new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);
        assertThatThrownBy(() -> strict.invoke(restRequest(TestTokens.token().bearer(), CLIENT.leafPem(), null)))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(log.text()).contains("\"reason\":\"UNBOUND_TOKEN\"");
        assertThat(JSON.readTree(strict.invoke(restRequest("Bearer " + certificateBoundToken(), CLIENT.leafPem(), null)))
                .path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
    }

    /** The corpus: every case is a 401, never an Allow, on each event shape that can carry it. */
    static Stream<Arguments> adversarial() {
        String certToken = certificateBoundToken();
        String dpopToken = dpopBoundToken();
        String plain = TestTokens.token().sign();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        List<Object[]> cases = List.of(
                new Object[] {"wrong certificate thumbprint", "Bearer " + certToken, OTHER.leafPem(), null, "CERTIFICATE_MISMATCH"},
                new Object[] {"certificate-bound token, no certificate", "Bearer " + certToken, null, null, "CERTIFICATE_MISMATCH"},
                new Object[] {"thumbprint of the CA, not the client", "Bearer " + TestTokens.token().claim("cnf",
                        Map.of("x5t#S256", DpopProofs.x5tS256(CA.caCertificate()))).sign(), CLIENT.leafPem(), null,
                        "CERTIFICATE_MISMATCH"},
                new Object[] {"proof for another URL", "DPoP " + dpopToken, null,
                        proof("GET", "https://" + HOST + "/prod/admin", dpopToken).sign(), "DPOP_URL_MISMATCH"},
                new Object[] {"proof for another host", "DPoP " + dpopToken, null,
                        proof("GET", "https://evil.example/prod/orders/42", dpopToken).sign(), "DPOP_URL_MISMATCH"},
                new Object[] {"proof for another method", "DPoP " + dpopToken, null,
                        proof("DELETE", URL, dpopToken).sign(), "DPOP_METHOD_MISMATCH"},
                new Object[] {"HMAC proof", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken).hmac(secret)
                        .header("jwk", TestKeys.EC.toPublicJWK().toJSONObject()).sign(), "DPOP_ALGORITHM_DISALLOWED"},
                new Object[] {"unsigned proof", "DPoP " + dpopToken, null,
                        unsigned(proof("GET", URL, dpopToken).sign()), "DPOP_PROOF_INVALID"},
                new Object[] {"alg none with a signature", "DPoP " + dpopToken, null,
                        unsigned(proof("GET", URL, dpopToken).sign()) + "c2ln", "DPOP_ALGORITHM_DISALLOWED"},
                new Object[] {"proof with private key material", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken)
                        .header("jwk", TestKeys.EC.toJSONObject()).sign(), "DPOP_PROOF_INVALID"},
                new Object[] {"proof key, token without cnf", "DPoP " + plain, null, proof("GET", URL, plain).sign(),
                        "DPOP_TOKEN_NOT_BOUND"},
                new Object[] {"proof by another key", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken)
                        .signedWith(TestKeys.ec("attacker", Curve.P_256), JWSAlgorithm.ES256).sign(), "DPOP_KEY_MISMATCH"},
                new Object[] {"expired iat", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken)
                        .issuedAt(TestTokens.NOW.minusSeconds(300)).sign(), "DPOP_PROOF_EXPIRED"},
                new Object[] {"future iat", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken)
                        .issuedAt(TestTokens.NOW.plusSeconds(300)).sign(), "DPOP_PROOF_ISSUED_IN_FUTURE"},
                new Object[] {"missing ath", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken).claim("ath", null)
                        .sign(), "DPOP_ACCESS_TOKEN_MISMATCH"},
                new Object[] {"ath of another token", "DPoP " + dpopToken, null, proof("GET", URL, plain).sign(),
                        "DPOP_ACCESS_TOKEN_MISMATCH"},
                new Object[] {"typ JWT", "DPoP " + dpopToken, null, proof("GET", URL, dpopToken).header("typ", "JWT")
                        .sign(), "DPOP_PROOF_INVALID"},
                new Object[] {"DPoP scheme, no proof", "DPoP " + dpopToken, null, null, "DPOP_PROOF_MISSING"},
                new Object[] {"DPoP-bound token as Bearer", "Bearer " + dpopToken, null, proof("GET", URL, dpopToken).sign(),
                        "DPOP_SCHEME_REQUIRED"},
                new Object[] {"DPoP-bound token as Bearer, no proof", "Bearer " + dpopToken, null, null,
                        "DPOP_SCHEME_REQUIRED"});
        return cases.stream().flatMap(c -> Stream.of(
                Arguments.of("REST REQUEST: " + c[0], restRequest((String) c[1], (String) c[2], (String) c[3]), c[4]),
                Arguments.of("HTTP API 2.0: " + c[0], httpV2((String) c[1], (String) c[2], (String) c[3]), c[4])));
    }

    private static String unsigned(String proof) {
        String[] parts = proof.split("\\.");
        String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"alg\":\"ES256\"", "\"alg\":\"none\"");
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarial")
    void adversarialCaseIsUnauthorizedNeverAllow(String name, String event, String reason) throws Exception {
        if (event.contains("\"version\":\"2.0\"")) {
            JsonNode answer = JSON.readTree(harness.invoke(event));
            assertThat(answer.path("isAuthorized").asBoolean()).as(name).isFalse();
            assertThat(answer.toString()).doesNotContain("Allow");
            assertThat(log.text()).contains("\"reason\":\"" + reason + "\"");
        } else {
            assertUnauthorized(event, reason);
        }
    }
}
