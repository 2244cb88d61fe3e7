package dev.tollgate.token;

/**
 * Why a token was refused: "the token is bad". Each code names exactly one failed check; codes are
 * stable and appear in logs and metrics. A rejected token gets {@code Unauthorized} (401).
 */
public enum Rejection {
    /** No bearer token where the configured header or identity source should carry one. */
    MISSING_TOKEN,
    /** More than one differing credential in the request (header smuggling). */
    AMBIGUOUS_TOKEN,
    /** The header is not {@code Bearer <token>} (one or more spaces, never a tab, after the scheme). */
    NOT_BEARER,
    /** Longer than {@code TOLLGATE_MAX_TOKEN_BYTES}; refused before any parsing. */
    TOKEN_TOO_LARGE,
    /** Not a compact JWS: wrong segment count, non-canonical base64url, bad or too deeply nested JSON. */
    MALFORMED,
    /** A JWE (5 segments) or unsecured JWT: only signed tokens are accepted. */
    UNSUPPORTED_TOKEN_TYPE,
    /** {@code alg} not in the allow-list ({@code none} and HMAC never are). */
    DISALLOWED_ALGORITHM,
    /** A header that would let the token choose its own key: {@code jwk}, {@code jku}, {@code x5u}, {@code x5c}. */
    EMBEDDED_KEY,
    /** A {@code crit} header: tollgate understands no extension, so any critical one is refused. */
    UNKNOWN_CRITICAL_HEADER,
    /**
     * {@code typ} is not absent, {@code JWT} or {@code at+jwt}; or, for a Cognito user pool, the
     * token's {@code token_use} is absent or not the configured {@code tokenUse}.
     */
    WRONG_TOKEN_TYPE,
    /** {@code iss} missing, not a string, or not a trusted issuer. */
    UNKNOWN_ISSUER,
    /**
     * No key of the issuer fits the token's {@code kid} and {@code alg}, even after a rate-limited
     * refetch; or the token has no {@code kid} and more than one key fits its {@code alg}.
     */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code exp} is in the past (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} is in the future (beyond the clock skew). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the clock skew). */
    ISSUED_IN_FUTURE,
    /**
     * No accepted audience in {@code aud} (or, when configured and {@code aud} is absent, in
     * {@code client_id}); for a Cognito user pool, an access token's {@code client_id} or an ID
     * token's {@code aud} is not one of the configured {@code clientIds}.
     */
    WRONG_AUDIENCE,
    /** A required claim ({@code exp}, the principal claim, a configured one) is absent. */
    MISSING_CLAIM,
    /** A claim has the wrong JSON type or value. */
    INVALID_CLAIM,
    /**
     * The token verifies but was revoked in the permission store: its {@code jti} has a deny item
     * {@code revoked#<jti>}, or it was issued ({@code iat}, or has no {@code iat}) before its
     * principal's {@code tokensValidAfter}. Decided after verification, on every request.
     */
    REVOKED,

    // Sender-constrained tokens (RFC 8705, RFC 9449): checked on every request, after verification,
    // a remembered verification included.

    /**
     * The token is certificate-bound ({@code cnf.x5t#S256}) and the request has no client
     * certificate (no mutual TLS, or a TOKEN event), an unreadable one, or one with another SHA-256
     * thumbprint.
     */
    CERTIFICATE_MISMATCH,
    /**
     * The token has no {@code cnf} claim and its issuer requires sender-constrained tokens
     * ({@code TOLLGATE_REQUIRE_BOUND_TOKENS}, or the issuer's {@code requireBoundTokens}).
     */
    UNBOUND_TOKEN,
    /** {@code cnf} names neither {@code x5t#S256} nor {@code jkt}: a binding tollgate cannot check is refused. */
    UNSUPPORTED_CONFIRMATION,
    /** The {@code DPoP} scheme without a {@code DPoP} proof header (a TOKEN event cannot carry one). */
    DPOP_PROOF_MISSING,
    /**
     * The proof is not a DPoP proof JWT: more than one {@code DPoP} header, malformed, too large,
     * {@code typ} not {@code dpop+jwt}, a {@code crit} header, no public {@code jwk} header (absent,
     * holding private key material, unsupported key type, RSA below 2048 bits, curve not matching
     * {@code alg}), or {@code jti}, {@code htm}, {@code htu} or {@code iat} absent or of the wrong type.
     */
    DPOP_PROOF_INVALID,
    /** The proof's {@code alg} is not an allowed asymmetric one ({@code none} and HMAC never are). */
    DPOP_ALGORITHM_DISALLOWED,
    /** The proof's signature does not verify with its {@code jwk}. */
    DPOP_BAD_SIGNATURE,
    /** {@code htm} is not the request's method. */
    DPOP_METHOD_MISMATCH,
    /** {@code htu} is not the URL the client called (query and fragment ignored), or that URL is unknown. */
    DPOP_URL_MISMATCH,
    /** {@code iat} is further in the past than the clock skew. */
    DPOP_PROOF_EXPIRED,
    /** {@code iat} is further in the future than the clock skew. */
    DPOP_PROOF_ISSUED_IN_FUTURE,
    /** {@code ath} is absent or not the base64url SHA-256 of the access token. */
    DPOP_ACCESS_TOKEN_MISMATCH,
    /** The proof's {@code jti} was already used with its key within the proof window (on this instance). */
    DPOP_PROOF_REPLAYED,
    /** The token's {@code cnf.jkt} is not the RFC 7638 thumbprint of the proof's key. */
    DPOP_KEY_MISMATCH,
    /** The {@code DPoP} scheme with a token that has no {@code cnf.jkt}: the proof's key binds nothing. */
    DPOP_TOKEN_NOT_BOUND,
    /** A DPoP-bound token ({@code cnf.jkt}) presented with the {@code Bearer} scheme. */
    DPOP_SCHEME_REQUIRED
}
