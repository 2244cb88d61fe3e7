package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.TestTokens;
import dev.tollgate.testing.TlsFault;
import dev.tollgate.testing.TlsFront;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS trust of the production handler is the JVM's, and nothing else: tollgate built exactly
 * as Lambda builds it ({@code new AuthorizerHandler()}, settings from the environment) runs in a
 * child JVM started with {@code -Djavax.net.ssl.trustStore=<JDK CAs + a test CA>} (as a deployment
 * would set it, e.g. in {@code JAVA_TOOL_OPTIONS}), against an issuer and dynalite on loopback
 * HTTPS. No test code touches the child's TLS defaults: that the test CA's certificates are
 * accepted there proves the property is what the production code trusts, for the issuer and for
 * DynamoDB; that a certificate from another CA is refused proves nothing else is.
 * The in-process suites ({@link IssuerTlsFaultIT}, {@link DynamoDbTlsFaultIT}) cover every fault
 * with the same defaults set in process, which this test shows equivalent.
 *
 * <p>Costs one JVM start (about 2 s).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JvmTrustStoreIT {
    private static final String TABLE = "tollgate-permissions";
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration JWKS_FETCH_BUDGET = Duration.ofMillis(300 + 2 * 400);
    private static final Duration SLACK = Duration.ofMillis(300);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private static final TestTls CA = TestTls.newCa("tollgate JvmTrustStoreIT CA");
    private static final TestTls.ServerCert GOOD = CA.issue("IP:127.0.0.1", "DNS:localhost");
    private static DynaliteServer dynalite;

    private LoopbackIssuer issuer;
    private TlsFront issuerFront;
    private TlsFront dynamoDbFront;
    private Child child;

    @BeforeAll
    static void startDynalite() {
        dynalite = DynamoDbTlsFaultIT.startDynaliteGranting(TABLE, "GET /orders/*", "alice", "bob");
    }

    @AfterAll
    static void stopDynalite() {
        if (dynalite != null) {
            dynalite.stop();
        }
    }

    @BeforeEach
    void startServers() {
        issuer = LoopbackIssuer.start(TestKeys.jwks());
        issuerFront = TlsFront.start(URI.create(issuer.issuer()).getPort(), GOOD);
        issuer.serveDiscovery("{\"issuer\":\"" + httpsIssuer() + "\",\"jwks_uri\":\"" + httpsIssuer() + "/jwks.json\"}");
        dynamoDbFront = TlsFront.start(dynalite.port(), GOOD);
    }

    @AfterEach
    void stopServers() {
        if (child != null) {
            child.close();
        }
        dynamoDbFront.close();
        issuerFront.close();
        issuer.close();
    }

    private String httpsIssuer() {
        return issuerFront.endpoint().toString();
    }

    @Test
    void handleRequestWhenJvmTrustStoreHoldsTheCaThenAllowAndOtherCaRefusedClosed(@TempDir Path dir) throws Exception {
        Path trustStore = CA.writeTrustStore(dir.resolve("trust.p12"));
        child = Child.start(trustStore, Map.ofEntries(
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", "tollgate-tls-it"), // Lambda's wiring (credentials from the environment)
                Map.entry("AWS_REGION", DynaliteTables.REGION),
                Map.entry("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID),
                Map.entry("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbFront.endpoint().toString()),
                Map.entry("TOLLGATE_ISSUER", httpsIssuer()),
                Map.entry("TOLLGATE_AUDIENCE", TestTokens.AUDIENCE),
                Map.entry("TOLLGATE_PERMISSIONS_TABLE", TABLE),
                Map.entry("TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS", String.valueOf(CALL_TIMEOUT.toMillis())),
                Map.entry("TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS", "400"),
                Map.entry("TOLLGATE_DYNAMODB_MAX_RETRIES", "1"),
                Map.entry("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", "300"),
                Map.entry("TOLLGATE_JWKS_READ_TIMEOUT_MS", "400"),
                Map.entry("TOLLGATE_JWKS_CACHE_TTL_SECONDS", "1"),
                Map.entry("TOLLGATE_JWKS_MAX_STALE_SECONDS", "0"),
                Map.entry("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0")));

        // Both dependencies over TLS, trusted through the JVM's trust store only.
        String allowed = child.invoke(event("alice"));
        assertThat(allowed).startsWith("OK ").contains("\"Effect\":\"Allow\"");
        assertThat(issuerFront.handshakes()).isGreaterThanOrEqualTo(1);
        assertThat(dynamoDbFront.handshakes()).isGreaterThanOrEqualTo(1);

        // DynamoDB presents a certificate of another CA: not cached -> 500 within the call timeout ...
        TlsFault.UNTRUSTED_CA.applyTo(dynamoDbFront, CA);
        int dynamoDbConnections = dynamoDbFront.connections();
        String refused = child.invoke(event("bob"));
        assertThat(refused).startsWith("FAIL ").endsWith("Internal error: PERMISSION_STORE_UNAVAILABLE");
        assertThat(millisOf(refused)).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK).toMillis());
        assertThat(dynamoDbFront.connections()).as("DynamoDB was asked").isGreaterThan(dynamoDbConnections);
        assertThat(child.log()).contains("unable to find valid certification path");
        // ... while a cached principal keeps its normal decision.
        assertThat(child.invoke(event("alice"))).startsWith("OK ").contains("\"Effect\":\"Allow\"");
        // Any key fetch so far (init, or a refresh after the 1 s TTL) was done by now, with the trusted certificate.
        Instant keysFetched = Instant.now();

        // The issuer presents a certificate of another CA once the keys are too old (TTL 1 s, no max stale): 500.
        TlsFault.UNTRUSTED_CA.applyTo(issuerFront, CA);
        int issuerConnections = issuerFront.connections();
        long wait = Duration.between(Instant.now(), keysFetched.plusMillis(1100)).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        String unavailable = child.invoke(event("alice"));
        assertThat(unavailable).startsWith("FAIL ").endsWith("Internal error: JWKS_UNAVAILABLE");
        assertThat(millisOf(unavailable)).isLessThanOrEqualTo(JWKS_FETCH_BUDGET.plus(SLACK).toMillis());
        assertThat(issuerFront.connections()).as("the issuer was asked").isGreaterThan(issuerConnections);
        assertThat(child.log()).contains("\"reason\":\"JWKS_UNAVAILABLE\"");
        System.out.printf("JvmTrustStoreIT: child started in %d ms; allow [%s ms], DynamoDB untrusted [%s ms],"
                + " issuer untrusted [%s ms]%n", child.startMillis, millisOf(allowed), millisOf(refused),
                millisOf(unavailable));
    }

    private String event(String principal) {
        Instant now = Instant.now();
        String token = TestTokens.token().claim("iss", httpsIssuer()).subject(principal)
                .claim("iat", now.getEpochSecond()).expiresAt(now.plusSeconds(300))
                // No jti: the permission cache keys a token with a jti on it (its own revocation answer),
                // and this test needs alice's entry to serve her next token.
                .claim("jti", null)
                .bearer();
        return tokenEvent(token, ARN);
    }

    private static long millisOf(String answer) {
        String[] parts = answer.split(" ", 3);
        return Long.parseLong(parts[1]);
    }

    /** The child JVM running {@link ForkedHandlerMain}. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Writer input;
        private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final List<String> log = new ArrayList<>();
        long startMillis;

        private Child(Process process) {
            this.process = process;
            this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "forked-handler-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path trustStore, Map<String, String> environment) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + TestTls.TRUST_STORE_PASSWORD,
                    "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-XX:TieredStopAtLevel=1", // a short-lived JVM: C1 only starts faster
                    "-cp", System.getProperty("java.class.path"),
                    ForkedHandlerMain.class.getName())
                    .redirectErrorStream(true);
            // Only what is given here configures the child: none of this JVM's AWS or tollgate variables.
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("TOLLGATE_")
                    || name.startsWith("JAVA_TOOL_OPTIONS") || name.startsWith("JDK_JAVA_OPTIONS"));
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            Child child = new Child(builder.start());
            String ready = child.answer();
            child.startMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(ready).as("child started; its output: %s", child.log()).isEqualTo("READY");
            return child;
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(ForkedHandlerMain.PREFIX)) {
                        answers.add(line.substring(ForkedHandlerMain.PREFIX.length()));
                    } else {
                        synchronized (log) {
                            log.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // the child went away: answer() reports it
            }
            answers.add("EXITED");
        }

        String invoke(String event) throws Exception {
            input.write(event.replace('\n', ' ') + "\n");
            input.flush();
            return answer();
        }

        private String answer() throws InterruptedException {
            String answer = answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(answer).as("an answer from the child; its output: %s", log()).isNotNull().isNotEqualTo("EXITED");
            return answer;
        }

        String log() {
            synchronized (log) {
                return String.join("\n", log);
            }
        }

        @Override
        public void close() {
            try {
                input.close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
