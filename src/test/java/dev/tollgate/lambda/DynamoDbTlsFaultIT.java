package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.config.Settings;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.DripTcpProxy;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import dev.tollgate.testing.TlsFault;
import dev.tollgate.testing.TlsFront;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TLS faults of DynamoDB fail closed: the whole {@link AuthorizerHandler} with the permission store
 * built by the production wiring ({@link DynamoDbPermissionStore#overHttp}) against dynalite on loopback HTTPS
 * ({@link TlsFront} in front of it) whose certificate is from an untrusted CA, expired, or for
 * another host, or whose handshake never completes. A principal with no usable cached entry gets
 * {@code Internal error: PERMISSION_STORE_UNAVAILABLE} (500) within the API call timeout; a
 * principal cached within its TTL, or expired but within {@code TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS},
 * gets the normal decision from the cache. Tokens are verified with inline keys, so only DynamoDB
 * is at fault.
 *
 * <p>How trust is set: the store takes the JVM's default TLS trust (nothing in tollgate configures
 * a trust manager), so these tests change exactly that, in process, with {@link JvmDefaultTrust}:
 * the JDK's public CAs plus a {@link TestTls} CA, as the default {@code HttpsURLConnection} socket
 * factory (what the store's connections get). Restored after the class. The host name checks stay the JDK's. The
 * trusted-certificate test shows the faults fail because of the fault; {@code JvmTrustStoreIT}
 * repeats the essentials in a JVM started with {@code -Djavax.net.ssl.trustStore}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamoDbTlsFaultIT {
    private static final String TABLE = "tollgate-permissions";
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration SLACK = Duration.ofMillis(300);
    private static final Duration CACHE_TTL = Duration.ofSeconds(60);
    private static final Duration STALE_IF_ERROR = Duration.ofSeconds(300);

    /** Twins of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for the default credentials chain. */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID,
            "aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);
    private static final Map<String, String> previousProperties = new HashMap<>();

    private static final TestTls CA = TestTls.newCa("tollgate DynamoDbTlsFaultIT CA");
    private static final TestTls.ServerCert GOOD = CA.issue("IP:127.0.0.1", "DNS:localhost");
    private static JvmDefaultTrust trust;
    private static DynaliteServer dynalite;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final MutableClock clock = MutableClock.atTestNow();
    private TlsFront front;

    @BeforeAll
    static void start() {
        trust = JvmDefaultTrust.install(CA);
        AWS_PROPERTIES.forEach((name, value) -> previousProperties.put(name, System.setProperty(name, value)));
        dynalite = startDynaliteGranting(TABLE, "GET /orders/*", "alice", "bob");
    }

    /**
     * A dynalite on loopback with the permissions table {@code table} granting each of
     * {@code principals} {@code permission} (also {@link JvmTrustStoreIT}'s).
     */
    static DynaliteServer startDynaliteGranting(String table, String permission, String... principals) {
        DynaliteServer dynalite = DynaliteServer.start();
        try (DynaliteTables tables = new DynaliteTables(dynalite.endpoint())) {
            tables.createPermissionsTable(table);
            for (String principal : principals) {
                tables.put(table, Map.of("principal", AttributeValue.fromS(principal),
                        "permissions", AttributeValue.fromSs(List.of(permission))));
            }
        } catch (RuntimeException e) {
            dynalite.stop();
            throw e;
        }
        return dynalite;
    }

    @AfterAll
    static void stop() {
        if (dynalite != null) {
            dynalite.stop();
        }
        previousProperties.forEach(DynamoDbTlsFaultIT::restore);
        trust.close();
    }

    @BeforeEach
    void startFront() {
        front = TlsFront.start(dynalite.port(), GOOD);
    }

    @AfterEach
    void stopFront() {
        front.close();
    }

    private static void restore(String name, String previous) {
        if (previous == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, previous);
        }
    }

    /**
     * A handler wired like production: the store from {@link DynamoDbPermissionStore#overHttp} (its endpoint from
     * AWS_ENDPOINT_URL_DYNAMODB in the settings), behind the permission cache.
     */
    private HandlerHarness handler(boolean staleIfError) {
        return handler(staleIfError, front.endpoint().toString());
    }

    private HandlerHarness handler(boolean staleIfError, String endpoint) {
        Settings settings = TestSettings.inlineKeys()
                .with("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
                .with("TOLLGATE_PERMISSIONS_TABLE", TABLE)
                .with("TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS", String.valueOf(CALL_TIMEOUT.toMillis()))
                .with("TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS", String.valueOf(ATTEMPT_TIMEOUT.toMillis()))
                .with("TOLLGATE_DYNAMODB_MAX_RETRIES", "1")
                .with("TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS", String.valueOf(CACHE_TTL.toSeconds()))
                .with("TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS",
                        staleIfError ? String.valueOf(STALE_IF_ERROR.toSeconds()) : null)
                // Stale-if-error never serves past the revocation TTL: here it must not be what ends the window.
                .with("TOLLGATE_REVOCATION_CACHE_TTL_SECONDS",
                        staleIfError ? String.valueOf(CACHE_TTL.plus(STALE_IF_ERROR).toSeconds()) : null)
                .build();
        PermissionStore store = DynamoDbPermissionStore.overHttp(settings.permissions().table(), settings.dynamoDb(), false);
        return new HandlerHarness(settings, store, clock);
    }

    private String event(String principal) {
        return tokenEvent(TestTokens.token().subject(principal).bearer(), ARN);
    }

    private static void assertAllow(String response) {
        assertThat(response).contains("\"Effect\":\"Allow\"").contains("/prod/GET/orders/*");
    }

    /** Runs the event, expecting the 500 of a failing store, and returns how long the handler took. */
    private Duration assertPermissionStoreUnavailable(HandlerHarness harness, String principal, TlsFault fault) {
        int logMark = log.text().length();
        long start = System.nanoTime();
        assertThatThrownBy(() -> harness.invoke(event(principal)))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String logged = log.text().substring(logMark);
        assertThat(logged).contains("\"outcome\":\"ERROR\"").contains("\"reason\":\"PERMISSION_STORE_UNAVAILABLE\"")
                .doesNotContain("\"outcome\":\"ALLOW\"");
        assertThat(logged).as("the detail names the TLS failure").contains(fault.jdkMessage());
        return took;
    }

    @Test
    void handleRequestWhenDynamoDbCertificateTrustedThenAllow() throws Exception {
        HandlerHarness harness = handler(false);

        assertAllow(harness.invoke(event("alice")));
        assertThat(front.handshakes()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsFault.class)
    void handleRequestWhenDynamoDbTlsFaultAndPrincipalNotCachedThenPermissionStoreUnavailableWithinCallTimeout(
            TlsFault fault) {
        HandlerHarness harness = handler(true);
        fault.applyTo(front, CA);

        Duration took = assertPermissionStoreUnavailable(harness, "alice", fault);

        assertThat(took).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
        assertThat(front.connections()).as("the read reached the TLS server").isGreaterThanOrEqualTo(1);
        assertThat(front.handshakes()).isZero();
        System.out.printf("DynamoDbTlsFaultIT %s: PERMISSION_STORE_UNAVAILABLE after %d ms (%d connections)%n",
                fault, took.toMillis(), front.connections());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsFault.class)
    void handleRequestWhenDynamoDbTlsFaultAndPermissionsCachedThenDecisionFromCache(
            TlsFault fault) throws Exception {
        HandlerHarness harness = handler(false);
        assertAllow(harness.invoke(event("alice")));
        fault.applyTo(front, CA);
        int connectionsBefore = front.connections();

        assertAllow(harness.invoke(event("alice")));

        assertThat(front.connections()).as("served from the cache, DynamoDB not asked").isEqualTo(connectionsBefore);
        // the fault is there for whoever is not cached
        assertPermissionStoreUnavailable(harness, "bob", fault);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsFault.class)
    void handleRequestWhenDynamoDbTlsFaultAndEntryExpiredWithinStaleIfErrorThenDecisionFromStaleEntry(
            TlsFault fault) throws Exception {
        HandlerHarness harness = handler(true);
        assertAllow(harness.invoke(event("alice")));
        clock.advance(CACHE_TTL.plusSeconds(1));
        fault.applyTo(front, CA);
        int connectionsBefore = front.connections();

        long start = System.nanoTime();
        String response = harness.invoke(event("alice"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertAllow(response);
        assertThat(front.connections()).as("the reload met the fault").isGreaterThan(connectionsBefore);
        assertThat(took).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
        assertThat(log.text()).contains("tollgate.permissions");
        System.out.printf("DynamoDbTlsFaultIT %s: stale entry served after %d ms%n", fault,
                took.toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsFault.class)
    void handleRequestWhenDynamoDbTlsFaultAndEntryExpiredWithoutStaleIfErrorThenPermissionStoreUnavailable(
            TlsFault fault) throws Exception {
        HandlerHarness harness = handler(false);
        assertAllow(harness.invoke(event("alice")));
        clock.advance(CACHE_TTL.plusSeconds(1));
        fault.applyTo(front, CA);

        Duration took = assertPermissionStoreUnavailable(harness, "alice", fault);

        assertThat(took).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
    }

    /**
     * A TLS server that answers the ClientHello one byte every 100 ms: no read waits as long as the
     * attempt timeout, yet the handshake would take many seconds. The API call timeout still ends it.
     */
    @Test
    void handleRequestWhenDynamoDbHandshakeDripsThenPermissionStoreUnavailableWithinCallTimeout() {
        try (DripTcpProxy drip = new DripTcpProxy(front.port(), Duration.ofMillis(100))) {
            HandlerHarness harness = handler(false, "https://127.0.0.1:" + drip.port());

            long start = System.nanoTime();
            assertThatThrownBy(() -> harness.invoke(event("alice")))
                    .isInstanceOf(AuthorizerFailureException.class)
                    .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
            assertThat(log.text()).doesNotContain("\"outcome\":\"ALLOW\"");
            System.out.printf("DynamoDbTlsFaultIT dripping handshake: PERMISSION_STORE_UNAVAILABLE after %d ms%n",
                    took.toMillis());
        }
    }
}
