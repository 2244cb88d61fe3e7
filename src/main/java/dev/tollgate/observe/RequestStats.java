package dev.tollgate.observe;

/**
 * What the current request got from the caches, for its decision line. Per thread: Lambda runs one
 * invocation per thread (managed instances run several threads, each with its own). The handler
 * {@link #reset() resets} it when a request starts and reads it when it logs the decision.
 */
public final class RequestStats {
    /** Cache outcomes: not consulted on this request, hit, or miss. */
    public enum Lookup { NONE, HIT, MISS }

    private static final ThreadLocal<RequestStats> CURRENT = ThreadLocal.withInitial(RequestStats::new);

    private Lookup verifiedToken = Lookup.NONE;
    private Lookup permissions = Lookup.NONE;

    private RequestStats() {}

    /** The current thread's stats, cleared. */
    public static RequestStats reset() {
        RequestStats stats = CURRENT.get();
        stats.verifiedToken = Lookup.NONE;
        stats.permissions = Lookup.NONE;
        return stats;
    }

    /** The current thread's stats as recorded since the last {@link #reset()}. */
    public static RequestStats current() {
        return CURRENT.get();
    }

    public static void verifiedToken(boolean hit) {
        CURRENT.get().verifiedToken = hit ? Lookup.HIT : Lookup.MISS;
    }

    public static void permissions(boolean hit) {
        CURRENT.get().permissions = hit ? Lookup.HIT : Lookup.MISS;
    }

    public Lookup verifiedToken() {
        return verifiedToken;
    }

    public Lookup permissions() {
        return permissions;
    }
}
