package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DPoP proofs (RFC 9449) the way a client library does, with nimbus and a real key pair.
 * Defaults: ES256 with {@link TestKeys#EC}'s key, {@code typ: dpop+jwt}, the public key as
 * {@code jwk}, a random {@code jti}, {@code iat} {@link TestTokens#NOW}.
 */
public final class DpopProofs {
    private JWK key = TestKeys.EC;
    private JWSAlgorithm algorithm = JWSAlgorithm.ES256;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    /** Header parameters after alg; null values are removed before signing. */
    private final Map<String, Object> header = new LinkedHashMap<>();
    private byte[] hmacSecret;

    private DpopProofs(String method, String url, String accessToken) {
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", url);
        claims.put("iat", TestTokens.NOW.getEpochSecond());
        if (accessToken != null) {
            claims.put("ath", ath(accessToken));
        }
        header.put("typ", "dpop+jwt");
    }

    /** A proof for {@code method url}, bound to {@code accessToken} (its {@code ath}). */
    public static DpopProofs proof(String method, String url, String accessToken) {
        return new DpopProofs(method, url, accessToken);
    }

    /** Signs with {@code signingKey} (EC or RSA, with its private part) and {@code alg}. */
    public DpopProofs signedWith(JWK signingKey, JWSAlgorithm alg) {
        this.key = signingKey;
        this.algorithm = alg;
        return this;
    }

    /** Signs with HMAC over {@code secret} (an adversarial proof). */
    public DpopProofs hmac(byte[] secret) {
        this.hmacSecret = secret.clone();
        this.algorithm = JWSAlgorithm.HS256;
        return this;
    }

    /**
     * Sets (or, with null, removes) a header parameter, overriding the defaults ({@code typ}, and
     * {@code jwk}: the signing key's public part). Any JSON value, private key material included.
     */
    public DpopProofs header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    /** Sets (or, with null, removes) a claim. */
    public DpopProofs claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public DpopProofs issuedAt(Instant iat) {
        return claim("iat", iat.getEpochSecond());
    }

    /** The compact JWS: the header and claims as given, signed over exactly their encoding. */
    public String sign() {
        try {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alg", algorithm.getName());
            if (hmacSecret == null) {
                json.put("jwk", key.toPublicJWK().toJSONObject());
            }
            json.putAll(header);
            json.values().removeIf(java.util.Objects::isNull);
            String input = Base64URL.encode(JSONObjectUtils.toJSONString(json)) + "."
                    + Base64URL.encode(JSONObjectUtils.toJSONString(claims));
            Base64URL signature = signer().sign(new JWSHeader(algorithm), input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWSSigner signer() throws JOSEException {
        if (hmacSecret != null) {
            return new MACSigner(hmacSecret);
        }
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa.toPrivateKey(), true); // weak keys too: adversarial proofs
        }
        return new ECDSASigner((ECKey) key);
    }

    /** The RFC 7638 SHA-256 thumbprint of {@code key}'s public part, as nimbus computes it: a token's {@code cnf.jkt}. */
    public static String jkt(JWK key) {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base64url SHA-256 of the access token: a proof's {@code ath}. */
    public static String ath(String accessToken) {
        return Base64URL.encode(sha256(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
    }

    /** The base64url SHA-256 of the certificate's DER: a token's {@code cnf.x5t#S256} (RFC 8705). */
    public static String x5tS256(X509Certificate certificate) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
