package dev.tollgate.config;

import java.net.URI;
import java.util.Set;

/**
 * Sender-constrained tokens: which issuers must issue them, and how DPoP proofs are checked.
 *
 * @param boundTokenIssuers          issuers whose tokens must carry {@code cnf} (a token without one is
 *                                   refused): every issuer when {@code TOLLGATE_REQUIRE_BOUND_TOKENS=true},
 *                                   except those whose {@code TOLLGATE_ISSUERS} entry says
 *                                   {@code "requireBoundTokens": false}, plus those whose entry says
 *                                   {@code true}; empty by default
 * @param dpopPublicBaseUrl          the scheme, host, optional port and optional path prefix clients
 *                                   call, for a proof's {@code htu} ({@code TOLLGATE_DPOP_PUBLIC_BASE_URL});
 *                                   null (the default) means {@code https://} + the {@code Host} header;
 *                                   no query, fragment, user info or trailing slash
 * @param dpopReplayCacheMaxEntries  how many used proofs one instance remembers at most
 *                                   ({@code TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES}, default
 *                                   {@link #DEFAULT_DPOP_REPLAY_CACHE_MAX_ENTRIES})
 */
public record SenderConstraintSettings(Set<String> boundTokenIssuers, URI dpopPublicBaseUrl,
        int dpopReplayCacheMaxEntries) {

    /**
     * Proofs are kept for at most twice the clock skew (120 s by default): 100,000 entries hold
     * about 830 DPoP requests a second on one instance, in 17.8 MiB when full (187 bytes an entry with
     * a UUID jti, JDK 17).
     */
    public static final int DEFAULT_DPOP_REPLAY_CACHE_MAX_ENTRIES = 100_000;

    /** No issuer requires bound tokens; {@code htu} from the Host header. */
    public static final SenderConstraintSettings DEFAULTS =
            new SenderConstraintSettings(Set.of(), null, DEFAULT_DPOP_REPLAY_CACHE_MAX_ENTRIES);

    /** @throws IllegalArgumentException for a base URL with a query, fragment, user info or trailing slash, or a bound below 1 */
    public SenderConstraintSettings {
        boundTokenIssuers = Set.copyOf(boundTokenIssuers);
        if (dpopPublicBaseUrl != null && (dpopPublicBaseUrl.getRawQuery() != null
                || dpopPublicBaseUrl.getRawFragment() != null || dpopPublicBaseUrl.getRawUserInfo() != null
                || dpopPublicBaseUrl.getHost() == null || dpopPublicBaseUrl.toString().endsWith("/"))) {
            throw new IllegalArgumentException("dpopPublicBaseUrl must be scheme://host[:port][/prefix] without a "
                    + "trailing slash, query, fragment or user info, was " + dpopPublicBaseUrl);
        }
        if (dpopReplayCacheMaxEntries < 1) {
            throw new IllegalArgumentException("dpopReplayCacheMaxEntries must be positive, was "
                    + dpopReplayCacheMaxEntries);
        }
    }
}
