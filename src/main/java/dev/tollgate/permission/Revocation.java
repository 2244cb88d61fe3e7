package dev.tollgate.permission;

import java.time.Instant;

/**
 * What the permission store said about revoked tokens, read with the principal's item.
 *
 * @param tokensValidAfter the principal's {@code tokensValidAfter}: tokens issued ({@code iat})
 *                         before it, or without {@code iat}, are revoked; null when the item sets
 *                         none; {@link Instant#MAX} when the attribute is malformed (every token of
 *                         the principal revoked: the safe reading)
 * @param tokenRevokedUntil the {@code expiresAt} of the {@code revoked#<jti>} item of the token's
 *                         {@code jti}: revoked while the time is before it; {@link Instant#MAX} when
 *                         the item has no (or a malformed) {@code expiresAt}; null when no such item
 */
public record Revocation(Instant tokensValidAfter, Instant tokenRevokedUntil) {

    /** Nothing revoked. */
    public static final Revocation NONE = new Revocation(null, null);

    /**
     * True when a token issued at {@code issuedAt} is revoked at {@code now}.
     *
     * @param issuedAt the token's {@code iat}; null when it has none
     * @param now      the current time
     */
    public boolean revokes(Instant issuedAt, Instant now) {
        if (tokenRevokedUntil != null && now.isBefore(tokenRevokedUntil)) {
            return true;
        }
        return tokensValidAfter != null && (issuedAt == null || issuedAt.isBefore(tokensValidAfter));
    }

    // Written out for the reason given in Permission: compared on every cache put.
    @Override
    public boolean equals(Object other) {
        return other instanceof Revocation that && java.util.Objects.equals(tokensValidAfter, that.tokensValidAfter)
                && java.util.Objects.equals(tokenRevokedUntil, that.tokenRevokedUntil);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tokensValidAfter, tokenRevokedUntil);
    }
}
