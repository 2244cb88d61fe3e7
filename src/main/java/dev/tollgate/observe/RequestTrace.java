package dev.tollgate.observe;

/**
 * What one request's decision line reports beyond the decision: what tollgate's caches answered and
 * the verified token's identifiers (its {@code iss} and {@code jti}, never the token itself). The handler makes one per
 * request and hands it down explicitly (the authorizer, the token verifier and the permission cache
 * record into it); nothing travels beside the call. Not thread-safe: it belongs to one request.
 */
public final class RequestTrace {
    /** Cache outcomes: not consulted on this request, hit, or miss. */
    public enum Lookup { NONE, HIT, MISS }

    private Lookup verifiedToken = Lookup.NONE;
    private Lookup permissions = Lookup.NONE;
    private String issuer;
    private String tokenId;

    /** Records whether the verified-token cache knew the token. */
    public void verifiedToken(boolean hit) {
        verifiedToken = hit ? Lookup.HIT : Lookup.MISS;
    }

    /** Records whether the permission cache held a fresh entry for the principal. */
    public void permissions(boolean hit) {
        permissions = hit ? Lookup.HIT : Lookup.MISS;
    }

    /**
     * Records the verified token's identifiers.
     *
     * @param issuer  its {@code iss}
     * @param tokenId its {@code jti}; null when it has none
     */
    public void token(String issuer, String tokenId) {
        this.issuer = issuer;
        this.tokenId = tokenId;
    }

    /** The verified token's {@code iss}; null until a token is verified. */
    public String issuer() {
        return issuer;
    }

    /** The verified token's {@code jti}; null when it has none or no token is verified. */
    public String tokenId() {
        return tokenId;
    }

    public Lookup verifiedToken() {
        return verifiedToken;
    }

    public Lookup permissions() {
        return permissions;
    }
}
