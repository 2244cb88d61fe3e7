package dev.tollgate.testing.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Lambda Runtime API (version 2018-06-01) for one function process, on 127.0.0.1.
 *
 * <p>The runtime interface client of the launched JVM talks to it exactly as it talks to Lambda:
 * it long-polls {@code GET /2018-06-01/runtime/invocation/next}, then posts
 * {@code /invocation/{id}/response} or {@code /invocation/{id}/error}; a failed init posts
 * {@code /init/error}. For SnapStart-style runs the client first calls
 * {@code GET /2018-06-01/runtime/restore/next} after its {@code beforeCheckpoint} hooks, and this
 * server holds it until {@link #restore()} (or answers at once when built with auto-restore).
 *
 * <p>Use: {@link #start()}, give {@link #address()} to the function as
 * {@code AWS_LAMBDA_RUNTIME_API}, {@link #enqueue(String)} events and wait on the returned futures.
 * Events are handed out one at a time in order, as Lambda does for one execution environment.
 * Timestamps are {@link System#nanoTime()} values of this process.
 *
 * <p>It is JDK-only (no JSON library) so tests and local tools can reuse it as is. It stays one
 * class: the queue, the in-flight invocations and the lifecycle futures are one state that every
 * handler and every public method reads and changes, and the nested records are the values of that
 * same protocol; a split would only pass that state across a class boundary.
 */
public final class LocalRuntimeApi implements AutoCloseable {

    /** Lambda's deadline for an invocation when none is given: the longest a function may run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:123456789012:function:tollgate-local";
    private static final String PREFIX = "/2018-06-01/runtime/";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: every invocation then costs ~40 ms. Read once, when the JDK server classes
        // initialise, so a process that already started an HttpServer must set it itself, earlier.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** An event to hand to the function, with the optional headers Lambda sends only when set. */
    public record Event(String body, String functionArn, Duration timeout, String clientContext,
            String cognitoIdentity) {
        public Event {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(functionArn, "functionArn");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** An event with the default ARN and timeout and no client context or identity. */
        public static Event of(String body) {
            return new Event(body, DEFAULT_FUNCTION_ARN, DEFAULT_TIMEOUT, null, null);
        }
    }

    /**
     * What the function answered for one event.
     *
     * @param requestId      the {@code Lambda-Runtime-Aws-Request-Id} handed out
     * @param body           the posted response body, or the error JSON when {@code error}
     * @param error          true when the function posted to {@code /error}
     * @param errorType      the {@code Lambda-Runtime-Function-Error-Type} header of an error; may be null
     * @param enqueuedNanos  when {@link #enqueue} was called
     * @param deliveredNanos when {@code /next} returned the event to the function
     * @param respondedNanos when the response (or error) was received, before it was acknowledged
     */
    public record Result(String requestId, String body, boolean error, String errorType,
            long enqueuedNanos, long deliveredNanos, long respondedNanos) {

        /** Event delivered to response received: the function's own handling time, in nanoseconds. */
        public long invokeNanos() {
            return respondedNanos - deliveredNanos;
        }

        /** The {@code errorMessage} of an error body (a flat JSON string value), or null. */
        public String errorMessage() {
            return error ? JsonStrings.field(body, "errorMessage") : null;
        }
    }

    /** A {@code /init/error} or {@code /restore/error} report. */
    public record InitError(String path, String body, String errorType, long receivedNanos) {
        public String errorMessage() {
            return JsonStrings.field(body, "errorMessage");
        }
    }

    private record Pending(String requestId, Event event, long enqueuedNanos, CompletableFuture<Result> result) {}

    private static final Pending POISON = new Pending("", Event.of("{}"), 0, new CompletableFuture<>());

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreRequested = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreReleased = new CompletableFuture<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private volatile boolean closed;

    private LocalRuntimeApi(HttpServer server, ExecutorService executor, boolean autoRestore) {
        this.server = server;
        this.executor = executor;
        if (autoRestore) {
            restoreReleased.complete(0L);
        }
    }

    /** Starts a server on a free loopback port; {@code /restore/next} answers at once. */
    public static LocalRuntimeApi start() throws IOException {
        return start(true);
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @param autoRestore when false, {@code /restore/next} waits for {@link #restore()}
     */
    public static LocalRuntimeApi start(boolean autoRestore) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Daemon threads: a blocked /next must never keep a test or harness JVM alive.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-runtime-api");
            t.setDaemon(true);
            return t;
        });
        LocalRuntimeApi api = new LocalRuntimeApi(server, executor, autoRestore);
        server.createContext(PREFIX, api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Queues an event with default headers; see {@link #enqueue(Event)}. */
    public CompletableFuture<Result> enqueue(String body) {
        return enqueue(Event.of(body));
    }

    /**
     * Queues an event for the next {@code /next} call.
     *
     * @return completes with the function's answer; fails when the function reports an init error,
     *     when {@link #fail} is called (the process died) or when this server closes
     */
    public CompletableFuture<Result> enqueue(Event event) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("runtime API closed"));
        }
        String id = "req-" + sequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        Pending pending = new Pending(id, event, System.nanoTime(), new CompletableFuture<>());
        queue.add(pending);
        return pending.result();
    }

    /** Completes with the nanoTime of the first {@code /next} call: the function's init is over. */
    public CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    /** Completes with the nanoTime of the {@code /restore/next} call: the checkpoint hooks ran. */
    public CompletableFuture<Long> restoreRequested() {
        return restoreRequested;
    }

    /** Completes when the function reports {@code /init/error} or {@code /restore/error}. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    /** Lets a waiting {@code /restore/next} return: the "snapshot" is restored now. */
    public void restore() {
        restoreReleased.complete(System.nanoTime());
    }

    /** The nanoTime at which {@code /restore/next} was released, once it was. */
    public CompletableFuture<Long> restoreReleased() {
        return restoreReleased;
    }

    /** Fails every queued and in-flight invocation, e.g. because the function process exited. */
    public void fail(Throwable cause) {
        List<Pending> drained = new ArrayList<>();
        queue.drainTo(drained);
        drained.addAll(inFlight.values());
        inFlight.clear();
        for (Pending p : drained) {
            p.result().completeExceptionally(cause);
        }
        firstNext.completeExceptionally(cause);
        restoreRequested.completeExceptionally(cause);
    }

    @Override
    public void close() {
        closed = true;
        fail(new IllegalStateException("runtime API closed"));
        queue.add(POISON);
        restoreReleased.complete(System.nanoTime());
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                restoreNext(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                answer(exchange, path.substring("invocation/".length(), path.length() - "/response".length()), false);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                answer(exchange, path.substring("invocation/".length(), path.length() - "/error".length()), true);
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                long now = System.nanoTime();
                String body = readBody(exchange);
                InitError error = new InitError(path, body,
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), now);
                initError.complete(error);
                send(exchange, 202, "{\"status\":\"OK\"}");
                fail(new FunctionInitException(error));
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstNext.complete(System.nanoTime());
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (pending == POISON) {
            queue.add(POISON);
            send(exchange, 500, "{\"errorMessage\":\"shutting down\",\"errorType\":\"Shutdown\"}");
            return;
        }
        Event event = pending.event();
        inFlight.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        // The client's native code crashes (SIGSEGV) on a /next answer without Content-Type.
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + event.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", event.functionArn());
        headers.set("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                        + String.format("%024x", sequence.get()) + ";Parent=0000000000000000;Sampled=0");
        if (event.clientContext() != null) {
            headers.set("Lambda-Runtime-Client-Context", event.clientContext());
        }
        if (event.cognitoIdentity() != null) {
            headers.set("Lambda-Runtime-Cognito-Identity", event.cognitoIdentity());
        }
        byte[] bytes = event.body().getBytes(StandardCharsets.UTF_8);
        deliveredAt.put(pending.requestId(), System.nanoTime());
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void restoreNext(HttpExchange exchange) throws IOException {
        restoreRequested.complete(System.nanoTime());
        try {
            restoreReleased.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally
        }
        send(exchange, 200, "");
    }

    private void answer(HttpExchange exchange, String requestId, boolean error) throws IOException {
        long now = System.nanoTime();
        String body = readBody(exchange);
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        send(exchange, 202, "{\"status\":\"OK\"}");
        Long delivered = deliveredAt.remove(requestId);
        pending.result().complete(new Result(requestId, body, error,
                error ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") : null,
                pending.enqueuedNanos(), delivered == null ? now : delivered, now));
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The function reported an init (or restore) error; pending invocations fail with this. */
    public static final class FunctionInitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InitError error;

        public FunctionInitException(InitError error) {
            super("function init failed (" + error.path() + "): " + error.errorMessage());
            this.error = error;
        }

        public InitError error() {
            return error;
        }
    }
}
