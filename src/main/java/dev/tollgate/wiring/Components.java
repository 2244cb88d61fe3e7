package dev.tollgate.wiring;

import dev.tollgate.Authorizer;
import dev.tollgate.audit.DecisionLog;
import dev.tollgate.config.AuthorizerSettings;
import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsException;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.observe.Counters;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.IssuerRouteScopes;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.RouteScopes;
import dev.tollgate.snapstart.DynamoDbPriming;
import dev.tollgate.token.HttpFetcher;
import dev.tollgate.token.JwksCache;
import dev.tollgate.token.SenderConstraint;
import dev.tollgate.token.TokenVerifier;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Runnable openConnections;

    private Components(Settings settings, TokenVerifier verifier, CachingPermissionStore permissions,
            Runnable openConnections, Clock clock) {
        this.settings = settings;
        this.openConnections = openConnections;
        this.verifier = verifier;
        this.permissions = permissions;
        this.authorizer = new Authorizer(verifier, permissions, settings.authorizer().requiredScopes(),
                settings.authorizer().contextClaims(), settings.verifier().maxTokenBytes(),
                routeScopes(settings.authorizer()), clock,
                SenderConstraint.create(settings.senderConstraint(), settings.verifier().clockSkew(), clock));
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
     * Opens the permission store's connection ahead of the first read (after a SnapStart restore);
     * never throws. Does nothing for a store given to {@link #create}.
     */
    public Runnable openConnections() {
        return openConnections;
    }

    /**
     * Production wiring: settings from the environment, permissions from DynamoDB, the issuers'
     * keys prefetched. The DynamoDB store is built and primed on a second thread meanwhile; both are
     * done when this returns, and requests reach the store directly.
     */
    public static Components fromEnvironment() {
        Settings settings = SettingsReader.fromEnvironment();
        Log.configure(settings.observability().logLevel());
        Clock clock = Clock.systemUTC();
        // The second thread also primes the DynamoDB path (canned responses, no network: see
        // DynamoDbPriming), off the first request, and then opens the connection to DynamoDB, so its
        // TLS handshake runs beside the issuer's on this thread and the first read finds it ready. Not
        // before a SnapStart checkpoint: the snapshot would hold a dead socket (afterRestore opens it
        // instead). The in-memory priming of the token path is not run here: during an on-demand cold
        // start it cost more than it saved on either thread (bench/README.md). SnapStart primes it in
        // beforeCheckpoint; an init ahead of traffic (Managed Instances, provisioned concurrency) at
        // its end (SnapStartHooks.primeAtInit, called by the Lambda entry point).
        DeferredBuild<DynamoDbPermissionStore> dynamoDb = DeferredBuild.start("tollgate-init-permissions", () -> {
            DynamoDbPermissionStore store = DynamoDbPermissionStore.overHttp(settings.permissions().table(),
                    settings.dynamoDb(), settings.runtime().inLambda());
            if (settings.runtime().priming()) {
                DynamoDbPriming.run(settings.dynamoDb());
                if (!settings.runtime().snapStart()) {
                    store.connect();
                }
            }
            return store;
        });
        // Keys first, the rest of the wiring after: by then the second thread has usually paid for
        // the first use of what both need (Jackson above all), so this thread does not wait on it.
        TokenVerifier verifier = verifier(settings.verifier(), clock);
        prefetchKeys(verifier);
        DynamoDbPermissionStore store = dynamoDb.await();
        return new Components(settings, verifier, new CachingPermissionStore(store, settings.permissions().cache(), clock),
                store::connect, clock);
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
        return new Components(settings, verifier(settings.verifier(), clock), cache, () -> {}, clock);
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

    /**
     * The route scopes, their patterns parsed with the permission syntax once, here at init.
     *
     * @throws SettingsException naming {@code TOLLGATE_ROUTE_SCOPES} or {@code TOLLGATE_ISSUERS} for a
     *     pattern that is not {@code "<METHOD> <path>"} or one given twice
     */
    static IssuerRouteScopes routeScopes(AuthorizerSettings settings) {
        if (settings.routeScopes().isEmpty() && settings.issuerRouteScopes().isEmpty()) {
            return IssuerRouteScopes.NONE;
        }
        RouteScopes global = routeScopes("TOLLGATE_ROUTE_SCOPES", "", settings.routeScopes());
        Map<String, RouteScopes> byIssuer = new HashMap<>();
        settings.issuerRouteScopes().forEach((issuer, rules) -> byIssuer.put(issuer,
                routeScopes("TOLLGATE_ISSUERS", "issuer " + issuer + ": 'routeScopes' ", rules)));
        return new IssuerRouteScopes(global, byIssuer);
    }

    private static RouteScopes routeScopes(String variable, String where, Map<String, Set<String>> rules) {
        try {
            return RouteScopes.of(rules);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(variable, where + e.getMessage());
        }
    }
}
