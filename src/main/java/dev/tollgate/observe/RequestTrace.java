package dev.tollgate.observe;

/**
 * What one request got from tollgate's caches, for its decision line. The handler makes one per
 * request and hands it down explicitly (the authorizer, the token verifier and the permission cache
 * record into it); nothing travels beside the call. Not thread-safe: it belongs to one request.
 */
public final class RequestTrace {
    /** Cache outcomes: not consulted on this request, hit, or miss. */
    public enum Lookup { NONE, HIT, MISS }

    private Lookup verifiedToken = Lookup.NONE;
    private Lookup permissions = Lookup.NONE;

    /** Records whether the verified-token cache knew the token. */
    public void verifiedToken(boolean hit) {
        verifiedToken = hit ? Lookup.HIT : Lookup.MISS;
    }

    /** Records whether the permission cache held a fresh entry for the principal. */
    public void permissions(boolean hit) {
        permissions = hit ? Lookup.HIT : Lookup.MISS;
    }

    public Lookup verifiedToken() {
        return verifiedToken;
    }

    public Lookup permissions() {
        return permissions;
    }
}
