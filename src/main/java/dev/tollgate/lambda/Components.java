package dev.tollgate.lambda;

import dev.tollgate.Authorizer;
import dev.tollgate.config.Settings;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.observe.Counters;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.snapstart.DynamoDbPriming;
import dev.tollgate.token.HttpFetcher;
import dev.tollgate.token.JwksCache;
import dev.tollgate.token.TokenVerifier;
import java.time.Clock;
import java.util.List;

/**
 * Everything the handler needs, wired once at init with plain constructors (no reflection-based
 * injection: it costs cold start).
 */
public final class Components {
    final Settings settings;
    final Clock clock;
    final TokenVerifier verifier;
    final CachingPermissionStore permissions;
    final Authorizer authorizer;
    final EventReader events;
    final ResponseWriter responses;
    final DecisionLog decisions;
    /**
     * Opens the permission store's connection ahead of the first read (after a SnapStart restore);
     * never throws. Does nothing for a store given to {@link #create}.
     */
    final Runnable openConnections;

    private Components(Settings settings, Clock clock, TokenVerifier verifier, CachingPermissionStore permissions,
            Runnable openConnections) {
        this.settings = settings;
        this.openConnections = openConnections;
        this.clock = clock;
        this.verifier = verifier;
        this.permissions = permissions;
        this.authorizer = new Authorizer(verifier, permissions, settings.requiredScopes(), settings.contextClaims(),
                settings.maxTokenBytes());
        // Streaming Jackson only: no ObjectMapper is ever built (see JsonTrees for the measured reason).
        this.events = new EventReader(settings.tokenHeader());
        this.responses = new ResponseWriter(JsonTrees.FACTORY, settings.httpApiResponse());
        List<JwksCache> keyCaches = verifier.keyCaches(); // fixed at init; read per decision below
        Counters counters = new Counters()
                .add("jwksFetches", () -> sum(keyCaches, JwksCache::fetchCount))
                .add("jwksFetchFailures", () -> sum(keyCaches, JwksCache::failureCount))
                .add("permissionCacheHits", () -> permissions.stats().hits())
                .add("permissionCacheMisses", () -> permissions.stats().misses())
                .add("permissionStaleServed", () -> permissions.stats().staleServed());
        this.decisions = new DecisionLog(counters, settings.metrics());
    }

    /**
     * Production wiring: settings from the environment, permissions from DynamoDB, the issuers'
     * keys prefetched. The DynamoDB store is built and primed on a second thread meanwhile (see
     * {@link DeferredPermissionStore}); both are done when this returns.
     */
    public static Components fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        Log.configure(settings.logLevel());
        Clock clock = Clock.systemUTC();
        // The second thread also primes the DynamoDB path (canned responses, no network: see
        // DynamoDbPriming), off the first request, and then opens the connection to DynamoDB, so its
        // TLS handshake runs beside the issuer's on this thread and the first read finds it ready. Not
        // before a SnapStart checkpoint: the snapshot would hold a dead socket (afterRestore opens it
        // instead). The in-memory priming of the token path is not run at init: on either thread it
        // cost more than it saved (bench/README.md); SnapStart primes it in beforeCheckpoint.
        DeferredPermissionStore<DynamoDbPermissionStore> dynamoDb = DeferredPermissionStore.start(() -> {
            DynamoDbPermissionStore store = DynamoDbWiring.permissionStore(settings);
            if (settings.priming()) {
                DynamoDbPriming.run(settings.dynamoDb());
                if (!settings.snapStart()) {
                    store.connect();
                }
            }
            return store;
        });
        // Keys first, the rest of the wiring after: by then the second thread has usually paid for
        // the first use of what both need (Jackson above all), so this thread does not wait on it.
        TokenVerifier verifier = verifier(settings, clock);
        prefetchKeys(verifier);
        Components components = new Components(settings, clock, verifier,
                new CachingPermissionStore(dynamoDb, settings.permissionCache(), clock), () -> dynamoDb.await().connect());
        dynamoDb.await();
        return components;
    }

    /**
     * Wiring around a given permission store (tests, benchmarks, local runs).
     *
     * @param settings    validated settings
     * @param permissions the store; it is put behind the permission cache {@code settings} configure
     * @param clock       the time source for every expiry decision
     */
    public static Components create(Settings settings, PermissionStore permissions, Clock clock) {
        CachingPermissionStore cache = new CachingPermissionStore(permissions, settings.permissionCache(), clock);
        return new Components(settings, clock, verifier(settings, clock), cache, () -> {});
    }

    private static TokenVerifier verifier(Settings settings, Clock clock) {
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
