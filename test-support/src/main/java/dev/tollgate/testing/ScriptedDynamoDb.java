package dev.tollgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A loopback HTTP server speaking DynamoDB's JSON protocol from a script: each request is recorded
 * and answered by a test-given function. For what dynalite cannot do (throttle, leave keys
 * unprocessed, answer garbage), so the transport meets them on a real socket.
 */
public final class ScriptedDynamoDb implements AutoCloseable {

    /** One request as it arrived: the operation (from {@code X-Amz-Target}), headers (lower-case names) and body. */
    public record Request(String operation, Map<String, String> headers, String body) {}

    /** One answer. */
    public record Reply(int status, String body) {
        public static Reply ok(String body) {
            return new Reply(200, body);
        }

        /** A DynamoDB error document: {@code {"__type": "com.amazonaws.dynamodb.v20120810#<type>", ...}}. */
        public static Reply error(int status, String type, String message) {
            return new Reply(status, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\""
                    + message + "\"}");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script = request -> Reply.error(500, "InternalServerError", "no script");

    private ScriptedDynamoDb() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-dynamodb");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server that answers every request with HTTP 500 until {@link #answer} is called. */
    public static ScriptedDynamoDb start() {
        try {
            return new ScriptedDynamoDb();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** Answers every request from now on with {@code script}'s reply. */
    public void answer(Function<Request, Reply> script) {
        this.script = script;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one operation ({@code GetItem}, {@code BatchGetItem}) so far. */
    public List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).collect(Collectors.toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue()),
                            (a, b) -> a + "," + b));
            String target = headers.getOrDefault("x-amz-target", "");
            Request request = new Request(target.substring(target.lastIndexOf('.') + 1), headers,
                    new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = script.apply(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            // The client gave up, or the script threw: the client sees a cut connection.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
