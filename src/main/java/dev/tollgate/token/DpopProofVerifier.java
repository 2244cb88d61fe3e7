package dev.tollgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 section 4.3) for one request and one access token, in this order:
 * one proof, size and structure, {@code typ: dpop+jwt}, an allowed asymmetric {@code alg}, no
 * {@code crit}, a public {@code jwk} header of a supported key type that fits {@code alg}, the
 * signature with that key; then the verified claims: {@code htm} equals the request method,
 * {@code htu} the URL called ({@link DpopUrls}), {@code iat} within the clock skew, {@code ath} the
 * hash of the access token; then the key's RFC 7638 thumbprint equals the token's {@code cnf.jkt};
 * last, the {@code jti} is recorded as used (so a proof failing any check does not use up its jti).
 *
 * <p>No {@code nonce} is issued or required: tollgate answers API Gateway, which cannot return a
 * {@code DPoP-Nonce} header from an authorizer. Thread-safe.
 */
final class DpopProofVerifier {
    /** Asymmetric algorithms a proof may use: those tollgate verifies. {@code none} and HMAC never. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    /** A proof is a header with one public key and five short claims: 1-2 KB even with RSA-4096. */
    static final int MAX_PROOF_CHARS = 8192;
    /** Longest accepted {@code jti}; it is kept in memory for the proof window. */
    static final int MAX_JTI_CHARS = 256;
    /** RSA keys below this are refused (RFC 7518 section 3.3 requires 2048 bits). */
    static final int MIN_RSA_BITS = 2048;
    /** The one curve each ECDSA algorithm is defined over (RFC 7518 section 3.4). */
    private static final Map<JWSAlgorithm, Curve> CURVES = Map.of(JWSAlgorithm.ES256, Curve.P_256,
            JWSAlgorithm.ES384, Curve.P_384, JWSAlgorithm.ES512, Curve.P_521);
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final Duration clockSkew;
    private final DpopReplayCache replays;
    private final Clock clock;

    DpopProofVerifier(Duration clockSkew, DpopReplayCache replays, Clock clock) {
        this.clockSkew = clockSkew;
        this.replays = replays;
        this.clock = clock;
    }

    /**
     * Verifies the proof and records its {@code jti}.
     *
     * @param evidence    the request: proof, method, host, path
     * @param expectedUrl the URL the client called, without query ({@link DpopUrls#expected}); null
     *                    when the event does not say
     * @param accessToken the access token the proof must be bound to ({@code ath})
     * @param expectedJkt the token's {@code cnf.jkt}
     * @throws InvalidTokenException with a {@code DPOP_*} reason naming the failed check
     * @throws DpopReplayCacheFullException when the replay cache has no room (an error, never an Allow)
     */
    void verify(SenderEvidence evidence, String expectedUrl, String accessToken, String expectedJkt)
            throws InvalidTokenException {
        String proof = evidence.dpopProof();
        if (evidence.dpopAmbiguous()) {
            throw invalid("more than one DPoP header");
        }
        if (proof == null || proof.isBlank()) {
            throw new InvalidTokenException(Rejection.DPOP_PROOF_MISSING, "DPoP scheme without a DPoP header");
        }
        proof = proof.strip();
        if (proof.length() > MAX_PROOF_CHARS) {
            throw invalid("proof of " + proof.length() + " chars");
        }
        try {
            CompactJws.check(proof);
        } catch (InvalidTokenException e) {
            throw invalid("not a compact JWS: " + e.getMessage());
        }
        int first = proof.indexOf('.');
        int second = proof.indexOf('.', first + 1);
        Map<String, Object> header = json(proof.substring(0, first), "header");
        JWSAlgorithm algorithm = algorithm(header);
        if (!(header.get("typ") instanceof String typ) || !typ.equalsIgnoreCase("dpop+jwt")) {
            throw invalid("typ is not dpop+jwt");
        }
        if (header.containsKey("crit") || header.containsKey("b64")) {
            throw invalid("crit or b64 header");
        }
        PublicJwk key = publicJwk(header.get("jwk"), algorithm);
        checkSignature(key.verifier(), algorithm, proof.substring(0, second), proof.substring(second + 1));

        Map<String, Object> claims = json(proof.substring(first + 1, second), "payload");
        String jti = string(claims, "jti");
        if (jti.length() > MAX_JTI_CHARS) {
            throw invalid("jti of " + jti.length() + " chars");
        }
        String htm = string(claims, "htm");
        String htu = string(claims, "htu");
        if (!(claims.get("iat") instanceof Number iatSeconds) || !Double.isFinite(iatSeconds.doubleValue())) {
            throw invalid("iat is absent or not a number");
        }
        if (evidence.method() == null || !htm.equals(evidence.method())) {
            throw new InvalidTokenException(Rejection.DPOP_METHOD_MISMATCH, "htm is not the request method");
        }
        if (expectedUrl == null) {
            throw new InvalidTokenException(Rejection.DPOP_URL_MISMATCH, "the event does not say which URL was called");
        }
        if (!DpopUrls.sameTarget(htu, expectedUrl)) {
            throw new InvalidTokenException(Rejection.DPOP_URL_MISMATCH, "htu is not the URL called");
        }
        long now = clock.millis();
        long iat = (long) Math.floor(iatSeconds.doubleValue() * 1000);
        long skew = clockSkew.toMillis();
        if (iat < now - skew) {
            throw new InvalidTokenException(Rejection.DPOP_PROOF_EXPIRED, "iat is older than the clock skew");
        }
        if (iat > now + skew) {
            throw new InvalidTokenException(Rejection.DPOP_PROOF_ISSUED_IN_FUTURE, "iat is in the future");
        }
        Object ath = claims.get("ath");
        byte[] expectedAth = Base64.getUrlEncoder().withoutPadding()
                .encode(CertificateBinding.sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
        if (!(ath instanceof String athText)
                || !MessageDigest.isEqual(expectedAth, athText.getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidTokenException(Rejection.DPOP_ACCESS_TOKEN_MISMATCH,
                    ath == null ? "no ath" : "ath is not the access token's hash");
        }
        String thumbprint = key.thumbprint();
        if (!MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.US_ASCII),
                expectedJkt.getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidTokenException(Rejection.DPOP_KEY_MISMATCH, "the proof's key is not the token's cnf.jkt");
        }
        // Kept until the iat check alone would refuse the proof: iat + skew.
        if (!replays.firstUse(thumbprint + "." + jti, iat + skew, now)) {
            throw new InvalidTokenException(Rejection.DPOP_PROOF_REPLAYED, "jti already used within the proof window");
        }
    }

    private static JWSAlgorithm algorithm(Map<String, Object> header) throws InvalidTokenException {
        if (!(header.get("alg") instanceof String alg)) {
            throw invalid("no alg");
        }
        JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new InvalidTokenException(Rejection.DPOP_ALGORITHM_DISALLOWED, "alg " + abbreviate(alg) + " is not allowed");
        }
        return algorithm;
    }

    /** A public key and its verifier, from the proof's {@code jwk} header, fitting {@code algorithm}. */
    private static PublicJwk publicJwk(Object value, JWSAlgorithm algorithm) throws InvalidTokenException {
        if (!(value instanceof Map<?, ?> jwk)) {
            throw invalid("no jwk header");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.containsKey(member)) {
                throw invalid("jwk holds private key material");
            }
        }
        Object kty = jwk.get("kty");
        try {
            if ("EC".equals(kty)) {
                String crv = member(jwk, "crv");
                Curve curve = CURVES.get(algorithm);
                if (curve == null || !curve.getName().equals(crv)) {
                    throw invalid("jwk curve does not fit alg");
                }
                String x = base64url(jwk, "x");
                String y = base64url(jwk, "y");
                ECKey key = new ECKey.Builder(curve, new Base64URL(x), new Base64URL(y)).build();
                return new PublicJwk(new ECDSAVerifier(key),
                        "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
            }
            if ("RSA".equals(kty)) {
                if (!JWSAlgorithm.Family.RSA.contains(algorithm)) {
                    throw invalid("an RSA jwk for alg " + algorithm);
                }
                String n = base64url(jwk, "n");
                String e = base64url(jwk, "e");
                RSAKey key = new RSAKey.Builder(new Base64URL(n), new Base64URL(e)).build();
                if (key.size() < MIN_RSA_BITS) {
                    throw invalid("RSA jwk of " + key.size() + " bits");
                }
                return new PublicJwk(new RSASSAVerifier(key),
                        "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}");
            }
        } catch (JOSEException | RuntimeException e) {
            // A point off the curve, a modulus that is no number: not a key.
            throw invalid("jwk is not a usable public key");
        }
        throw invalid("jwk kty is not EC or RSA");
    }

    private static void checkSignature(JWSVerifier verifier, JWSAlgorithm algorithm, String signingInput,
            String signature) throws InvalidTokenException {
        boolean valid;
        try {
            valid = verifier.verify(new JWSHeader.Builder(algorithm).build(),
                    signingInput.getBytes(StandardCharsets.US_ASCII), new Base64URL(signature));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidTokenException(Rejection.DPOP_BAD_SIGNATURE, "proof signature does not verify");
        }
    }

    /**
     * A public key's verifier and its RFC 7638 JSON: the required members in lexicographic order, no
     * whitespace. Written here rather than by nimbus's {@code computeThumbprint}, whose JSON writer
     * loads a shaded Gson on first use; every value is base64url or a fixed name, so nothing needs
     * escaping.
     */
    private record PublicJwk(JWSVerifier verifier, String thumbprintJson) {
        String thumbprint() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(CertificateBinding.sha256(thumbprintJson.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static String member(Map<?, ?> jwk, String name) throws InvalidTokenException {
        if (!(jwk.get(name) instanceof String value) || value.isEmpty()) {
            throw invalid("jwk " + name + " is absent or not a string");
        }
        return value;
    }

    private static String base64url(Map<?, ?> jwk, String name) throws InvalidTokenException {
        String value = member(jwk, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw invalid("jwk " + name + " is not base64url");
            }
        }
        return value;
    }

    private static String string(Map<String, Object> claims, String name) throws InvalidTokenException {
        if (!(claims.get(name) instanceof String value) || value.isEmpty()) {
            throw invalid(name + " is absent or not a non-empty string");
        }
        return value;
    }

    private static Map<String, Object> json(String segment, String what) throws InvalidTokenException {
        try {
            return JoseJson.object(Base64.getUrlDecoder().decode(segment));
        } catch (JoseJson.MalformedJsonException | IllegalArgumentException e) {
            throw invalid(what + " is not a JSON object");
        }
    }

    private static String abbreviate(String value) {
        String shown = value.length() > 16 ? value.substring(0, 16) + "..." : value;
        return shown.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static InvalidTokenException invalid(String detail) {
        return new InvalidTokenException(Rejection.DPOP_PROOF_INVALID, detail);
    }
}
