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
    REVOKED
}
