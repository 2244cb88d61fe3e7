package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.DripTcpProxy;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import dev.tollgate.testing.TlsFault;
import dev.tollgate.testing.TlsFront;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS faults of the issuer fail closed: the whole {@link AuthorizerHandler}, with its production
 * {@code HttpFetcher}, {@code JwksCache} and {@code TokenVerifier}, against an issuer on loopback
 * HTTPS ({@link TlsFront} in front of a {@link LoopbackIssuer}) whose certificate is from an
 * untrusted CA, expired, or for another host, or whose handshake never completes. Without usable
 * cached keys the answer is {@code Internal error: JWKS_UNAVAILABLE} (500) within the fetch budget;
 * with keys cached less than TTL + max-stale ago, the normal decision from them.
 *
 * <p>How trust is set: the production code uses the JVM's default TLS trust (nothing in tollgate
 * configures a trust manager), so these tests change exactly that, in process, with
 * {@link JvmDefaultTrust}: the JDK's public CAs plus a {@link TestTls} CA become the default
 * {@code HttpsURLConnection} socket factory for the duration of the class, and are restored after.
 * The code under test is unchanged and takes the same path as in Lambda; the host name check stays
 * the JDK's. A trusted-certificate test ({@link #handleRequestWhenIssuerCertificateTrustedThenAllow})
 * shows the faults below fail because of the fault, not because nothing is trusted. {@code
 * JvmTrustStoreIT} repeats the essentials in a JVM started with {@code -Djavax.net.ssl.trustStore}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IssuerTlsFaultIT {
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    /** HttpFetcher's whole-fetch budget (README, "The JWKS cache"): connect + 2 x read. */
    private static final Duration FETCH_BUDGET = CONNECT_TIMEOUT.plus(READ_TIMEOUT.multipliedBy(2));
    private static final Duration SLACK = Duration.ofMillis(300);
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration MAX_STALE = Duration.ofSeconds(300);

    private static final TestTls CA = TestTls.newCa("tollgate IssuerTlsFaultIT CA");
    private static final TestTls.ServerCert GOOD = CA.issue("IP:127.0.0.1", "DNS:localhost");
    private static JvmDefaultTrust trust;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final MutableClock clock = MutableClock.atTestNow();
    private LoopbackIssuer issuer;
    private TlsFront front;

    @BeforeAll
    static void trustTestCa() {
        trust = JvmDefaultTrust.install(CA);
    }

    @AfterAll
    static void restoreTrust() {
        trust.close();
    }

    @BeforeEach
    void startIssuer() {
        issuer = LoopbackIssuer.start(TestKeys.jwks());
        front = TlsFront.start(java.net.URI.create(issuer.issuer()).getPort(), GOOD);
        // The discovery document names the HTTPS issuer and its JWKS behind the front.
        issuer.serveDiscovery("{\"issuer\":\"" + httpsIssuer() + "\",\"jwks_uri\":\"" + httpsIssuer() + "/jwks.json\"}");
    }

    @AfterEach
    void stopIssuer() {
        front.close();
        issuer.close();
    }

    private String httpsIssuer() {
        return front.endpoint().toString();
    }

    private HandlerHarness handler(boolean configuredJwksUri) {
        return handler(httpsIssuer(), configuredJwksUri);
    }

    private HandlerHarness handler(String issuerUri, boolean configuredJwksUri) {
        TestSettings settings = TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUER", issuerUri)
                .with("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", String.valueOf(CONNECT_TIMEOUT.toMillis()))
                .with("TOLLGATE_JWKS_READ_TIMEOUT_MS", String.valueOf(READ_TIMEOUT.toMillis()))
                .with("TOLLGATE_JWKS_CACHE_TTL_SECONDS", String.valueOf(TTL.toSeconds()))
                .with("TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS", "10")
                .with("TOLLGATE_JWKS_MAX_STALE_SECONDS", String.valueOf(MAX_STALE.toSeconds()))
                // every request does the key lookup (no verified-token cache in the way)
                .with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0");
        if (configuredJwksUri) {
            settings.with("TOLLGATE_JWKS_URI", issuerUri + "/jwks.json");
        }
        return new HandlerHarness(settings.build(), new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);
    }

    /** A REST TOKEN event with a fresh token of the HTTPS issuer (valid at the clock's now). */
    private String event() {
        return event(httpsIssuer());
    }

    private String event(String issuerUri) {
        String token = TestTokens.token().claim("iss", issuerUri)
                .claim("iat", clock.instant().getEpochSecond())
                .expiresAt(clock.instant().plusSeconds(300))
                .bearer();
        return tokenEvent(token, ARN);
    }

    private static void assertAllow(String response) {
        assertThat(response).contains("\"Effect\":\"Allow\"").contains("/prod/GET/orders/*");
    }

    /** Runs the event, expecting the 500 of unavailable keys, and returns how long the handler took. */
    private Duration assertJwksUnavailable(HandlerHarness harness, TlsFault fault) {
        int logMark = log.text().length();
        long start = System.nanoTime();
        assertThatThrownBy(() -> harness.invoke(event()))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: JWKS_UNAVAILABLE");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(log.text().substring(logMark)).contains("\"outcome\":\"ERROR\"").contains("\"reason\":\"JWKS_UNAVAILABLE\"")
                .doesNotContain("\"outcome\":\"ALLOW\"")
                .as("the detail names the TLS failure").contains(fault.jdkMessage());
        return took;
    }

    static Stream<Arguments> faultsAndKeySources() {
        return Arrays.stream(TlsFault.values())
                .flatMap(fault -> Stream.of(Arguments.of(fault, false), Arguments.of(fault, true)));
    }

    @Test
    void handleRequestWhenIssuerCertificateTrustedThenAllow() throws Exception {
        HandlerHarness harness = handler(false);

        assertAllow(harness.invoke(event()));
        assertThat(front.handshakes()).isGreaterThanOrEqualTo(1);
        assertThat(issuer.discoveryRequests()).isEqualTo(1);
        assertThat(issuer.jwksRequests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}, configured JWKS URI: {1}")
    @MethodSource("faultsAndKeySources")
    void handleRequestWhenIssuerTlsFaultAndNoKeysCachedThenJwksUnavailableWithinFetchBudget(TlsFault fault,
            boolean configuredJwksUri) {
        fault.applyTo(front, CA);
        HandlerHarness harness = handler(configuredJwksUri);

        Duration took = assertJwksUnavailable(harness, fault);

        assertThat(took).isLessThanOrEqualTo(FETCH_BUDGET.plus(SLACK));
        assertThat(front.connections()).as("the fetch reached the TLS server").isGreaterThanOrEqualTo(1);
        assertThat(front.handshakes()).isZero();
        // nothing got through to the issuer behind the front
        assertThat(issuer.discoveryRequests() + issuer.jwksRequests()).isZero();
        System.out.printf("IssuerTlsFaultIT %s (jwksUri=%s): JWKS_UNAVAILABLE after %d ms%n", fault, configuredJwksUri,
                took.toMillis());
    }

    @ParameterizedTest
    @EnumSource(TlsFault.class)
    void handleRequestWhenIssuerTlsFaultAndKeysCachedWithinMaxStaleThenDecisionFromCachedKeys(TlsFault fault)
            throws Exception {
        HandlerHarness harness = handler(false);
        assertAllow(harness.invoke(event()));
        clock.advance(TTL.plusSeconds(1)); // the keys need a refresh, and may still serve for max-stale
        fault.applyTo(front, CA);
        int connectionsBefore = front.connections();

        long start = System.nanoTime();
        String response = harness.invoke(event());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertAllow(response);
        assertThat(front.connections()).as("the refresh met the fault").isGreaterThan(connectionsBefore);
        assertThat(took).isLessThanOrEqualTo(FETCH_BUDGET.plus(SLACK));
        assertThat(log.text()).contains("key set fetch failed; serving cached keys").contains(fault.jdkMessage());
        System.out.printf("IssuerTlsFaultIT %s: cached keys served after %d ms%n", fault, took.toMillis());
    }

    @ParameterizedTest
    @EnumSource(TlsFault.class)
    void handleRequestWhenIssuerTlsFaultAndCachedKeysOlderThanMaxStaleThenJwksUnavailable(TlsFault fault)
            throws Exception {
        HandlerHarness harness = handler(false);
        assertAllow(harness.invoke(event()));
        clock.advance(TTL.plus(MAX_STALE)); // too old to serve
        fault.applyTo(front, CA);

        Duration took = assertJwksUnavailable(harness, fault);

        assertThat(took).isLessThanOrEqualTo(FETCH_BUDGET.plus(SLACK));
    }

    /**
     * A TLS server that answers the ClientHello one byte every 100 ms: no single read waits as long as
     * the read timeout (400 ms), yet the handshake would take many seconds. The documented whole-fetch
     * budget (connect + 2 x read timeout) must still end the request.
     */
    @Test
    void handleRequestWhenIssuerHandshakeDripsThenJwksUnavailableWithinFetchBudget() throws Exception {
        try (DripTcpProxy drip = new DripTcpProxy(front.port(), Duration.ofMillis(100))) {
            String dripIssuer = "https://127.0.0.1:" + drip.port();
            HandlerHarness harness = handler(dripIssuer, true);
            String event = event(dripIssuer);
            ExecutorService caller = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "drip-caller");
                thread.setDaemon(true);
                return thread;
            });
            try {
                long start = System.nanoTime();
                Future<Throwable> outcome = caller.submit(() -> {
                    try {
                        harness.invoke(event);
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                Throwable thrown;
                try {
                    thrown = outcome.get(FETCH_BUDGET.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("no answer within the fetch budget of " + FETCH_BUDGET.toMillis()
                            + " ms (+" + SLACK.toMillis() + " ms slack): the handshake is still dripping");
                }
                System.out.printf("IssuerTlsFaultIT dripping handshake: answered after %d ms%n",
                        (System.nanoTime() - start) / 1_000_000);
                assertThat(thrown).isInstanceOf(AuthorizerFailureException.class)
                        .hasMessage("Internal error: JWKS_UNAVAILABLE");
            } finally {
                caller.shutdownNow();
            }
        }
    }
}
