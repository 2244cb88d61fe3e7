package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.LoopbackIssuer.Fault;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JWKS cache against a real issuer on loopback HTTP: discovery, rotation, the unknown-kid rate
 * limit, outages (stale keys within TTL + max stale, then {@link JwksUnavailableException}) and
 * concurrent first requests. Time is a {@link MutableClock}; only HTTP timeouts use real time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwksCacheIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration MIN_REFRESH = Duration.ofSeconds(10);
    private static final Duration MAX_STALE = Duration.ofSeconds(300);

    private final MutableClock clock = MutableClock.atTestNow();
    private final LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks());

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    private TestSettings settings() {
        return TestSettings.remote(issuer)
                .with("TOLLGATE_JWKS_CACHE_TTL_SECONDS", String.valueOf(TTL.toSeconds()))
                .with("TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS", String.valueOf(MIN_REFRESH.toSeconds()))
                .with("TOLLGATE_JWKS_MAX_STALE_SECONDS", String.valueOf(MAX_STALE.toSeconds()))
                .with("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", "300")
                .with("TOLLGATE_JWKS_READ_TIMEOUT_MS", "300")
                // every verify below does the full key lookup
                .with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0");
    }

    private TokenVerifier verifier(TestSettings testSettings) {
        VerifierSettings settings = testSettings.build().verifier();
        HttpFetcher http = new HttpFetcher(settings.jwks().connectTimeout(), settings.jwks().readTimeout(),
                settings.jwks().maxBytes());
        return TokenVerifier.create(settings, http, clock);
    }

    /** A token of the loopback issuer, valid for five minutes from the clock's now. */
    private TestTokens fresh() {
        return token().claim("iss", issuer.issuer())
                .claim("iat", clock.instant().getEpochSecond())
                .expiresAt(clock.instant().plusSeconds(300));
    }

    private static Rejection rejectionOf(TokenVerifier verifier, String jwt) {
        return TokenAssertions.rejectionOf(verifier, jwt);
    }

    private JwksCache cacheOf(TokenVerifier verifier) {
        return verifier.keyCaches().get(0);
    }

    @Test
    void verifyWhenNoJwksUriThenKeysFoundByDiscovery() throws Exception {
        TokenVerifier verifier = verifier(settings());

        assertThat(verifier.verify(fresh().sign()).principal()).isEqualTo("alice");
        assertThat(verifier.verify(fresh().es256().sign()).principal()).isEqualTo("alice");
        assertThat(issuer.discoveryRequests()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void verifyWhenJwksUriConfiguredThenNoDiscovery() throws Exception {
        TokenVerifier verifier = verifier(settings().with("TOLLGATE_JWKS_URI", issuer.jwksUri()));

        assertThat(verifier.verify(fresh().sign())).isNotNull();
        assertThat(issuer.discoveryRequests()).isZero();
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void prefetchWhenIssuerUpThenFirstRequestNeedsNoFetch() throws Exception {
        TokenVerifier verifier = verifier(settings());
        cacheOf(verifier).prefetch();

        verifier.verify(fresh().sign());

        assertThat(cacheOf(verifier).fetchCount()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void verifyWhenWithinTtlThenNoRefetch() throws Exception {
        TokenVerifier verifier = verifier(settings());
        for (int i = 0; i < 20; i++) {
            verifier.verify(fresh().claim("n", i).sign());
            clock.advance(Duration.ofSeconds(2));
        }

        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void verifyWhenTtlPassesThenOneRefetch() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());

        clock.advance(TTL);
        verifier.verify(fresh().sign());
        verifier.verify(fresh().es256().sign());

        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenNewKidPublishedThenOneRefetchAndAccepted() throws Exception {
        issuer.serveKeys(TestKeys.jwks(TestKeys.RSA));
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.serveKeys(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));
        clock.advance(MIN_REFRESH);

        VerifiedToken rotated = verifier.verify(fresh().signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).sign());

        assertThat(rotated.principal()).isEqualTo("alice");
        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenNewKidWithinMinRefreshIntervalThenUnknownKeyUntilIntervalPasses() throws Exception {
        issuer.serveKeys(TestKeys.jwks(TestKeys.RSA));
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.serveKeys(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));
        String rotated = fresh().signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).sign();

        assertThat(rejectionOf(verifier, rotated)).isEqualTo(Rejection.UNKNOWN_KEY);
        assertThat(issuer.jwksRequests()).isEqualTo(1);

        clock.advance(MIN_REFRESH);
        assertThat(verifier.verify(rotated)).isNotNull();
        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenFloodOfRandomKidsThenAtMostOneFetchPerMinRefreshInterval() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        Random random = new Random(7);
        // Signing is the slow part; the kid is what matters, so sign each token once up front.
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flood.add(fresh().kid("random-" + Long.toHexString(random.nextLong())).sign());
        }

        for (int round = 0; round < 3; round++) {
            int before = issuer.jwksRequests();
            for (String jwt : flood) {
                assertThat(rejectionOf(verifier, jwt)).isEqualTo(Rejection.UNKNOWN_KEY);
                clock.advance(Duration.ofMillis(MIN_REFRESH.toMillis() / 1000)); // 500 tokens: half an interval
            }
            assertThat(issuer.jwksRequests() - before).as("round " + round).isLessThanOrEqualTo(1);
        }
        assertThat(issuer.jwksRequests()).isLessThanOrEqualTo(1 + 3);
        assertThat(verifier.verify(fresh().sign())).isNotNull();
    }

    @Test
    void verifyWhenKeyRemovedThenStillTrustedWithinTtlAndUnknownAfterRefresh() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.serveKeys(TestKeys.jwks(TestKeys.EC));

        clock.advance(TTL.minusSeconds(1));
        assertThat(verifier.verify(fresh().sign())).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(rejectionOf(verifier, fresh().sign())).isEqualTo(Rejection.UNKNOWN_KEY);
        assertThat(verifier.verify(fresh().es256().sign())).isNotNull();
        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"HTTP_500", "GARBAGE", "HUGE_BODY", "SLOW"})
    void verifyWhenIssuerFailsThenCachedKeysServedUntilTtlPlusMaxStaleThenUnavailable(Fault fault) throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.slowBy(Duration.ofSeconds(2));
        issuer.fault(fault);

        clock.advance(TTL);
        assertThat(verifier.verify(fresh().sign())).isNotNull();
        clock.advance(MAX_STALE.minusSeconds(1));
        assertThat(verifier.verify(fresh().es256().sign())).isNotNull();
        assertThat(cacheOf(verifier).failureCount()).isGreaterThanOrEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        String jwt = fresh().sign();
        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void verifyWhenIssuerDownThenCachedKeysServedUntilTtlPlusMaxStaleThenUnavailable() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.close();

        clock.advance(TTL.plus(MAX_STALE).minusSeconds(1));
        assertThat(verifier.verify(fresh().sign())).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        String jwt = fresh().sign();
        assertThatThrownBy(() -> verifier.verify(jwt))
                .isInstanceOf(JwksUnavailableException.class)
                .satisfies(e -> assertThat(((JwksUnavailableException) e).reasonCode()).isEqualTo("JWKS_UNAVAILABLE"));
    }

    @Test
    void verifyWhenIssuerRecoversAfterOutageThenFreshKeysAgain() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.fault(Fault.HTTP_500);
        clock.advance(TTL);
        verifier.verify(fresh().sign());

        issuer.fault(Fault.NONE);
        issuer.serveKeys(TestKeys.jwks(TestKeys.EC));
        clock.advance(MIN_REFRESH);

        assertThat(rejectionOf(verifier, fresh().sign())).isEqualTo(Rejection.UNKNOWN_KEY);
        assertThat(verifier.verify(fresh().es256().sign())).isNotNull();
    }

    /**
     * While stale keys are served, a failing issuer is asked at most once per min refresh
     * interval: otherwise every request past the TTL would pay a fetch (up to the read timeout)
     * and hammer an issuer that is already down.
     */
    @Test
    void verifyWhenServingStaleKeysThenFailingIssuerAskedAtMostOncePerMinRefreshInterval() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());
        issuer.fault(Fault.HTTP_500);
        clock.advance(TTL);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(fresh().claim("n", i).sign());
        }

        for (String jwt : tokens) {
            assertThat(verifier.verify(jwt)).isNotNull();
        }
        assertThat(issuer.jwksRequests()).isEqualTo(2);

        clock.advance(MIN_REFRESH);
        for (String jwt : tokens) {
            assertThat(verifier.verify(jwt)).isNotNull();
        }
        assertThat(issuer.jwksRequests()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"HTTP_500", "GARBAGE", "HUGE_BODY", "SLOW"})
    void verifyWhenNoCachedKeysAndIssuerFailsThenUnavailable(Fault fault) {
        issuer.slowBy(Duration.ofSeconds(2));
        issuer.fault(fault);
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
        assertThat(cacheOf(verifier).failureCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenNoCachedKeysAndIssuerDownThenUnavailable() {
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();
        issuer.close();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void verifyWhenSlowBeyondReadTimeoutThenGivesUpWithinAboutTheTimeout() {
        issuer.slowBy(Duration.ofSeconds(5));
        TokenVerifier verifier = verifier(settings().with("TOLLGATE_JWKS_URI", issuer.jwksUri()));
        String jwt = fresh().sign();
        long start = System.nanoTime();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void prefetchWhenIssuerDownThenNoExceptionAndFailureCounted() {
        TokenVerifier verifier = verifier(settings());
        issuer.fault(Fault.HTTP_500);

        cacheOf(verifier).prefetch();

        assertThat(cacheOf(verifier).failureCount()).isEqualTo(1);
        assertThat(cacheOf(verifier).fetchCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenPrefetchFailedAndIssuerBackThenFirstRequestFetches() throws Exception {
        TokenVerifier verifier = verifier(settings());
        issuer.fault(Fault.HTTP_500);
        cacheOf(verifier).prefetch();
        issuer.fault(Fault.NONE);

        assertThat(verifier.verify(fresh().sign())).isNotNull();
    }

    @Test
    void revalidateWhenRemoteThenFetchesAgain() throws Exception {
        TokenVerifier verifier = verifier(settings());
        verifier.verify(fresh().sign());

        cacheOf(verifier).revalidate();

        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenDiscoveryNamesAnotherIssuerThenUnavailable() {
        issuer.serveDiscovery("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + issuer.jwksUri() + "\"}");
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
        assertThat(issuer.jwksRequests()).isZero();
    }

    @Test
    void verifyWhenDiscoveryIssuerHasTrailingSlashThenUnavailable() {
        issuer.serveDiscovery("{\"issuer\":\"" + issuer.issuer() + "/\",\"jwks_uri\":\"" + issuer.jwksUri() + "\"}");
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void verifyWhenDiscoveredJwksUriIsPlainHttpOnOtherHostThenUnavailable() {
        issuer.serveDiscovery("{\"issuer\":\"" + issuer.issuer() + "\",\"jwks_uri\":\"http://keys.example.com/jwks.json\"}");
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();

        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void verifyWhenDiscoveryHasNoJwksUriOrIsNotJsonThenUnavailable() {
        TokenVerifier verifier = verifier(settings());
        String jwt = fresh().sign();
        issuer.serveDiscovery("{\"issuer\":\"" + issuer.issuer() + "\"}");
        assertThatThrownBy(() -> verifier.verify(jwt)).isInstanceOf(JwksUnavailableException.class);

        TokenVerifier other = verifier(settings());
        issuer.serveDiscovery("<html>");
        assertThatThrownBy(() -> other.verify(jwt)).isInstanceOf(JwksUnavailableException.class);
    }

    @Test
    void verifyWhenJwksHasNoUsableKeysThenUnknownKey() {
        RSAKey enc = new RSAKey.Builder(TestKeys.RSA).keyUse(KeyUse.ENCRYPTION).build();
        issuer.serveKeys(TestKeys.jwks(enc, TestKeys.rsa("weak", 1024)));
        TokenVerifier verifier = verifier(settings());

        assertThat(rejectionOf(verifier, fresh().sign())).isEqualTo(Rejection.UNKNOWN_KEY);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @Test
    void verifyWhenJwksIsEmptyThenUnknownKey() {
        issuer.serveKeys("{\"keys\":[]}");
        TokenVerifier verifier = verifier(settings());

        assertThat(rejectionOf(verifier, fresh().sign())).isEqualTo(Rejection.UNKNOWN_KEY);
    }

    @Test
    void verifyWhenSixteenConcurrentFirstRequestsThenOneFetch() throws Exception {
        issuer.slowBy(Duration.ofMillis(150)); // keeps the first fetch in flight while the others arrive
        TokenVerifier verifier = verifier(settings());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add((i % 2 == 0 ? fresh() : fresh().es256()).claim("n", i).sign());
        }

        List<Object> outcomes = concurrently(tokens, verifier);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(VerifiedToken.class));
        assertThat(issuer.discoveryRequests()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
        assertThat(cacheOf(verifier).fetchCount()).isEqualTo(1);
    }

    /**
     * Callers queued behind a failed fetch share its outcome: sixteen callers must not make
     * sixteen fetches of a dead issuer one after another, each paying the read timeout.
     */
    @Test
    void verifyWhenSixteenConcurrentFirstRequestsAndIssuerSlowThenFewFetchesAndAllUnavailable() throws Exception {
        issuer.slowBy(Duration.ofSeconds(2));
        TokenVerifier verifier = verifier(settings().with("TOLLGATE_JWKS_URI", issuer.jwksUri()));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add(fresh().claim("n", i).sign());
        }
        long start = System.nanoTime();

        List<Object> outcomes = concurrently(tokens, verifier);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(JwksUnavailableException.class));
        assertThat(cacheOf(verifier).fetchCount()).isLessThanOrEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    /** Runs each token's verify on its own thread, all released together; returns result or exception. */
    private static List<Object> concurrently(List<String> tokens, TokenVerifier verifier) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
        try {
            CountDownLatch ready = new CountDownLatch(tokens.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (String jwt : tokens) {
                Callable<Object> task = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return verifier.verify(jwt);
                    } catch (InvalidTokenException | RuntimeException e) {
                        return e;
                    }
                };
                futures.add(pool.submit(task));
            }
            ready.await();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
