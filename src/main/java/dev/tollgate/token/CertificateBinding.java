package dev.tollgate.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Certificate-bound access tokens (RFC 8705 section 3): the token's {@code cnf.x5t#S256} must equal
 * the base64url (unpadded) SHA-256 thumbprint of the DER of the client certificate the request came
 * with. API Gateway has already verified that certificate against the API's trust store during the
 * mutual-TLS handshake; this class only proves it is the one the token was issued to.
 *
 * <p>The certificate is not parsed as X.509: the thumbprint is defined over its DER bytes, which the
 * PEM carries base64-encoded. Thread-safe (stateless).
 */
final class CertificateBinding {
    /** A client certificate PEM longer than this is refused unread (real ones are 1-3 KB). */
    static final int MAX_PEM_CHARS = 16_384;
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private CertificateBinding() {}

    /**
     * Checks the binding.
     *
     * @param expected the token's {@code x5t#S256}
     * @param pem      the client certificate as the event carries it; null when there is none
     * @throws InvalidTokenException {@link Rejection#CERTIFICATE_MISMATCH} when there is no
     *     certificate, it is not a PEM certificate, or its thumbprint differs
     */
    static void check(String expected, String pem) throws InvalidTokenException {
        if (pem == null) {
            throw mismatch("the token is certificate-bound and the request has no client certificate");
        }
        byte[] der = der(pem);
        byte[] actual = Base64.getUrlEncoder().withoutPadding().encode(sha256(der));
        // Constant time: the comparison does not tell a prober how much of the thumbprint matched.
        if (!MessageDigest.isEqual(actual, expected.getBytes(StandardCharsets.US_ASCII))) {
            throw mismatch("the client certificate's SHA-256 thumbprint differs from cnf.x5t#S256");
        }
    }

    /** The base64url SHA-256 thumbprint of the first certificate in {@code pem} (tests, tools). */
    static String thumbprint(String pem) throws InvalidTokenException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(der(pem)));
    }

    /** The DER bytes of the first CERTIFICATE block: the leaf, when a chain is given. */
    private static byte[] der(String pem) throws InvalidTokenException {
        if (pem.length() > MAX_PEM_CHARS) {
            throw mismatch("client certificate PEM of " + pem.length() + " chars");
        }
        int begin = pem.indexOf(BEGIN);
        int end = begin < 0 ? -1 : pem.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw mismatch("the client certificate is not a PEM certificate");
        }
        byte[] der;
        try {
            // The MIME decoder skips the line breaks (\n, \r\n or none) API Gateway may send.
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end).strip());
        } catch (IllegalArgumentException e) {
            throw mismatch("the client certificate PEM is not base64");
        }
        // A DER certificate is a SEQUENCE; anything else cannot be the certificate a token names.
        if (der.length < 2 || der[0] != 0x30) {
            throw mismatch("the client certificate PEM holds no DER certificate");
        }
        return der;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static InvalidTokenException mismatch(String detail) {
        return new InvalidTokenException(Rejection.CERTIFICATE_MISMATCH, detail);
    }
}
