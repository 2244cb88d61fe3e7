package dev.tollgate.token;

import static dev.tollgate.testing.RawTokens.b64;
import static dev.tollgate.testing.RawTokens.claimsJson;
import static dev.tollgate.testing.RawTokens.signJson;
import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static dev.tollgate.token.TokenAssertions.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.RawTokens;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Public attack classes against JWT verifiers, each refused with the rejection that names the
 * check. Where it matters, hostile tokens are signed for real with a trusted key, so the test shows
 * the token is refused for its content, not merely for a bad signature. Sources: RFC 8725 (JWT
 * BCP), CVE-2015-9235 (alg none / HMAC key confusion), CVE-2022-21449 (psychic signatures),
 * CVE-2018-0114 (embedded jwk), PortSwigger "JWT attacks" (jku/x5u/kid injection),
 * CVE-2025-53864 (deeply nested JSON).
 */
class AdversarialTokenTest {
    private static final String RS256_HEADER = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"JWT\"}";
    private static final String ES256_HEADER = "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}";
    /** Order n of the P-256 group. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private final MutableClock clock = MutableClock.atTestNow();
    private final TokenVerifier verifier = verifier(TestSettings.inlineKeys(), clock);

    private static String signedRs256(String headerJson, String payloadJson) {
        return signJson(headerJson, payloadJson, TestKeys.RSA, "RS256");
    }

    @Nested
    class AlgNone {
        @ParameterizedTest
        @ValueSource(strings = {"AAAA", "c2lnbmF0dXJl"})
        void verifyWhenAlgNoneWithSignatureThenMalformed(String signature) {
            assertRejected(verifier, b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson()) + "." + signature,
                    Rejection.MALFORMED);
        }

        @Test
        void verifyWhenAlgNoneWithoutSignatureThenUnsupportedTokenType() {
            assertRejected(verifier, b64("{\"alg\":\"none\"}") + "." + b64(claimsJson()) + ".",
                    Rejection.UNSUPPORTED_TOKEN_TYPE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"None", "NONE", "nOnE", "RS256 ", "rs256", "HS256", "PS256", "EdDSA", "RSA-OAEP"})
        void verifyWhenAlgSpellingNotAllowedThenDisallowedAlgorithm(String alg) {
            assertRejected(verifier, signedRs256("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\"}", claimsJson()),
                    Rejection.DISALLOWED_ALGORITHM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"kid\":\"rsa-1\"}", "{\"alg\":256,\"kid\":\"rsa-1\"}", "{\"alg\":null}",
            "{\"alg\":[\"RS256\"]}"})
        void verifyWhenAlgMissingOrNotStringThenMalformed(String header) {
            assertRejected(verifier, signedRs256(header, claimsJson()), Rejection.MALFORMED);
        }
    }

    @Nested
    class KeyConfusion {
        static Stream<byte[]> publicKeyEncodings() {
            RSAKey publicKey = TestKeys.RSA.toPublicJWK();
            byte[] der;
            try {
                der = publicKey.toPublicKey().getEncoded();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
            String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            return Stream.of(der, pem.getBytes(StandardCharsets.US_ASCII),
                    publicKey.toJSONString().getBytes(StandardCharsets.UTF_8),
                    publicKey.getModulus().decode(), TestKeys.jwks().getBytes(StandardCharsets.UTF_8));
        }

        @ParameterizedTest
        @MethodSource("publicKeyEncodings")
        void verifyWhenHs256SignedWithRsaPublicKeyThenDisallowedAlgorithm(byte[] secret) {
            for (String alg : List.of("HS256", "HS384", "HS512")) {
                String jwt = RawTokens.hmac(b64("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\",\"typ\":\"JWT\"}"),
                        b64(claimsJson()), secret, alg);

                assertRejected(verifier, jwt, Rejection.DISALLOWED_ALGORITHM);
            }
        }
    }

    /** CVE-2022-21449: Java 15-18 accepted ECDSA signatures with r = s = 0 for any message and key. */
    @Nested
    class PsychicSignatures {
        private String es256With(byte[] signature) {
            return b64(ES256_HEADER) + "." + b64(claimsJson()) + "." + b64(signature);
        }

        @Test
        void verifyWhenEs256SignatureIsAllZeroBytesThenBadSignature() {
            assertRejected(verifier, es256With(new byte[64]), Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenEs256SignatureIsDerEncodedZerosThenBadSignature() {
            assertRejected(verifier, es256With(HexFormat.of().parseHex("3006020100020100")), Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenEs256SignatureIsGroupOrderThenBadSignature() {
            byte[] n = unsigned32(P256_ORDER);
            byte[] rs = new byte[64];
            System.arraycopy(n, 0, rs, 0, 32);
            System.arraycopy(n, 0, rs, 32, 32);

            assertRejected(verifier, es256With(rs), Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenEs256SignatureHasZeroSAndValidRThenBadSignature() {
            String valid = token().es256().sign();
            byte[] signature = RawTokens.decode(valid.substring(valid.lastIndexOf('.') + 1));
            Arrays.fill(signature, 32, 64, (byte) 0);

            assertRejected(verifier, valid.substring(0, valid.lastIndexOf('.') + 1) + b64(signature), Rejection.BAD_SIGNATURE);
        }

        /**
         * ECDSA is malleable: (r, n - s) verifies wherever (r, s) does. It is the same signer
         * vouching for the same bytes, so the claims are the same; standard ECDSA produces high
         * and low s alike, so refusing one half would refuse half of all honest ES256 tokens. The
         * verified-token cache is keyed by the exact string, so the twin is simply verified anew.
         */
        @Test
        void verifyWhenEs256SignatureIsHighSTwinThenAcceptedWithSameClaims() throws Exception {
            String valid = token().es256().sign();
            byte[] signature = RawTokens.decode(valid.substring(valid.lastIndexOf('.') + 1));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            System.arraycopy(unsigned32(P256_ORDER.subtract(s)), 0, signature, 32, 32);
            String twin = valid.substring(0, valid.lastIndexOf('.') + 1) + b64(signature);

            assertThat(twin).isNotEqualTo(valid);
            assertThat(verifier.verify(twin).claims()).isEqualTo(verifier.verify(valid).claims());
        }

        private byte[] unsigned32(BigInteger value) {
            byte[] raw = value.toByteArray();
            byte[] out = new byte[32];
            int copy = Math.min(32, raw.length);
            System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
            return out;
        }
    }

    @Nested
    class EmbeddedKeys {
        private final RSAKey attacker = TestKeys.rsa("attacker");

        @Test
        void verifyWhenHeaderEmbedsAttackerJwkThenEmbeddedKey() {
            assertRejected(verifier, token().signedWith(attacker, JWSAlgorithm.RS256)
                    .header(h -> h.jwk(attacker.toPublicJWK())).sign(), Rejection.EMBEDDED_KEY);
        }

        @Test
        void verifyWhenHeaderEmbedsAttackerJwkUnderTrustedKidThenEmbeddedKey() {
            RSAKey impostor = new RSAKey.Builder(attacker).keyID("rsa-1").build();

            assertRejected(verifier, token().signedWith(impostor, JWSAlgorithm.RS256)
                    .header(h -> h.jwk(impostor.toPublicJWK())).sign(), Rejection.EMBEDDED_KEY);
        }

        @Test
        void verifyWhenHeaderEmbedsTheTrustedKeyItselfThenEmbeddedKey() {
            // Even a correctly signed token may not point at a key: trust comes only from the JWKS.
            assertRejected(verifier, token().header(h -> h.jwk(TestKeys.RSA.toPublicJWK())).sign(), Rejection.EMBEDDED_KEY);
        }

        @Test
        void verifyWhenHeaderHasJkuThenEmbeddedKey() {
            assertRejected(verifier, token().signedWith(attacker, JWSAlgorithm.RS256)
                    .header(h -> h.jwkURL(URI.create("https://evil.example/jwks.json"))).sign(), Rejection.EMBEDDED_KEY);
        }

        @Test
        void verifyWhenHeaderHasX5uThenEmbeddedKey() {
            assertRejected(verifier, token().signedWith(attacker, JWSAlgorithm.RS256)
                    .header(h -> h.x509CertURL(URI.create("https://evil.example/cert.pem"))).sign(), Rejection.EMBEDDED_KEY);
        }

        @Test
        void verifyWhenHeaderHasX5cThenEmbeddedKey() {
            assertRejected(verifier, token().signedWith(attacker, JWSAlgorithm.RS256)
                    .header(h -> h.x509CertChain(List.of(Base64.encode("not really a certificate")))).sign(),
                    Rejection.EMBEDDED_KEY);
        }
    }

    @Nested
    class KidInjection {
        static Stream<String> hostileKids() {
            return Stream.of("../../etc/passwd", "/dev/null", "..\\..\\windows\\win.ini", "' OR '1'='1",
                    "rsa-1' --", "rsa-1\"; DROP TABLE keys; --", "rsa-1\u0000", "rsa-1 ", " rsa-1", "RSA-1", "*", "%",
                    "rsa-%", "${jndi:ldap://evil.example/a}", "http://evil.example/key", "", "k".repeat(5000));
        }

        @ParameterizedTest
        @MethodSource("hostileKids")
        void verifyWhenKidIsHostileThenUnknownKey(String kid) {
            assertRejected(verifier, token().kid(kid).sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenKidIsNotStringThenMalformed() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":[\"rsa-1\"]}", claimsJson()), Rejection.MALFORMED);
        }
    }

    @Nested
    class CriticalAndUnencoded {
        @Test
        void verifyWhenCritNamesUnknownExtensionThenUnknownCriticalHeader() {
            assertRejected(verifier, signedRs256(
                    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"https://x.example/ext\"],\"https://x.example/ext\":1}",
                    claimsJson()), Rejection.UNKNOWN_CRITICAL_HEADER);
        }

        @Test
        void verifyWhenCritNamesRegisteredClaimThenUnknownCriticalHeader() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"exp\"],\"exp\":1}",
                    claimsJson()), Rejection.UNKNOWN_CRITICAL_HEADER);
        }

        /**
         * RFC 7515 4.1.11 forbids producing an empty crit but lets recipients decide; nimbus reads
         * it as "no critical extension", which is what it means, so nothing is bypassed.
         */
        @Test
        void verifyWhenCritIsEmptyListThenAcceptedAsNoExtension() throws Exception {
            assertThat(verifier.verify(signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[]}", claimsJson())))
                    .isNotNull();
        }

        @Test
        void verifyWhenCritIsNotArrayThenMalformed() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":\"x\"}", claimsJson()),
                    Rejection.MALFORMED);
        }

        @Test
        void verifyWhenB64FalseWithCritThenUnknownCriticalHeader() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":false,\"crit\":[\"b64\"]}",
                    claimsJson()), Rejection.UNKNOWN_CRITICAL_HEADER);
        }

        @Test
        void verifyWhenB64FalseWithoutCritThenUnknownCriticalHeader() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":false}", claimsJson()),
                    Rejection.UNKNOWN_CRITICAL_HEADER);
        }

        @Test
        void verifyWhenB64NullOrNotBooleanThenMalformed() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":null}", claimsJson()),
                    Rejection.MALFORMED);
            assertRejected(verifier, signedRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":\"true\"}", claimsJson()),
                    Rejection.MALFORMED);
        }
    }

    @Nested
    class NonCanonicalBase64 {
        private final String valid = token().sign();
        private final String[] parts = valid.split("\\.");

        @Test
        void verifyWhenControlTokenThenAccepted() throws Exception {
            assertThat(verifier.verify(valid)).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2})
        void verifyWhenSegmentPaddedThenMalformed(int segment) {
            for (String padding : List.of("=", "==", "===")) {
                String[] copy = parts.clone();
                copy[segment] = copy[segment] + padding;

                assertRejected(verifier, String.join(".", copy), Rejection.MALFORMED);
            }
        }

        @Test
        void verifyWhenSignatureHasNonZeroTrailingBitsThenMalformed() {
            // Same decoded bytes, another spelling: a lenient decoder would accept it as the same signature.
            String signature = parts[2];
            assertThat(signature.length() % 4).isNotZero();
            for (int bit = 1; bit < (signature.length() % 4 == 2 ? 16 : 4); bit++) {
                String spelled = signature.substring(0, signature.length() - 1)
                        + alphabet(value(signature.charAt(signature.length() - 1)) | bit);
                assertThat(RawTokens.decode(spelled)).isEqualTo(RawTokens.decode(signature));

                assertRejected(verifier, parts[0] + "." + parts[1] + "." + spelled, Rejection.MALFORMED);
            }
        }

        @Test
        void verifyWhenPayloadHasNonZeroTrailingBitsThenMalformed() {
            String[] copy = nonMultipleOfFourPayload();
            String payload = copy[1];
            copy[1] = payload.substring(0, payload.length() - 1) + alphabet(value(payload.charAt(payload.length() - 1)) | 1);

            assertRejected(verifier, String.join(".", copy), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenStandardBase64AlphabetThenMalformed() {
            String token = tokenWithUrlSafeCharactersInSignature();
            String standard = token.replace('-', '+').replace('_', '/');
            assertThat(standard).isNotEqualTo(token);

            assertRejected(verifier, standard, Rejection.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {" ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "%20"})
        void verifyWhenWhitespaceInsideOrAroundThenMalformed(String space) {
            int middle = parts[1].length() / 2;
            assertRejected(verifier, parts[0] + "." + parts[1].substring(0, middle) + space + parts[1].substring(middle)
                    + "." + parts[2], Rejection.MALFORMED);
            assertRejected(verifier, parts[0] + space + "." + parts[1] + "." + parts[2], Rejection.MALFORMED);
            assertRejected(verifier, valid + space, Rejection.MALFORMED);
            assertRejected(verifier, space + valid, Rejection.MALFORMED);
        }

        private String[] nonMultipleOfFourPayload() {
            for (int i = 0; ; i++) {
                String[] candidate = token().claim("n", i).sign().split("\\.");
                if (candidate[1].length() % 4 != 0) {
                    return candidate;
                }
            }
        }

        private String tokenWithUrlSafeCharactersInSignature() {
            for (int i = 0; ; i++) {
                String candidate = token().claim("n", i).sign();
                String signature = candidate.substring(candidate.lastIndexOf('.') + 1);
                if (signature.indexOf('-') >= 0 && signature.indexOf('_') >= 0) {
                    return candidate;
                }
            }
        }

        private int value(char c) {
            return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(c);
        }

        private char alphabet(int value) {
            return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(value);
        }
    }

    @Nested
    class Structure {
        private final String[] parts = token().sign().split("\\.");

        @Test
        void verifyWhenJweFiveSegmentsThenUnsupportedTokenType() {
            String jwe = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"rsa-1\"}") + "."
                    + b64(new byte[256]) + "." + b64(new byte[12]) + "." + b64(claimsJson()) + "." + b64(new byte[16]);

            assertRejected(verifier, jwe, Rejection.UNSUPPORTED_TOKEN_TYPE);
        }

        @Test
        void verifyWhenJweHeaderInThreeSegmentsThenMalformed() {
            assertRejected(verifier, signedRs256("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"rsa-1\"}",
                    claimsJson()), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenTwoSegmentsThenMalformed() {
            assertRejected(verifier, parts[0] + "." + parts[1], Rejection.MALFORMED);
        }

        @Test
        void verifyWhenFourOrSixSegmentsThenMalformed() {
            assertRejected(verifier, String.join(".", parts) + "." + parts[2], Rejection.MALFORMED);
            assertRejected(verifier, String.join(".", parts) + "." + String.join(".", parts), Rejection.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "..", "...", "....", "a", "a.b", "a..c", ".b.c"})
        void verifyWhenEmptyOrTinyThenMalformed(String token) {
            assertRejected(verifier, token, Rejection.MALFORMED);
        }

        @Test
        void verifyWhenHeaderSegmentEmptyThenMalformed() {
            assertRejected(verifier, "." + parts[1] + "." + parts[2], Rejection.MALFORMED);
        }

        @Test
        void verifyWhenPayloadSegmentEmptyThenMalformed() {
            assertRejected(verifier, parts[0] + ".." + parts[2], Rejection.MALFORMED);
        }

        @Test
        void verifyWhenSignatureSegmentEmptyThenUnsupportedTokenType() {
            assertRejected(verifier, parts[0] + "." + parts[1] + ".", Rejection.UNSUPPORTED_TOKEN_TYPE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"RS256\"", "[{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}]", "null", "42", "true", "",
            "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}{}"})
        void verifyWhenHeaderNotJsonObjectThenMalformed(String header) {
            assertRejected(verifier, signedRs256(header, claimsJson()), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenPayloadIsArrayThenMalformed() {
            assertRejected(verifier, signedRs256(RS256_HEADER, "[" + claimsJson() + "]"), Rejection.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"null", "\"alice\"", "1", "", "{", "{\"sub\":\"alice\"} {}", "{\"sub\":'alice'}",
            "{sub:\"alice\"}", "{\"sub\":\"alice\",}", "{\"exp\":NaN}", "{\"exp\":Infinity}", "{/*c*/\"sub\":\"a\"}"})
        void verifyWhenPayloadNotStrictJsonObjectThenMalformed(String payload) {
            assertRejected(verifier, signedRs256(RS256_HEADER, payload), Rejection.MALFORMED);
        }
    }

    @Nested
    class Json {
        private final TokenVerifier roomy = verifier(TestSettings.inlineKeys().with("TOLLGATE_MAX_TOKEN_BYTES", "65536"), clock);

        @Test
        void verifyWhenHeaderDeeplyNestedThenMalformedWithoutStackOverflow() {
            String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";

            assertRejected(roomy, signedRs256(header, claimsJson()), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenPayloadDeeplyNestedObjectsThenMalformedWithoutStackOverflow() {
            String payload = claimsJson().replace("}", ",\"x\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}");

            assertRejected(roomy, signedRs256(RS256_HEADER, payload), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenPayloadDeeplyNestedUnbalancedThenMalformedWithoutStackOverflow() {
            String payload = claimsJson().replace("}", ",\"x\":" + "[".repeat(30_000) + "}");

            assertRejected(roomy, signedRs256(RS256_HEADER, payload), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenNestingJustOverLimitThenMalformed() {
            int depth = CompactJws.MAX_JSON_DEPTH; // the object itself is level 1
            String payload = claimsJson().replace("}", ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");

            assertRejected(verifier, signedRs256(RS256_HEADER, payload), Rejection.MALFORMED);
        }

        @Test
        void verifyWhenNestingAtLimitThenAccepted() throws Exception {
            int depth = CompactJws.MAX_JSON_DEPTH - 1;
            String payload = claimsJson().replace("}", ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");

            assertThat(verifier.verify(signedRs256(RS256_HEADER, payload))).isNotNull();
        }

        @Test
        void verifyWhenBracketsInsideStringsThenNotCountedAsNesting() throws Exception {
            String payload = claimsJson().replace("}", ",\"x\":\"" + "[{\\\"".repeat(100) + "\"}");

            assertThat(verifier.verify(signedRs256(RS256_HEADER, payload)).claims()).containsKey("x");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa-1\"}",
            "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"other\",\"kid\":\"rsa-1\"}",
            "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"JWT\",\"typ\":\"dpop+jwt\"}"})
        void verifyWhenHeaderHasDuplicateKeysThenMalformed(String header) {
            assertRejected(verifier, signedRs256(header, claimsJson()), Rejection.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"sub\":\"admin\"", "\"iss\":\"https://evil.example\"", "\"exp\":4102444800",
            "\"aud\":\"x\"", "\"scope\":\"admin\""})
        void verifyWhenPayloadHasDuplicateKeysThenMalformed(String duplicate) {
            String payload = claimsJson().replace("}", "," + duplicate + "}");

            assertRejected(verifier, signedRs256(RS256_HEADER, payload), Rejection.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"e9", "80", "c0af", "eda080", "f4908080", "ff", "fe"})
        void verifyWhenPayloadHasInvalidUtf8ThenMalformed(String hex) {
            byte[] payload = withBytesInSubject(claimsJson(), HexFormat.of().parseHex(hex));

            assertRejected(verifier, RawTokens.sign(b64(RS256_HEADER), b64(payload), TestKeys.RSA, "RS256"),
                    Rejection.MALFORMED);
        }

        @Test
        void verifyWhenHeaderHasInvalidUtf8ThenMalformed() {
            byte[] header = withBytesInKid(RS256_HEADER, new byte[] {(byte) 0xff});

            assertRejected(verifier, RawTokens.sign(b64(header), b64(claimsJson()), TestKeys.RSA, "RS256"),
                    Rejection.MALFORMED);
        }

        @Test
        void verifyWhenPayloadHasValidMultibyteUtf8ThenAccepted() throws Exception {
            String payload = claimsJson().replace("\"alice\"", "\"al\u00e9ice-\u6771\u4eac-\ud83d\ude00\"");

            assertThat(verifier.verify(signedRs256(RS256_HEADER, payload)).principal())
                    .isEqualTo("al\u00e9ice-\u6771\u4eac-\ud83d\ude00");
        }

        private byte[] withBytesInSubject(String json, byte[] inserted) {
            return splice(json, "\"alice", inserted);
        }

        private byte[] withBytesInKid(String json, byte[] inserted) {
            return splice(json, "\"rsa-1", inserted);
        }

        private byte[] splice(String json, String after, byte[] inserted) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            int at = json.indexOf(after) + after.length();
            byte[] out = new byte[bytes.length + inserted.length];
            System.arraycopy(bytes, 0, out, 0, at);
            System.arraycopy(inserted, 0, out, at, inserted.length);
            System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
            return out;
        }
    }

    @Nested
    class UnfitKeys {
        private TokenVerifier trusting(JWK... keys) {
            return verifier(TestSettings.inlineKeys().with("TOLLGATE_JWKS_JSON", TestKeys.jwks(keys))
                    .with("TOLLGATE_ALGORITHMS", "RS256,PS256,ES256,ES384"), clock);
        }

        @Test
        void verifyWhenRsaKeyUnder2048BitsThenUnknownKey() {
            RSAKey weak = TestKeys.rsa("weak", 1024);

            // nimbus will not sign with a weak key; the JDK will.
            String jwt = signJson("{\"alg\":\"RS256\",\"kid\":\"weak\"}", claimsJson(), weak, "RS256");

            assertRejected(trusting(weak), jwt, Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenKeyUseIsEncThenUnknownKey() {
            RSAKey enc = new RSAKey.Builder(TestKeys.RSA).keyUse(KeyUse.ENCRYPTION).build();

            assertRejected(trusting(enc), token().sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenKeyOpsLackVerifyThenUnknownKey() {
            RSAKey encrypt = new RSAKey.Builder(TestKeys.RSA).keyUse(null)
                    .keyOperations(Set.of(KeyOperation.ENCRYPT, KeyOperation.WRAP_KEY)).build();
            RSAKey signOnly = new RSAKey.Builder(TestKeys.RSA).keyUse(null).keyOperations(Set.of(KeyOperation.SIGN)).build();

            assertRejected(trusting(encrypt), token().sign(), Rejection.UNKNOWN_KEY);
            assertRejected(trusting(signOnly), token().sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenKeyOpsHasVerifyThenAccepted() throws Exception {
            RSAKey verify = new RSAKey.Builder(TestKeys.RSA).keyUse(null).keyOperations(Set.of(KeyOperation.VERIFY)).build();

            assertThat(trusting(verify).verify(token().sign())).isNotNull();
        }

        @Test
        void verifyWhenEs256TokenNamesRsaKeyThenUnknownKey() {
            assertRejected(verifier, token().es256().kid("rsa-1").sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenRs256TokenNamesEcKeyThenUnknownKey() {
            assertRejected(verifier, token().kid("ec-1").sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenEs384TokenNamesP256KeyThenUnknownKey() {
            assertRejected(trusting(TestKeys.RSA, TestKeys.EC),
                    token().signedWith(TestKeys.EC_P384, JWSAlgorithm.ES384).kid("ec-1").sign(), Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenEs256SignedWithP384KeyUnderP256KidThenBadSignature() {
            String jwt = RawTokens.signJson(ES256_HEADER, claimsJson(), TestKeys.EC_P384, "ES256");

            assertRejected(verifier, jwt, Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenJwkDeclaresOtherAlgThenUnknownKey() {
            RSAKey rs256Only = new RSAKey.Builder(TestKeys.RSA).algorithm(JWSAlgorithm.RS256).build();

            assertRejected(trusting(rs256Only), token().signedWith(TestKeys.RSA, JWSAlgorithm.PS256).sign(),
                    Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenSignedByAnotherRsaKeyWithSameKidThenBadSignature() {
            RSAKey impostor = new RSAKey.Builder(TestKeys.RSA_OTHER).keyID("rsa-1").build();

            assertRejected(verifier, token().signedWith(impostor, JWSAlgorithm.RS256).sign(), Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenSignedByAnotherEcKeyWithSameKidThenBadSignature() {
            ECKey impostor = TestKeys.ec("ec-1", Curve.P_256);

            assertRejected(verifier, token().signedWith(impostor, JWSAlgorithm.ES256).sign(), Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenSignedByAnotherKeyWithoutKidThenBadSignature() {
            assertRejected(verifier, token().signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).kid(null).sign(),
                    Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenJwksHasNoUsableKeyThenUnknownKey() {
            RSAKey enc = new RSAKey.Builder(TestKeys.RSA).keyUse(KeyUse.ENCRYPTION).build();

            assertRejected(trusting(enc, TestKeys.rsa("weak-2", 1024)), token().kid(null).sign(), Rejection.UNKNOWN_KEY);
        }
    }

    @Nested
    class SignatureSubstitution {
        @Test
        void verifyWhenPayloadSwappedUnderValidSignatureThenBadSignature() {
            String alice = token().sign();
            String admin = token().subject("admin").signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).kid("rsa-1").sign();
            String[] a = alice.split("\\.");
            String[] b = admin.split("\\.");

            assertRejected(verifier, a[0] + "." + b[1] + "." + a[2], Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenSignatureOfOtherTokenThenBadSignature() {
            String[] a = token().sign().split("\\.");
            String[] b = token().subject("bob").sign().split("\\.");

            assertRejected(verifier, a[0] + "." + a[1] + "." + b[2], Rejection.BAD_SIGNATURE);
        }

        @Test
        void verifyWhenRsaSignatureTruncatedOrExtendedThenBadSignature() {
            String valid = token().sign();
            byte[] signature = RawTokens.decode(valid.substring(valid.lastIndexOf('.') + 1));
            String prefix = valid.substring(0, valid.lastIndexOf('.') + 1);
            byte[] longer = Arrays.copyOf(signature, signature.length + 1);
            byte[] leadingZero = new byte[signature.length + 1];
            System.arraycopy(signature, 0, leadingZero, 1, signature.length);

            assertRejected(verifier, prefix + b64(Arrays.copyOf(signature, signature.length - 1)), Rejection.BAD_SIGNATURE);
            assertRejected(verifier, prefix + b64(longer), Rejection.BAD_SIGNATURE);
            assertRejected(verifier, prefix + b64(leadingZero), Rejection.BAD_SIGNATURE);
        }
    }
}
