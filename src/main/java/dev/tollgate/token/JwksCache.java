package dev.tollgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.config.JwksSettings;
import dev.tollgate.observe.Log;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One issuer's verification keys, cached.
 *
 * <ul>
 *   <li>A fetched key set is fresh for {@code cacheTtl}; the first request after that refetches.
 *   <li>A {@code kid} the set does not hold triggers a refetch, at most once per
 *       {@code minRefreshInterval}: otherwise every token with a random {@code kid} would make us
 *       call the issuer (a request amplifier).
 *   <li>If a refetch fails, the previous set keeps serving until {@code cacheTtl + maxStale} after
 *       it was fetched; after that {@link JwksUnavailableException}. A key the issuer removed is
 *       dropped by the next successful fetch, so a key is trusted at most {@code cacheTtl} after
 *       removal while the issuer answers, and never beyond {@code cacheTtl + maxStale}.
 *   <li>While stale keys serve, a failing issuer is asked again at most once per
 *       {@code minRefreshInterval}, not on every request.
 *   <li>One fetch at a time per issuer; concurrent callers wait for it and reuse its result, a
 *       failure included.
 *   <li>Keys unfit for verifying signatures never verify: {@code use} other than {@code sig},
 *       {@code key_ops} without {@code verify}, types other than RSA and EC, RSA under 2048 bits,
 *       EC curves other than P-256/384/521. Private parts in a published JWKS are ignored.
 * </ul>
 *
 * <p>Time comes from the injected {@link Clock} (wall-clock instants, not {@code nanoTime}), so a
 * SnapStart restore hours after the snapshot sees the set as old, as it is.
 */
public final class JwksCache {
    private static final String LOGGER = "tollgate.jwks";
    private static final int MIN_RSA_BITS = 2048;
    /** The reason of a fetch no request waits for (prefetch, revalidation). */
    private static final String AHEAD = "prefetch";
    /** The longest a failed fetch answers for an issuer with no keys to serve ({@link #failureBackoff}). */
    static final Duration MAX_FAILURE_BACKOFF = Duration.ofSeconds(5);

    private final String issuer;
    private final KeySetSource source;
    private final JwksSettings settings;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile KeySnapshot snapshot;
    /** Last fetch attempt (success or not), for the unknown-kid rate limit. */
    private volatile Instant lastAttempt = Instant.MIN;
    /** When the last fetch failed, with why; null after a success. Written under {@link #fetchLock}. */
    private volatile Failure lastFailure;

    /** @param ahead the fetch was a prefetch or revalidation, not a request's: no request waits on its outcome */
    private record Failure(Instant at, String message, Exception cause, boolean ahead) {}

    JwksCache(String issuer, KeySetSource source, JwksSettings settings, Clock clock) {
        this.issuer = issuer;
        this.source = source;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Keys that may verify a token with this {@code kid} (null: any) and {@code algorithm}.
     *
     * @return candidate verifiers, possibly empty (then the token's key is unknown)
     * @throws JwksUnavailableException when no key set young enough can be had
     */
    List<JWSVerifier> verifiersFor(String kid, JWSAlgorithm algorithm) {
        Instant now = clock.instant();
        KeySnapshot current = snapshot;
        if (current == null || current.expired(now, settings.cacheTtl())) {
            current = refresh(current, now, "key set expired");
        }
        List<JWSVerifier> found = current.select(kid, algorithm);
        if (found.isEmpty() && source.isRemote()
                && !now.isBefore(lastAttempt.plus(settings.minRefreshInterval()))) {
            // Rotation: the issuer may have published a new key since our last fetch.
            current = refresh(current, now, "unknown kid");
            found = current.select(kid, algorithm);
        }
        return found;
    }

    /**
     * Fetches now (at init or after a SnapStart restore); failures are logged, not thrown. Does
     * nothing for a source that is fetched only when a token needs it.
     */
    public void prefetch() {
        if (!source.fetchesAhead()) {
            return;
        }
        fetchNow();
    }

    private void fetchNow() {
        try {
            refresh(snapshot, clock.instant(), AHEAD);
        } catch (JwksUnavailableException e) {
            Log.warn(LOGGER, "prefetch failed; will retry on first request", "issuer", issuer, "error", e.getMessage());
        }
    }

    /**
     * After a SnapStart restore: the key set in the snapshot was fetched at checkpoint time; check
     * it again now (a fetch; on failure the usual stale-if-error rules apply from the fetch time).
     * A source fetched only on demand is checked again only when it holds keys.
     */
    public void revalidate() {
        if (source.isRemote() && (source.fetchesAhead() || snapshot != null)) {
            fetchNow();
        }
    }

    /** Successful and failed fetches so far (for metrics and tests). */
    public long fetchCount() {
        return fetches.get();
    }

    public long failureCount() {
        return failures.get();
    }

    private KeySnapshot refresh(KeySnapshot seen, Instant now, String why) {
        long attemptsBefore = fetches.get(); // read before queueing: tells whether a fetch ran while we waited
        fetchLock.lock();
        try {
            KeySnapshot latest = snapshot;
            if (latest != seen && latest != null) {
                return latest; // another thread fetched while we waited: reuse its result
            }
            if (latest != null && !source.isRemote()) {
                return latest;
            }
            Failure failed = lastFailure;
            if (failed != null && fetches.get() != attemptsBefore) {
                // Another caller's fetch failed while we waited: share its outcome rather than queue
                // one more fetch (each may cost the read timeout) against an issuer that just failed.
                return staleOrThrow(latest, now, failed);
            }
            if (failed != null && usable(latest, now) && now.isBefore(failed.at().plus(settings.minRefreshInterval()))) {
                // Serving stale keys: ask a failing issuer at most once per interval, not on every request.
                return latest;
            }
            if (failed != null && !failed.ahead() && !usable(latest, now)
                    && now.isBefore(failed.at().plus(failureBackoff()))) {
                // No keys to serve and a request's fetch failed moments ago: answer with that failure
                // instead of spending a fetch budget (up to connect + retries x read timeout) on every
                // request; a stream of tokens naming a failing issuer must not become a stream of
                // outbound fetches. A failed prefetch does not count: the first request tries again.
                throw new JwksUnavailableException(failed.message(), failed.cause());
            }
            lastAttempt = now;
            fetches.incrementAndGet();
            try {
                JWKSet keys = source.fetch();
                KeySnapshot fresh = KeySnapshot.of(keys, now, issuer);
                snapshot = fresh;
                lastFailure = null;
                Log.debug(LOGGER, "key set fetched", "issuer", issuer, "reason", why, "keys", fresh.size());
                return fresh;
            } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                Failure failure = new Failure(now, "keys of " + issuer + " unavailable from " + source.describe()
                        + ": " + e.getMessage(), e, why.equals(AHEAD));
                lastFailure = failure;
                if (usable(latest, now)) {
                    Log.warn(LOGGER, "key set fetch failed; serving cached keys", "issuer", issuer,
                            "source", source.describe(), "reason", why, "error", String.valueOf(e.getMessage()),
                            "ageSeconds", Duration.between(latest.fetchedAt, now).toSeconds());
                }
                return staleOrThrow(latest, now, failure);
            }
        } finally {
            fetchLock.unlock();
        }
    }

    /**
     * How long a failed fetch answers for an issuer with no keys to serve: the refresh interval, at
     * most {@link #MAX_FAILURE_BACKOFF}, so an instance whose issuer blinked at its first request
     * recovers within seconds.
     */
    private Duration failureBackoff() {
        return settings.minRefreshInterval().compareTo(MAX_FAILURE_BACKOFF) < 0 ? settings.minRefreshInterval()
                : MAX_FAILURE_BACKOFF;
    }

    /** A cached set may serve until {@code cacheTtl + maxStale} after it was fetched. */
    private boolean usable(KeySnapshot cached, Instant now) {
        return cached != null && !cached.expired(now, settings.cacheTtl().plus(settings.maxStale()));
    }

    private KeySnapshot staleOrThrow(KeySnapshot cached, Instant now, Failure failure) {
        if (usable(cached, now)) {
            return cached;
        }
        throw new JwksUnavailableException(failure.message(), failure.cause());
    }

    /** An immutable fetched key set with a verifier prepared per usable key. */
    private static final class KeySnapshot {
        final Instant fetchedAt;
        final List<UsableKey> keys;

        private KeySnapshot(Instant fetchedAt, List<UsableKey> keys) {
            this.fetchedAt = fetchedAt;
            this.keys = keys;
        }

        static KeySnapshot of(JWKSet set, Instant fetchedAt, String issuer) {
            List<UsableKey> usable = new ArrayList<>();
            for (JWK jwk : set.getKeys()) {
                String unfit = unfitReason(jwk);
                if (unfit != null) {
                    Log.debug(LOGGER, "key ignored", "issuer", issuer, "kid", jwk.getKeyID(), "reason", unfit);
                    continue;
                }
                try {
                    usable.add(UsableKey.of(jwk));
                } catch (JOSEException e) {
                    Log.warn(LOGGER, "key ignored", "issuer", issuer, "kid", jwk.getKeyID(), "reason", e.getMessage());
                }
            }
            return new KeySnapshot(fetchedAt, List.copyOf(usable));
        }

        boolean expired(Instant now, Duration lifetime) {
            return !now.isBefore(fetchedAt.plus(lifetime));
        }

        int size() {
            return keys.size();
        }

        List<JWSVerifier> select(String kid, JWSAlgorithm algorithm) {
            List<JWSVerifier> matches = new ArrayList<>(1);
            for (UsableKey key : keys) {
                if ((kid == null || kid.equals(key.kid)) && key.accepts(algorithm)) {
                    matches.add(key.verifier);
                }
            }
            return matches;
        }

        private static String unfitReason(JWK jwk) {
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                return "use is not sig";
            }
            if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
                return "key_ops lacks verify";
            }
            if (jwk instanceof RSAKey rsa) {
                return rsa.size() < MIN_RSA_BITS ? "RSA modulus under " + MIN_RSA_BITS + " bits" : null;
            }
            if (jwk instanceof ECKey ec) {
                return CURVE_ALGORITHMS.containsKey(ec.getCurve()) ? null : "unsupported curve";
            }
            return "key type " + jwk.getKeyType() + " cannot verify an allowed algorithm";
        }
    }

    private static final Map<Curve, JWSAlgorithm> CURVE_ALGORITHMS =
            Map.of(Curve.P_256, JWSAlgorithm.ES256, Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);

    /** A key fit for verification, with the one algorithm family (and curve) it may verify. */
    private static final class UsableKey {
        final String kid;
        final JWSAlgorithm declaredAlgorithm;
        final JWSAlgorithm ecAlgorithm;
        final JWSVerifier verifier;

        private UsableKey(String kid, JWSAlgorithm declared, JWSAlgorithm ecAlgorithm, JWSVerifier verifier) {
            this.kid = kid;
            this.declaredAlgorithm = declared;
            this.ecAlgorithm = ecAlgorithm;
            this.verifier = verifier;
        }

        static UsableKey of(JWK jwk) throws JOSEException {
            JWSAlgorithm declared = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            if (jwk instanceof RSAKey rsa) {
                return new UsableKey(jwk.getKeyID(), declared, null, new RSASSAVerifier(rsa.toPublicJWK()));
            }
            ECKey ec = (ECKey) jwk;
            return new UsableKey(jwk.getKeyID(), declared, CURVE_ALGORITHMS.get(ec.getCurve()),
                    new ECDSAVerifier(ec.toPublicJWK()));
        }

        /** Key type must match the algorithm: RSA keys verify RS and PS, an EC key only its curve's ES. */
        boolean accepts(JWSAlgorithm algorithm) {
            if (declaredAlgorithm != null && !declaredAlgorithm.equals(algorithm)) {
                return false;
            }
            if (ecAlgorithm != null) {
                return ecAlgorithm.equals(algorithm);
            }
            return JWSAlgorithm.Family.RSA.contains(algorithm);
        }
    }
}
