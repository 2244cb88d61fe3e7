package dev.tollgate.dynamodb;

import static dev.tollgate.dynamodb.ScriptedHttpServer.*;
import static dev.tollgate.dynamodb.TestTableReads.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tollgate.permission.PermissionStoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link UrlConnectionExchange} under {@link HttpTableReads}, against loopback servers that stall,
 * drip or overflow: every exchange ends within its deadline, responses are bounded, connections
 * are opened ahead ({@code connect}) and reused, and a failed exchange leaves nothing behind for
 * the next one. Timeouts are a few hundred ms, so the class runs in a few seconds.
 */
class UrlConnectionExchangeTest {
    /** The call budget of the tests of servers that stall or drip. */
    private static final long CALL_BUDGET_MS = 900;

    @RegisterExtension
    final ScriptedHttpServer server = ScriptedHttpServer.start();

    @Test
    void callWhenServerStallsThenFailsWithinTheCallTimeout() {
        Duration callTimeout = Duration.ofMillis(CALL_BUDGET_MS);
        server.respondAlways(request -> stall(Duration.ofSeconds(30)));
        HttpTableReads reads = readsAt(server.uri(), BASIC, callTimeout, Duration.ofMillis(250), 10);

        long start = System.nanoTime();
        PermissionStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(
                PermissionStoreException.class, () -> reads.getItem(getRead("alice"))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.getMessage()).contains("GetItem on table " + TABLE).contains("timed out");
        assertThat(elapsed).isLessThan(callTimeout.plusSeconds(1)).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        // Attempts of 250 ms each in a 900 ms budget: more than one, never all 11.
        List<Received> requests = server.requests();
        assertThat(requests.size()).isBetween(2, 4);
        // Each attempt waited out its own timeout before the next began; none started past the budget.
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Duration.ofNanos(requests.get(i).arrivalNanos() - requests.get(i - 1).arrivalNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(230));
        }
        assertThat(Duration.ofNanos(requests.get(requests.size() - 1).arrivalNanos() - start)).isLessThan(callTimeout);
    }

    @Test
    void callWhenServerStallsAfterTheHeadersThenFailsWithinTheCallTimeout() {
        server.respondAlways(request -> exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"Item\":".getBytes(UTF_8));
            exchange.getResponseBody().flush();
            sleep(Duration.ofSeconds(30));
        });
        assertCallTimesOutWithinItsBudget(server.uri());
    }

    @Test
    void callWhenServerDripsTheBodyThenFailsWithinTheCallTimeout() {
        // Each byte arrives well within the read timeout; only the attempt deadline stops the read.
        server.respondAlways(request -> exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"Item\":{}".getBytes(UTF_8));
            for (int i = 0; i < 300; i++) {
                out.write(' ');
                out.flush();
                sleep(Duration.ofMillis(50));
            }
            out.write('}');
            out.close();
        });
        assertCallTimesOutWithinItsBudget(server.uri());
    }

    @Test
    void callWhenServerDripsTheHeadersThenFailsWithinTheCallTimeout() throws Exception {
        // The JDK parses the status line and headers without a deadline: a byte every 50 ms never
        // trips the socket's read timeout.
        try (DrippingHttpServer dripping = new DrippingHttpServer()) {
            assertCallTimesOutWithinItsBudget(loopback(dripping.port()));
        }
    }

    @Test
    void callWhenHeadersArriveLateAndTheBodyStallsThenFailsWithinTheCallTimeout() throws Exception {
        // The socket's read timeout was fixed at connect; after late headers it cannot shorten.
        try (DrippingHttpServer late = new DrippingHttpServer(out -> {
            Thread.sleep(200);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{\"Item\":"
                    .getBytes(UTF_8));
            out.flush();
            Thread.sleep(30_000);
        })) {
            assertCallTimesOutWithinItsBudget(loopback(late.port()));
        }
    }

    @Test
    void callWhenChunkedTrailersDripThenFailsWithinTheCallTimeout() throws Exception {
        // The JDK reads trailers inside one read() call: no deadline check between reads would run.
        try (DrippingHttpServer trailers = new DrippingHttpServer(out -> DrippingHttpServer.drip(out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\nX-Trailer: "))) {
            assertCallTimesOutWithinItsBudget(loopback(trailers.port()));
        }
    }

    @Test
    void callWhenResponseIsLargerThanTheBoundThenFailsAtOnce() {
        server.respondAlways(request -> exchange -> {
            // Streamed (chunked): the size is not announced, only reading finds it out.
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent <= 2L * UrlConnectionExchange.MAX_RESPONSE_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                // expected: the client stops reading at the bound
            }
        });

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("larger than " + UrlConnectionExchange.MAX_RESPONSE_BYTES + " bytes")
                .hasMessageContaining("(1 attempt)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenResponseIsExactlyTheBoundThenRead() {
        server.enqueue(padded(UrlConnectionExchange.MAX_RESPONSE_BYTES));

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).isNull();
    }

    @Test
    void callWhenResponseIsOneByteOverTheBoundThenFails() {
        server.enqueue(padded(UrlConnectionExchange.MAX_RESPONSE_BYTES + 1));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void callWhenResponseIsCutShortThenRetried() {
        server.enqueue(exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"Item\":{\"princ".getBytes(UTF_8));
            exchange.getResponseBody().flush();
            exchange.close(); // fewer bytes than announced: the server closes the connection
        });
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenConnectionRefusedThenFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpTableReads reads = readsAt(loopback(closedPort), BASIC, Duration.ofSeconds(2), Duration.ofMillis(500), 2);

        assertThatThrownBy(() -> reads.getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem on table " + TABLE)
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("(3 attempts)");
    }

    /** The read fails with "timed out" within the call timeout (plus 300 ms of slack), never hanging. */
    /**
     * A read from {@code endpoint} with a {@value #CALL_BUDGET_MS} ms call budget of 250 ms attempts
     * (10 retries) fails as timed out, at most 300 ms past the budget.
     */
    private static void assertCallTimesOutWithinItsBudget(URI endpoint) {
        Duration callTimeout = Duration.ofMillis(CALL_BUDGET_MS);
        HttpTableReads reads = readsAt(endpoint, BASIC, callTimeout, Duration.ofMillis(250), 10);
        long start = System.nanoTime();
        PermissionStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(
                PermissionStoreException.class, () -> reads.getItem(getRead("alice"))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.getMessage()).contains("timed out");
        assertThat(elapsed).isLessThan(callTimeout.plusMillis(300));
    }

    @Test
    void callsWhenSequentialThenEachSucceeds() {
        server.respondAlways(request -> json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = readsAt(server.uri(), BASIC);

        for (int i = 0; i < 5; i++) {
            assertThat(reads.getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        }
        assertThat(server.requests()).hasSize(5);
        assertThat(server.connections()).isBetween(1, 5);
    }

    @Test
    void connectWhenCalledThenUnsignedHealthCheckAndTheFirstReadReusesItsConnection() throws Exception {
        server.enqueue(json(200, "healthy: dynamodb.eu-west-1.amazonaws.com ", Map.of("Content-Type", "text/plain")));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = readsAt(server.uri(), BASIC);

        reads.connect();
        assertThat(reads.getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));

        List<Received> requests = server.requests();
        assertThat(requests).extracting(Received::method).containsExactly("GET", "POST");
        assertThat(requests.get(0).header("Authorization")).as("no signature, no credentials").isNull();
        assertThat(server.connections()).as("the read took the warmed connection").isEqualTo(1);
    }

    @Test
    void connectWhenTheServerDripsItsHeadersThenFailsWithinTheAttemptTimeout() throws Exception {
        try (DrippingHttpServer dripping = new DrippingHttpServer()) {
            HttpTableReads reads = readsAt(loopback(dripping.port()), BASIC, Duration.ofSeconds(2), Duration.ofMillis(300), 0);
            long start = System.nanoTime();
            assertThatThrownBy(reads::connect).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
        }
    }

    @Test
    void connectWhenEndpointDownThenFailsWithinTheAttemptTimeout() {
        HttpTableReads reads = readsAt(server.uri(), BASIC, Duration.ofMillis(300), Duration.ofMillis(300), 0);
        server.close();
        long start = System.nanoTime();
        assertThatThrownBy(reads::connect).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void callWhenPreviousCallGotAnErrorThenNextCallWorks() {
        server.enqueue(json(400, "{\"__type\":\"ValidationException\",\"message\":\"bad\"}"));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = readsAt(server.uri(), BASIC);

        assertThatThrownBy(() -> reads.getItem(getRead("alice"))).isInstanceOf(PermissionStoreException.class);
        assertThat(reads.getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenPreviousCallTimedOutOrOverflowedThenNextCallWorks() {
        server.enqueue(stall(Duration.ofSeconds(30)));
        server.enqueue(padded(UrlConnectionExchange.MAX_RESPONSE_BYTES + 1));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = readsAt(server.uri(), BASIC, Duration.ofMillis(300), Duration.ofMillis(300), 0);

        assertThatThrownBy(() -> reads.getItem(getRead("alice"))).hasMessageContaining("timed out");
        HttpTableReads patient = readsAt(server.uri(), BASIC, Duration.ofSeconds(5), Duration.ofSeconds(5), 0);
        assertThatThrownBy(() -> patient.getItem(getRead("alice"))).hasMessageContaining("larger than");
        assertThat(patient.getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void callsWhenConcurrentThenEachGetsItsOwnAnswer() throws Exception {
        server.respondAlways(request -> {
            String key = request.json().path("Key").path("principal").path("S").textValue();
            return json(200, "{\"Item\":{\"principal\":{\"S\":\"" + key + "\"}}}");
        });
        HttpTableReads reads = readsAt(server.uri(), BASIC);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String principal = "user-" + i;
                results.add(pool.submit(() -> Attribute.s(principal)
                        .equals(reads.getItem(getRead(principal)).get("principal"))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests()).hasSize(64);
    }
}
