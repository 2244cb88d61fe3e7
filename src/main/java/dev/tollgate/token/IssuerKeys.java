package dev.tollgate.token;

import dev.tollgate.config.CognitoPreset;
import dev.tollgate.config.IssuerSettings;
import dev.tollgate.config.JwksSettings;
import dev.tollgate.observe.Log;
import java.time.Clock;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds each trusted issuer's key cache, once, at init:
 *
 * <ul>
 *   <li>inline keys: a fixed set;
 *   <li>an issuer of a Cognito user pool: its own {@code <issuer>/.well-known/jwks.json}, fetched when
 *       a token names that issuer ({@link CognitoKeySetSource}); but when the pool's entry names one
 *       {@code jwksUri} or inline {@code jwks}, every issuer of the pool shares one cache, so the keys
 *       are fetched once, not once per issuer;
 *   <li>any other issuer: its JWKS URI, or discovery ({@link RemoteKeySetSource}).
 * </ul>
 *
 * An issuer allowed plain http gets a WARN naming the risk (once per pool for a Cognito pool whose
 * {@code jwksUri} it concerns).
 * Not thread-safe; used by one thread at init.
 */
final class IssuerKeys {
    private static final String LOGGER = "tollgate.jwks";

    private final HttpFetcher http;
    private final JwksSettings settings;
    private final Clock clock;
    /** A pool's one cache when its entry names the keys' place; identity: each entry is its own pool. */
    private final Map<CognitoPreset, JwksCache> poolCaches = new IdentityHashMap<>();
    /** Per Cognito pool: whether any of its issuers has served keys (see {@link CognitoKeySetSource}). */
    private final Map<String, AtomicBoolean> poolServedKeys = new HashMap<>();

    IssuerKeys(HttpFetcher http, JwksSettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
    }

    /** The key cache for {@code issuer}; the same instance for issuers of one pool with shared keys. */
    JwksCache cacheFor(IssuerSettings issuer) {
        CognitoPreset pool = issuer.cognito();
        if (pool == null) {
            warnIfPlainHttp(issuer, issuer.issuer());
            return new JwksCache(issuer.issuer(), source(issuer), settings, clock);
        }
        boolean sharedKeys = issuer.jwksJson() != null || pool.jwksUri() != null;
        if (!sharedKeys) {
            // Cognito's own https endpoints: plain http never applies to them.
            AtomicBoolean poolServed = poolServedKeys.computeIfAbsent(pool.userPoolId(),
                    id -> new AtomicBoolean());
            return new JwksCache(issuer.issuer(), new CognitoKeySetSource(issuer.issuer(), http, poolServed), settings,
                    clock);
        }
        JwksCache shared = poolCaches.get(pool);
        if (shared == null) {
            warnIfPlainHttp(issuer, "user pool " + pool.userPoolId());
            shared = new JwksCache("user pool " + pool.userPoolId(), source(issuer), settings, clock);
            poolCaches.put(pool, shared);
        }
        return shared;
    }

    private KeySetSource source(IssuerSettings issuer) {
        return issuer.jwksJson() != null ? new StaticKeySetSource(issuer.jwksJson()) : new RemoteKeySetSource(issuer, http);
    }

    private static void warnIfPlainHttp(IssuerSettings issuer, String name) {
        // Only a configured https JWKS URI rules plain http out: discovery may name an http jwks_uri.
        boolean httpsKeys = issuer.jwksUri() != null && "https".equalsIgnoreCase(issuer.jwksUri().getScheme());
        if (issuer.allowPlainHttp() && issuer.jwksJson() == null && !httpsKeys) {
            Log.warn(LOGGER, "plain http allowed for this issuer: anyone on the network path can read its discovery"
                    + " document and replace its keys, and so forge tokens tollgate accepts; use it only inside a"
                    + " private network (a VPC) you trust", "issuer", name);
        }
    }
}
