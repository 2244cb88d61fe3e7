package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds signed test tokens. Defaults: issuer {@link #ISSUER}, audience {@link #AUDIENCE}, subject
 * {@code alice}, issued at {@link #NOW}, valid 5 minutes, scope {@code orders:read}, RS256 with
 * {@link TestKeys#RSA}.
 */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.test.example";
    public static final String AUDIENCE = "tollgate-api";
    /** The instant tests pin their clock to. */
    public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWK key = TestKeys.RSA;
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private UnaryOperator<JWSHeader.Builder> header = UnaryOperator.identity();
    private String kid;
    private boolean kidSet;

    private TestTokens() {
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", "alice");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("exp", NOW.plusSeconds(300).getEpochSecond());
        claims.put("scope", "orders:read");
    }

    public static TestTokens token() {
        return new TestTokens();
    }

    /** Sets (or, with null, removes) a claim. */
    public TestTokens claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public TestTokens subject(String subject) {
        return claim("sub", subject);
    }

    public TestTokens expiresAt(Instant exp) {
        return claim("exp", exp.getEpochSecond());
    }

    public TestTokens signedWith(JWK signingKey, JWSAlgorithm alg) {
        this.key = signingKey;
        this.algorithm = alg;
        return this;
    }

    public TestTokens es256() {
        return signedWith(TestKeys.EC, JWSAlgorithm.ES256);
    }

    /** Overrides the kid (null removes it); default is the signing key's kid. */
    public TestTokens kid(String value) {
        this.kid = value;
        this.kidSet = true;
        return this;
    }

    public TestTokens header(UnaryOperator<JWSHeader.Builder> customize) {
        this.header = customize;
        return this;
    }

    /** The compact JWS. */
    public String sign() {
        try {
            JWSHeader.Builder builder = new JWSHeader.Builder(algorithm)
                    .keyID(kidSet ? kid : key.getKeyID())
                    .type(JOSEObjectType.JWT);
            JWSObject jws = new JWSObject(header.apply(builder).build(), new Payload(JSONObjectUtils.toJSONString(claims)));
            jws.sign(signer());
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Bearer <compact JWS>}. */
    public String bearer() {
        return "Bearer " + sign();
    }

    private JWSSigner signer() throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        return new ECDSASigner((ECKey) key);
    }
}
