package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * An RSA key that signs RS256 access tokens: generated for one run ({@link #generate}) or wrapping
 * a given key ({@link DevKey}'s). Header {@code kid} and {@code typ: JWT}; RSASSA-PKCS1-v1_5 is
 * deterministic, so equal claims give an equal token.
 */
public final class SigningKey {
    private final RSAKey key;

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    /** A new RSA-2048 key with {@code kid} and {@code alg: RS256}; never written anywhere. */
    public static SigningKey generate(String kid) {
        try {
            return new SigningKey(new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** Signs with {@code key} (a private RSA JWK). */
    public static SigningKey of(RSAKey key) {
        return new SigningKey(key);
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public JWK set of this key, as an issuer serves it. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** {@code claims} signed with RS256. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
        }
        return jwt.serialize();
    }

    /** A token with {@code iss}, {@code aud}, {@code sub}, {@code iat} and {@code exp} = iat + lifetime. */
    public String mint(String issuer, String subject, String audience, Instant issuedAt, Duration lifetime) {
        return sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .build());
    }
}
