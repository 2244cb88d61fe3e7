package dev.tollgate.wiring;

import dev.tollgate.Authorizer;
import dev.tollgate.audit.DecisionLog;
import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.observe.Counters;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.token.HttpFetcher;
import dev.tollgate.token.JwksCache;
import dev.tollgate.token.TokenVerifier;
import java.time.Clock;
import java.util.List;

/**
 * Everything a request needs, wired once at init with plain constructors (no reflection-based
 * injection: it costs cold start). The Lambda edge reads events and writes responses around it;
 * the SnapStart hooks manage its caches.
 */
public final class Components {
    private final Settings settings;
    private final TokenVerifier verifier;
    private final CachingPermissionStore permissions;
    private final Authorizer authorizer;
    private final DecisionLog decisions;

    private Components(Settings settings, TokenVerifier verifier, CachingPermissionStore permissions) {
        this.settings = settings;
        this.verifier = verifier;
        this.permissions = permissions;
        this.authorizer = new Authorizer(verifier, permissions, settings.authorizer().requiredScopes(),
                settings.authorizer().contextClaims(), settings.verifier().maxTokenBytes());
        List<JwksCache> keyCaches = verifier.keyCaches(); // fixed at init; read per decision below
        Counters counters = new Counters()
                .add("jwksFetches", () -> sum(keyCaches, JwksCache::fetchCount))
                .add("jwksFetchFailures", () -> sum(keyCaches, JwksCache::failureCount))
                .add("permissionCacheHits", () -> permissions.stats().hits())
                .add("permissionCacheMisses", () -> permissions.stats().misses())
                .add("permissionStaleServed", () -> permissions.stats().staleServed());
        this.decisions = new DecisionLog(counters, settings.observability());
    }

    public Settings settings() {
        return settings;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /** The permission cache in front of the store. */
    public CachingPermissionStore permissions() {
        return permissions;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public DecisionLog decisions() {
        return decisions;
    }

    /**
     * Production wiring: settings from the environment, permissions from DynamoDB, the issuers'
     * keys prefetched. The DynamoDB transport is built and primed on a second thread meanwhile (see
     * {@link DeferredPermissionStore}); both are done when this returns.
     */
    public static Components fromEnvironment() {
        Settings settings = SettingsReader.fromEnvironment();
        Log.configure(settings.observability().logLevel());
        Clock clock = Clock.systemUTC();
        // The second thread also primes the DynamoDB path (canned responses and one loopback exchange,
        // no network: see DynamoDbPermissionStore.prime), off the first request, and then opens the
        // connection to DynamoDB, so its TLS handshake runs beside the issuer's on this thread and the
        // first read finds it ready. Not before a SnapStart checkpoint: the snapshot would hold a dead
        // socket (afterRestore opens it instead). The in-memory priming of the token path is not run at
        // init: on either thread it cost more than it saved (bench/README.md); SnapStart primes it in
        // beforeCheckpoint.
        DeferredPermissionStore dynamoDb = DeferredPermissionStore.start(() -> {
            PermissionStore store = DynamoDbWiring.permissionStore(settings.permissions().table(), settings.dynamoDb(),
                    settings.runtime().inLambda());
            if (settings.runtime().priming()) {
                store.prime();
                if (!settings.runtime().snapStart()) {
                    store.warmUp();
                }
            }
            return store;
        });
        // Keys first, the rest of the wiring after: by then the second thread has usually paid for
        // the first use of what both need (Jackson above all), so this thread does not wait on it.
        TokenVerifier verifier = verifier(settings.verifier(), clock);
        prefetchKeys(verifier);
        Components components = new Components(settings, verifier,
                new CachingPermissionStore(dynamoDb, settings.permissions().cache(), clock));
        dynamoDb.await();
        return components;
    }

    /**
     * Wiring around a given permission store (tests, benchmarks, local runs).
     *
     * @param settings    validated settings
     * @param permissions the store; it is put behind the cache {@code settings.permissions().cache()} configures
     * @param clock       the time source for every expiry decision
     */
    public static Components create(Settings settings, PermissionStore permissions, Clock clock) {
        CachingPermissionStore cache = new CachingPermissionStore(permissions, settings.permissions().cache(), clock);
        return new Components(settings, verifier(settings.verifier(), clock), cache);
    }

    private static TokenVerifier verifier(VerifierSettings settings, Clock clock) {
        HttpFetcher http = new HttpFetcher(settings.jwks().connectTimeout(), settings.jwks().readTimeout(),
                settings.jwks().maxBytes());
        return TokenVerifier.create(settings, http, clock);
    }

    private static long sum(List<JwksCache> caches, java.util.function.ToLongFunction<JwksCache> counter) {
        long total = 0;
        for (JwksCache cache : caches) {
            total += counter.applyAsLong(cache);
        }
        return total;
    }

    /** Fetches every issuer's keys now; failures are logged and retried on the first request. */
    private static void prefetchKeys(TokenVerifier verifier) {
        for (JwksCache keys : verifier.keyCaches()) {
            keys.prefetch();
        }
    }
}
