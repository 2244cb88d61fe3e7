package dev.tollgate.dynamodb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback HTTP server answering from a queue of replies (then a default), recording every request.
 * Registered as a test's extension ({@code @RegisterExtension final ScriptedHttpServer server =
 * ScriptedHttpServer.start();}) it stops after each test.
 */
final class ScriptedHttpServer implements AutoCloseable, AfterEachCallback {

    /** One request as the server received it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body, long arrivalNanos) {
        /** The first value of a header, by case-insensitive name; null when absent. */
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return TestTableReads.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + new String(body, UTF_8), e);
            }
        }
    }

    /** How the server answers one request. */
    @FunctionalInterface
    interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    static Reply json(int status, String body) {
        return json(status, body, Map.of());
    }

    static Reply json(int status, String body, Map<String, String> headers) {
        byte[] bytes = body.getBytes(UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    static Reply empty(int status) {
        return exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    /** {@code {}} padded with spaces to exactly {@code length} bytes, with a Content-Length. */
    static Reply padded(int length) {
        return exchange -> {
            exchange.sendResponseHeaders(200, length);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                for (int left = length - 2; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
                out.write('}');
            } catch (IOException clientHungUp) {
                // the client may stop reading at its bound
            }
        };
    }

    /** Answers nothing for {@code duration} (or until the server stops). */
    static Reply stall(Duration duration) {
        return exchange -> {
            TestTableReads.sleep(duration);
            exchange.close();
        };
    }

    private final HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-dynamodb");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> remotes = Collections.synchronizedMap(new TreeMap<>());
    private volatile Function<Received, Reply> otherwise =
            request -> json(500, "{\"__type\":\"InternalServerError\",\"message\":\"unscripted request\"}");

    ScriptedHttpServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        http.setExecutor(executor);
        http.createContext("/", exchange -> {
            try {
                long arrival = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
                Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Collections.unmodifiableMap(headers), body, arrival);
                requests.add(request);
                remotes.put(exchange.getRemoteAddress().toString(), true);
                Reply reply = script.poll();
                (reply != null ? reply : otherwise.apply(request)).send(exchange);
            } finally {
                exchange.close();
            }
        });
        http.start();
    }

    /** A started server; an I/O failure to bind is unchecked, so a field initialiser can call this. */
    static ScriptedHttpServer start() {
        try {
            return new ScriptedHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scripted loopback server", e);
        }
    }

    int port() {
        return http.getAddress().getPort();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    void enqueue(Reply reply) {
        script.add(reply);
    }

    void respondAlways(Function<Received, Reply> reply) {
        otherwise = reply;
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    Received onlyRequest() {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** Distinct client sockets seen. */
    int connections() {
        return remotes.size();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
