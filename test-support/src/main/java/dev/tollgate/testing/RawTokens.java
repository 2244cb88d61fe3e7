package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact JWS strings byte by byte, for hostile tests: any header and payload bytes (invalid
 * JSON, duplicate keys, non-UTF-8), signed for real with a test key, so a test can show that a
 * token is refused for its content and not merely for a bad signature. Uses the JDK's
 * {@link Signature} directly; nimbus would refuse to build most of these tokens.
 */
public final class RawTokens {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private RawTokens() {}

    /** Unpadded base64url of UTF-8 text. */
    public static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Unpadded base64url of bytes. */
    public static String b64(byte[] bytes) {
        return URL.encodeToString(bytes);
    }

    /** Decodes one base64url segment (padded or not). */
    public static byte[] decode(String segment) {
        return Base64.getUrlDecoder().decode(segment);
    }

    /** The default claims of {@link TestTokens}, as JSON text with {@code iss} = {@code issuer}. */
    public static String claimsJson(String issuer) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"sub\":\"alice\",\"iat\":"
                + TestTokens.NOW.getEpochSecond() + ",\"exp\":" + TestTokens.NOW.plusSeconds(300).getEpochSecond()
                + ",\"scope\":\"orders:read\"}";
    }

    /** The default claims of {@link TestTokens}, as JSON text. */
    public static String claimsJson() {
        return claimsJson(TestTokens.ISSUER);
    }

    /** {@code header.payload.signature}, the header and payload given as JSON text (UTF-8). */
    public static String signJson(String headerJson, String payloadJson, JWK key, String alg) {
        return sign(b64(headerJson), b64(payloadJson), key, alg);
    }

    /** {@code header.payload.signature} over the given encoded segments, signed with {@code key}. */
    public static String sign(String encodedHeader, String encodedPayload, JWK key, String alg) {
        String input = encodedHeader + "." + encodedPayload;
        return input + "." + b64(signature(input.getBytes(StandardCharsets.US_ASCII), key, alg));
    }

    /** An HMAC signature with {@code secret} as the key (for key-confusion tests). */
    public static String hmac(String encodedHeader, String encodedPayload, byte[] secret, String alg) {
        String input = encodedHeader + "." + encodedPayload;
        String jca = "Hmac" + "SHA" + alg.substring(2);
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(secret, jca));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw JWS signature: PKCS#1 v1.5 for RS*, R||S (IEEE P1363) for ES*. */
    public static byte[] signature(byte[] input, JWK key, String alg) {
        String bits = alg.substring(2);
        try {
            Signature signer;
            PrivateKey privateKey;
            if (alg.startsWith("RS")) {
                signer = Signature.getInstance("SHA" + bits + "withRSA");
                privateKey = ((RSAKey) key).toPrivateKey();
            } else if (alg.startsWith("ES")) {
                signer = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
                privateKey = ((ECKey) key).toPrivateKey();
            } else {
                throw new IllegalArgumentException("unsupported alg " + alg);
            }
            signer.initSign(privateKey);
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
