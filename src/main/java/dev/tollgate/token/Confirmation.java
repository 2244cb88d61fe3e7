package dev.tollgate.token;

import java.util.Map;

/**
 * A token's {@code cnf} claim (RFC 7800), read once when the token is verified: what the token is
 * bound to.
 *
 * @param certificateThumbprint {@code x5t#S256} (RFC 8705): base64url SHA-256 of the client
 *                              certificate's DER; null when absent
 * @param keyThumbprint         {@code jkt} (RFC 9449): the RFC 7638 SHA-256 thumbprint of the DPoP
 *                              key; null when absent
 * @param problem               why the claim cannot be honoured: {@link Rejection#INVALID_CLAIM} (not an
 *                              object, a member of the wrong type) or
 *                              {@link Rejection#UNSUPPORTED_CONFIRMATION}; null when it can
 * @param detail                what is wrong, for the log; null when nothing is
 */
public record Confirmation(String certificateThumbprint, String keyThumbprint, Rejection problem, String detail) {

    /**
     * The token's confirmation.
     *
     * @param claims the verified claims
     * @return null when the token has no {@code cnf} claim (it is not sender-constrained)
     */
    static Confirmation of(Map<String, Object> claims) {
        Object cnf = claims.get("cnf");
        if (cnf == null) {
            return null;
        }
        if (!(cnf instanceof Map<?, ?> members)) {
            return invalid("cnf is not an object");
        }
        Object x5t = members.get("x5t#S256");
        Object jkt = members.get("jkt");
        if (x5t != null && !(x5t instanceof String text && !text.isEmpty())) {
            return invalid("cnf.x5t#S256 is not a non-empty string");
        }
        if (jkt != null && !(jkt instanceof String text && !text.isEmpty())) {
            return invalid("cnf.jkt is not a non-empty string");
        }
        if (x5t == null && jkt == null) {
            // jwk, jwe, kid, jku (RFC 7800): a binding tollgate cannot check is never ignored.
            return new Confirmation(null, null, Rejection.UNSUPPORTED_CONFIRMATION, "cnf names neither x5t#S256 nor jkt");
        }
        return new Confirmation((String) x5t, (String) jkt, null, null);
    }

    private static Confirmation invalid(String detail) {
        return new Confirmation(null, null, Rejection.INVALID_CLAIM, detail);
    }
}
