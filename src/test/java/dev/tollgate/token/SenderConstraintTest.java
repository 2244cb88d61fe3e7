package dev.tollgate.token;

import static dev.tollgate.testing.DpopProofs.proof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.config.SenderConstraintSettings;
import dev.tollgate.testing.DpopProofs;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sender-constrained tokens against real parts: client certificates issued by a test CA
 * ({@link TestTls}), DPoP proofs signed by nimbus with real EC and RSA keys ({@link DpopProofs}),
 * thumbprints computed independently of the production code (nimbus's RFC 7638, the JDK's DER).
 */
class SenderConstraintTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";
    private static final String HOST = "api.example.com";
    private static final String URL = "https://" + HOST + "/prod/orders/42";
    private static final ECKey CLIENT_KEY = TestKeys.EC;
    private static final String JKT = DpopProofs.jkt(CLIENT_KEY);
    private static final TestTls CA = TestTls.newCa("client CA");
    private static final TestTls.ServerCert CLIENT = CA.issue("DNS:client.example.com");
    private static final TestTls.ServerCert OTHER_CLIENT = CA.issue("DNS:other.example.com");
    private static final String CLIENT_PEM = CLIENT.leafPem();
    private static final String X5T = DpopProofs.x5tS256(CLIENT.certificate());

    private final MutableClock clock = MutableClock.atTestNow();
    private final SenderConstraint constraint = SenderConstraint.create(SenderConstraintSettings.DEFAULTS,
            Duration.ofSeconds(60), clock);

    private static VerifiedToken token(Map<String, Object> cnf) {
        return token(TestTokens.ISSUER, cnf);
    }

    private static VerifiedToken token(String issuer, Object cnf) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "alice");
        if (cnf != null) {
            claims.put("cnf", cnf);
        }
        return new VerifiedToken(issuer, "alice", Set.of(), claims, TestTokens.NOW.plusSeconds(300), Set.of());
    }

    private static Supplier<SenderEvidence> certificate(String pem) {
        return () -> new SenderEvidence(pem, null, false, "GET", HOST, "/prod/orders/42");
    }

    private static Supplier<SenderEvidence> dpop(String proof) {
        return () -> new SenderEvidence(null, proof, false, "GET", HOST, "/prod/orders/42");
    }

    private static DpopProofs validProof() {
        return proof("GET", URL, TOKEN);
    }

    private void assertRejected(VerifiedToken token, boolean dpopScheme, Supplier<SenderEvidence> evidence,
            Rejection reason) {
        assertThatThrownBy(() -> constraint.check(token, new Credential(TOKEN, dpopScheme), evidence))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.rejection()).isEqualTo(reason));
    }

    private void assertAccepted(VerifiedToken token, boolean dpopScheme, Supplier<SenderEvidence> evidence) {
        assertThatCode(() -> constraint.check(token, new Credential(TOKEN, dpopScheme), evidence))
                .doesNotThrowAnyException();
    }

    @Nested
    class PlainBearer {
        @Test
        void checkWhenTokenHasNoCnfThenAcceptedWithoutReadingTheRequest() {
            assertAccepted(token(null), false, () -> {
                throw new AssertionError("evidence read for a plain bearer token");
            });
        }

        @Test
        void checkWhenIssuerRequiresBoundTokensAndTokenHasNoCnfThenUnboundToken() throws Exception {
            SenderConstraint strict = SenderConstraint.create(
                    new SenderConstraintSettings(Set.of(TestTokens.ISSUER), null, 100), Duration.ofSeconds(60), clock);
            assertThatThrownBy(() -> strict.check(token(null), new Credential(TOKEN, false), certificate(CLIENT_PEM)))
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.rejection()).isEqualTo(Rejection.UNBOUND_TOKEN));
            // another issuer is not affected
            strict.check(token("https://other.example", null), new Credential(TOKEN, false), certificate(null));
            // a bound token satisfies the requirement
            strict.check(token(Map.of("x5t#S256", X5T)), new Credential(TOKEN, false), certificate(CLIENT_PEM));
        }

        @Test
        void checkWhenCnfIsNoObjectOrMemberOfWrongTypeThenInvalidClaim() {
            assertRejected(token(TestTokens.ISSUER, "x"), false, certificate(CLIENT_PEM), Rejection.INVALID_CLAIM);
            assertRejected(token(Map.of("x5t#S256", 42)), false, certificate(CLIENT_PEM), Rejection.INVALID_CLAIM);
            assertRejected(token(Map.of("jkt", "")), true, dpop(validProof().sign()), Rejection.INVALID_CLAIM);
        }

        @Test
        void checkWhenCnfNamesAnotherConfirmationMethodThenUnsupportedConfirmation() {
            assertRejected(token(Map.of("kid", "k1")), false, certificate(CLIENT_PEM), Rejection.UNSUPPORTED_CONFIRMATION);
        }
    }

    @Nested
    class CertificateBound {
        @Test
        void checkWhenClientCertificateHasTheThumbprintThenAccepted() {
            assertAccepted(token(Map.of("x5t#S256", X5T)), false, certificate(CLIENT_PEM));
        }

        @Test
        void checkWhenPemHasCrLfOrNoLineBreaksOrAChainThenSameThumbprint() throws Exception {
            String body = CLIENT_PEM.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                    .replaceAll("\\s", "");
            assertAccepted(token(Map.of("x5t#S256", X5T)), false,
                    certificate("-----BEGIN CERTIFICATE-----" + body + "-----END CERTIFICATE-----"));
            assertAccepted(token(Map.of("x5t#S256", X5T)), false, certificate(CLIENT_PEM.replace("\n", "\r\n")));
            assertAccepted(token(Map.of("x5t#S256", X5T)), false, certificate(CLIENT.certificatePem()));
            assertThat(CertificateBinding.thumbprint(CLIENT_PEM)).isEqualTo(X5T);
        }

        @Test
        void checkWhenAnotherCertificateThenCertificateMismatch() {
            assertRejected(token(Map.of("x5t#S256", X5T)), false, certificate(OTHER_CLIENT.leafPem()),
                    Rejection.CERTIFICATE_MISMATCH);
        }

        @Test
        void checkWhenNoCertificateOrGarbageThenCertificateMismatch() {
            VerifiedToken bound = token(Map.of("x5t#S256", X5T));
            assertRejected(bound, false, certificate(null), Rejection.CERTIFICATE_MISMATCH);
            assertRejected(bound, false, () -> SenderEvidence.NONE, Rejection.CERTIFICATE_MISMATCH);
            assertRejected(bound, false, certificate("CERT_CONTENT"), Rejection.CERTIFICATE_MISMATCH);
            assertRejected(bound, false, certificate("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"),
                    Rejection.CERTIFICATE_MISMATCH);
            assertRejected(bound, false, certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
                    Rejection.CERTIFICATE_MISMATCH);
        }

        @Test
        void checkWhenThumbprintIsOfTheCaThenCertificateMismatch() {
            assertRejected(token(Map.of("x5t#S256", DpopProofs.x5tS256(CA.caCertificate()))), false,
                    certificate(CLIENT_PEM), Rejection.CERTIFICATE_MISMATCH);
        }

        @Test
        void checkWhenCertificateBoundTokenWithDpopSchemeThenDpopTokenNotBound() {
            assertRejected(token(Map.of("x5t#S256", X5T)), true, certificate(CLIENT_PEM), Rejection.DPOP_TOKEN_NOT_BOUND);
        }

        @Test
        void checkWhenBoundToCertificateAndKeyThenBothAreRequired() {
            VerifiedToken both = token(Map.of("x5t#S256", X5T, "jkt", JKT));
            String proof = validProof().sign();
            assertRejected(both, true, dpop(proof), Rejection.CERTIFICATE_MISMATCH);
            assertAccepted(both, true, () -> new SenderEvidence(CLIENT_PEM, proof, false, "GET", HOST, "/prod/orders/42"));
        }
    }

    @Nested
    class DpopBound {
        private final VerifiedToken bound = token(Map.of("jkt", JKT));

        @Test
        void checkWhenValidEs256ProofThenAccepted() {
            assertAccepted(bound, true, dpop(validProof().sign()));
        }

        @Test
        void checkWhenValidRsaAndPsAndP384ProofsThenAccepted() {
            RSAKey rsa = TestKeys.RSA;
            assertAccepted(token(Map.of("jkt", DpopProofs.jkt(rsa))), true,
                    dpop(validProof().signedWith(rsa, JWSAlgorithm.RS256).sign()));
            assertAccepted(token(Map.of("jkt", DpopProofs.jkt(rsa))), true,
                    dpop(validProof().signedWith(rsa, JWSAlgorithm.PS256).sign()));
            assertAccepted(token(Map.of("jkt", DpopProofs.jkt(TestKeys.EC_P384))), true,
                    dpop(validProof().signedWith(TestKeys.EC_P384, JWSAlgorithm.ES384).sign()));
        }

        @Test
        void checkWhenHtuDiffersOnlyByQueryFragmentCaseOrDefaultPortThenAccepted() {
            assertAccepted(bound, true, dpop(proof("GET", URL + "?page=2#top", TOKEN).sign()));
            assertAccepted(bound, true, dpop(proof("GET", "HTTPS://API.example.com:443/prod/orders/42", TOKEN).sign()));
        }

        @Test
        void checkWhenSameProofTwiceThenReplayed() {
            String proof = validProof().sign();
            assertAccepted(bound, true, dpop(proof));
            assertRejected(bound, true, dpop(proof), Rejection.DPOP_PROOF_REPLAYED);
            assertThat(constraint.rememberedProofs()).isEqualTo(1);
        }

        @Test
        void checkWhenProofFailsAnotherCheckThenItsJtiIsNotUsedUp() {
            DpopProofs proof = validProof().claim("jti", "fixed-jti");
            assertRejected(token(Map.of("jkt", DpopProofs.jkt(TestKeys.EC_P384))), true, dpop(proof.sign()),
                    Rejection.DPOP_KEY_MISMATCH);
            assertAccepted(bound, true, dpop(proof.sign()));
        }

        @Test
        void checkWhenSameJtiWithAnotherKeyThenEachKeyHasItsOwn() {
            assertAccepted(bound, true, dpop(validProof().claim("jti", "j1").sign()));
            assertAccepted(token(Map.of("jkt", DpopProofs.jkt(TestKeys.EC_P384))), true,
                    dpop(validProof().claim("jti", "j1").signedWith(TestKeys.EC_P384, JWSAlgorithm.ES384).sign()));
        }

        @Test
        void checkWhenProofForAnotherUrlThenUrlMismatch() {
            assertRejected(bound, true, dpop(proof("GET", "https://" + HOST + "/prod/orders/43", TOKEN).sign()),
                    Rejection.DPOP_URL_MISMATCH);
            assertRejected(bound, true, dpop(proof("GET", "https://evil.example/prod/orders/42", TOKEN).sign()),
                    Rejection.DPOP_URL_MISMATCH);
            assertRejected(bound, true, dpop(proof("GET", "http://" + HOST + "/prod/orders/42", TOKEN).sign()),
                    Rejection.DPOP_URL_MISMATCH);
            assertRejected(bound, true, dpop(proof("GET", "not a url", TOKEN).sign()), Rejection.DPOP_URL_MISMATCH);
        }

        @Test
        void checkWhenEventHasNoHostOrPathThenUrlMismatch() {
            String proof = validProof().sign();
            assertRejected(bound, true, () -> new SenderEvidence(null, proof, false, "GET", null, "/prod/orders/42"),
                    Rejection.DPOP_URL_MISMATCH);
            assertRejected(bound, true, () -> new SenderEvidence(null, proof, false, "GET", "evil/x?", "/prod/orders/42"),
                    Rejection.DPOP_URL_MISMATCH);
            assertRejected(bound, true, () -> new SenderEvidence(null, proof, false, "GET", HOST, null),
                    Rejection.DPOP_URL_MISMATCH);
        }

        @Test
        void checkWhenPublicBaseUrlConfiguredThenHtuUsesItInsteadOfHost() throws Exception {
            SenderConstraint behindProxy = SenderConstraint.create(new SenderConstraintSettings(Set.of(),
                    URI.create("https://public.example.com/api"), 100), Duration.ofSeconds(60), clock);
            behindProxy.check(bound, new Credential(TOKEN, true),
                    dpop(proof("GET", "https://public.example.com/api/prod/orders/42", TOKEN).sign()));
            assertThatThrownBy(() -> behindProxy.check(bound, new Credential(TOKEN, true), dpop(validProof().sign())))
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.rejection()).isEqualTo(Rejection.DPOP_URL_MISMATCH));
        }

        @Test
        void checkWhenProofForAnotherMethodThenMethodMismatch() {
            assertRejected(bound, true, dpop(proof("POST", URL, TOKEN).sign()), Rejection.DPOP_METHOD_MISMATCH);
            assertRejected(bound, true, dpop(proof("get", URL, TOKEN).sign()), Rejection.DPOP_METHOD_MISMATCH);
            String proof = validProof().sign();
            assertRejected(bound, true, () -> new SenderEvidence(null, proof, false, null, HOST, "/prod/orders/42"),
                    Rejection.DPOP_METHOD_MISMATCH);
        }

        @Test
        void checkWhenIatOutsideTheClockSkewThenExpiredOrInFuture() {
            assertRejected(bound, true, dpop(validProof().issuedAt(TestTokens.NOW.minusSeconds(61)).sign()),
                    Rejection.DPOP_PROOF_EXPIRED);
            assertRejected(bound, true, dpop(validProof().issuedAt(TestTokens.NOW.plusSeconds(61)).sign()),
                    Rejection.DPOP_PROOF_ISSUED_IN_FUTURE);
            assertAccepted(bound, true, dpop(validProof().issuedAt(TestTokens.NOW.minusSeconds(60)).sign()));
            assertAccepted(bound, true, dpop(validProof().issuedAt(TestTokens.NOW.plusSeconds(60)).sign()));
        }

        @Test
        void checkWhenReplayedAfterTheWindowThenRefusedByIatNotAccepted() {
            String proof = validProof().sign();
            assertAccepted(bound, true, dpop(proof));
            clock.advance(Duration.ofSeconds(61));
            assertRejected(bound, true, dpop(proof), Rejection.DPOP_PROOF_EXPIRED);
        }

        @Test
        void checkWhenAthMissingOrForAnotherTokenThenAccessTokenMismatch() {
            assertRejected(bound, true, dpop(validProof().claim("ath", null).sign()), Rejection.DPOP_ACCESS_TOKEN_MISMATCH);
            assertRejected(bound, true, dpop(proof("GET", URL, TOKEN + "x").sign()), Rejection.DPOP_ACCESS_TOKEN_MISMATCH);
            assertRejected(bound, true, dpop(validProof().claim("ath", 7).sign()), Rejection.DPOP_ACCESS_TOKEN_MISMATCH);
        }

        @Test
        void checkWhenProofKeyIsNotTheTokensThenKeyMismatch() {
            ECKey other = TestKeys.ec("other", Curve.P_256);
            assertRejected(bound, true, dpop(validProof().signedWith(other, JWSAlgorithm.ES256).sign()),
                    Rejection.DPOP_KEY_MISMATCH);
        }

        @Test
        void checkWhenProofKeyButTokenWithoutCnfThenDpopTokenNotBound() {
            assertRejected(token(null), true, dpop(validProof().sign()), Rejection.DPOP_TOKEN_NOT_BOUND);
        }

        @Test
        void checkWhenDpopBoundTokenPresentedAsBearerThenSchemeRequired() {
            assertRejected(bound, false, dpop(validProof().sign()), Rejection.DPOP_SCHEME_REQUIRED);
        }

        @Test
        void checkWhenNoProofOrTwoProofsThenMissingOrInvalid() {
            assertRejected(bound, true, () -> SenderEvidence.NONE, Rejection.DPOP_PROOF_MISSING);
            String proof = validProof().sign();
            assertRejected(bound, true, () -> new SenderEvidence(null, proof, true, "GET", HOST, "/prod/orders/42"),
                    Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenAlgNoneOrHmacThenAlgorithmDisallowedOrInvalid() {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            assertRejected(bound, true, dpop(validProof().hmac(secret).header("jwk", CLIENT_KEY.toPublicJWK().toJSONObject())
                    .sign()), Rejection.DPOP_ALGORITHM_DISALLOWED);
            String signed = validProof().sign();
            String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":" + CLIENT_KEY.toPublicJWK().toJSONString() + "}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String payload = signed.split("\\.")[1];
            assertRejected(bound, true, dpop(header + "." + payload + "."), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(header + "." + payload + ".c2ln"), Rejection.DPOP_ALGORITHM_DISALLOWED);
        }

        @Test
        void checkWhenJwkHoldsPrivateKeyMaterialThenInvalid() {
            assertRejected(bound, true, dpop(validProof().header("jwk", CLIENT_KEY.toJSONObject()).sign()),
                    Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenWrongTypOrNoJwkOrCritThenInvalid() {
            assertRejected(bound, true, dpop(validProof().header("typ", "JWT").sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().header("typ", null).sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().header("jwk", null).sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().header("jwk", "x").sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().header("crit", java.util.List.of("exp")).sign()),
                    Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenJwkDoesNotFitAlgThenInvalid() {
            assertRejected(bound, true, dpop(validProof().signedWith(TestKeys.EC_P384, JWSAlgorithm.ES384)
                    .header("alg", null).sign().replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":"
                                    + TestKeys.EC_P384.toPublicJWK().toJSONString() + "}").getBytes()))),
                    Rejection.DPOP_PROOF_INVALID);
            RSAKey small = TestKeys.rsa("small", 1024);
            assertRejected(token(Map.of("jkt", DpopProofs.jkt(small))), true,
                    dpop(validProof().signedWith(small, JWSAlgorithm.RS256).sign()), Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenSignatureByAnotherKeyThanTheJwkThenBadSignature() {
            ECKey other = TestKeys.ec("other", Curve.P_256);
            assertRejected(bound, true, dpop(validProof().signedWith(other, JWSAlgorithm.ES256)
                    .header("jwk", CLIENT_KEY.toPublicJWK().toJSONObject()).sign()), Rejection.DPOP_BAD_SIGNATURE);
        }

        @Test
        void checkWhenClaimsMissingOrMistypedThenInvalid() {
            for (String claim : new String[] {"jti", "htm", "htu", "iat"}) {
                assertRejected(bound, true, dpop(validProof().claim(claim, null).sign()), Rejection.DPOP_PROOF_INVALID);
            }
            assertRejected(bound, true, dpop(validProof().claim("iat", "now").sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().claim("htm", 1).sign()), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(validProof().claim("jti", "j".repeat(257)).sign()),
                    Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenProofIsGarbageThenInvalid() {
            assertRejected(bound, true, dpop("not-a-jwt"), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop("a".repeat(9000)), Rejection.DPOP_PROOF_INVALID);
            assertRejected(bound, true, dpop(TOKEN), Rejection.DPOP_PROOF_INVALID);
        }

        @Test
        void checkWhenReplayCacheFullOfLiveProofsThenErrorNotAllow() throws Exception {
            SenderConstraint tiny = SenderConstraint.create(new SenderConstraintSettings(Set.of(), null, 2),
                    Duration.ofSeconds(60), clock);
            tiny.check(bound, new Credential(TOKEN, true), dpop(validProof().sign()));
            tiny.check(bound, new Credential(TOKEN, true), dpop(validProof().sign()));
            assertThatThrownBy(() -> tiny.check(bound, new Credential(TOKEN, true), dpop(validProof().sign())))
                    .isInstanceOf(DpopReplayCacheFullException.class);
            clock.advance(Duration.ofSeconds(61));
            // the old proofs have left the window: swept, room again
            tiny.check(bound, new Credential(TOKEN, true), dpop(validProof().issuedAt(clock.instant()).sign()));
            assertThat(tiny.rememberedProofs()).isEqualTo(1);
        }
    }
}
