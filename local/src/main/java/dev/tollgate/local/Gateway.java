package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local stand-in for an API Gateway REST API with a Lambda {@code REQUEST} authorizer (identity
 * source {@code method.request.header.Authorization}) in front of a demo backend.
 *
 * <p>Per request, as API Gateway does: a missing or empty identity source is 401 without invoking
 * the authorizer; a cached answer for the same identity source (within the TTL) is reused for every
 * method and path; otherwise the authorizer is invoked with a REST {@code REQUEST} event. An error
 * {@code Unauthorized} is 401; any other error, a timeout or an invalid answer is 500; the returned
 * IAM policy is evaluated against the request's method ARN ({@link PolicyEvaluator}): 403 unless
 * allowed. Allowed requests reach the {@link DemoBackend} with the authorizer's context.
 *
 * <p>Status codes and bodies are API Gateway's default gateway responses. Not emulated: usage plans
 * and API keys ({@code usageIdentifierKey} is read but not enforced), resource policies, throttling,
 * the 1600-byte method ARN limit, concurrency (one function instance handles one request at a time;
 * others queue), and caching of {@code Unauthorized} answers (only policies are cached here).
 */
public final class Gateway {

    /** API Gateway's default authorizer result TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** API Gateway's maximum authorizer result TTL. */
    public static final Duration MAX_TTL = Duration.ofSeconds(3600);
    /** The identity source header. */
    public static final String IDENTITY_HEADER = "Authorization";
    private static final int CACHE_MAX_ENTRIES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the emulated API lives; the parts of its method ARNs. */
    public record Api(String region, String accountId, String apiId, String stage) {
        public static final Api LOCAL = new Api("us-east-1", "123456789012", "local", "dev");

        /** {@code arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD><path>}. */
        public String methodArn(String method, String path) {
            return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method + path;
        }
    }

    /**
     * An HTTP request as the gateway sees it.
     *
     * @param headers header name (as received) to values, in order
     * @param query   query parameter name to values, in order
     */
    public record Request(String method, String path, Map<String, List<String>> headers,
            Map<String, List<String>> query, String sourceIp) {
        public Request {
            headers = Map.copyOf(headers);
            query = Map.copyOf(query);
        }

        /** The last value of a header, name matched case-insensitively; null when absent. */
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(e.getValue().size() - 1);
                }
            }
            return null;
        }
    }

    /** An HTTP response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }

    /** What the authorizer function answered. */
    public record Invocation(boolean error, String body, String errorMessage) {}

    /** Calls the authorizer function with one event. */
    @FunctionalInterface
    public interface AuthorizerClient {
        /**
         * Invokes the authorizer.
         *
         * @throws Exception when no answer came (timeout, the function died): the gateway answers 500
         */
        Invocation invoke(String event) throws Exception;
    }

    private record Cached(AuthorizerAnswer answer, Instant expires) {}

    private final Api api;
    private final Duration ttl;
    private final AuthorizerClient authorizer;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param ttl        authorizer result TTL, 0 (caching off) to {@link #MAX_TTL}
     * @param authorizer the authorizer function
     * @param clock      for the TTL
     * @param log        one access-log line per request
     */
    public Gateway(Api api, Duration ttl, AuthorizerClient authorizer, Clock clock, Consumer<String> log) {
        this.api = Objects.requireNonNull(api, "api");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be 0 to " + MAX_TTL.toSeconds() + " seconds, was " + ttl.toSeconds());
        }
        this.ttl = ttl;
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Binds a server to {@code port} on 127.0.0.1 (0: a free port) without serving yet, so a busy
     * port is found before anything else starts.
     *
     * @throws PortInUseException when the port is taken
     */
    public static HttpServer bind(int port) throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new PortInUseException(port);
        }
    }

    /** Starts serving on {@code server} (from {@link #bind}). */
    public void serve(HttpServer server) {
        this.server = server;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-gateway");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
    }

    /** How many times the authorizer was invoked (cache hits and missing identity sources excluded). */
    public int authorizerInvocations() {
        return invocations.get();
    }

    /** Stops serving (when serving). */
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Handles one request: authorizer, cache, policy, backend. Never throws. */
    public Response handle(Request request) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        String identity = request.header(IDENTITY_HEADER);
        String route = request.method() + " " + request.path();
        if (identity == null || identity.isBlank()) {
            return logged(route, unauthorized(requestId), "authorizer not invoked: no " + IDENTITY_HEADER + " header");
        }
        String methodArn = api.methodArn(request.method(), request.path());
        Instant now = clock.instant();
        AuthorizerAnswer answer;
        String how;
        Cached cached = ttl.isZero() ? null : cache.get(identity);
        if (cached != null && now.isBefore(cached.expires())) {
            answer = cached.answer();
            how = "authorizer result from cache";
        } else {
            Invocation invocation;
            try {
                invocations.incrementAndGet();
                invocation = authorizer.invoke(RestRequestEvent.json(api, request, methodArn, requestId, now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return logged(route, configurationError(requestId), "authorizer call interrupted");
            } catch (Exception e) {
                return logged(route, configurationError(requestId), "authorizer failed: " + e.getMessage());
            }
            how = "authorizer invoked (" + (System.nanoTime() - started) / 1_000_000 + " ms)";
            if (invocation.error()) {
                if ("Unauthorized".equals(invocation.errorMessage())) {
                    return logged(route, unauthorized(requestId), how + ": Unauthorized");
                }
                return logged(route, configurationError(requestId), how + ": error " + invocation.errorMessage());
            }
            try {
                answer = AuthorizerAnswer.parse(invocation.body());
            } catch (IllegalArgumentException e) {
                return logged(route, configurationError(requestId), how + ": invalid answer: " + e.getMessage());
            }
            if (!ttl.isZero()) {
                if (cache.size() >= CACHE_MAX_ENTRIES) {
                    cache.clear();
                }
                cache.put(identity, new Cached(answer, now.plus(ttl)));
            }
        }
        PolicyEvaluator.Verdict verdict;
        try {
            verdict = PolicyEvaluator.evaluate(answer.policyDocument(), methodArn);
        } catch (IllegalArgumentException e) {
            return logged(route, configurationError(requestId), how + ": invalid policy: " + e.getMessage());
        }
        String who = " principal=" + answer.principalId();
        return switch (verdict) {
            case ALLOW -> logged(route, DemoBackend.handle(request, api, requestId, answer), how + who);
            case IMPLICIT_DENY -> logged(route, forbidden(requestId, "User is not authorized to access this resource"),
                    how + who + ": policy does not allow " + methodArn);
            case EXPLICIT_DENY -> logged(route,
                    forbidden(requestId, "User is not authorized to access this resource with an explicit deny"),
                    how + who + ": policy denies " + methodArn);
        };
    }

    private Response logged(String route, Response response, String detail) {
        log.accept(String.format(Locale.ROOT, "%-28s -> %d  %s", route, response.status(), detail));
        return response;
    }

    static Response unauthorized(String requestId) {
        return error(401, requestId, "UnauthorizedException", "Unauthorized");
    }

    static Response forbidden(String requestId, String message) {
        return error(403, requestId, "AccessDeniedException", message);
    }

    /** API Gateway's AUTHORIZER_CONFIGURATION_ERROR / AUTHORIZER_FAILURE: 500, a null message. */
    static Response configurationError(String requestId) {
        return error(500, requestId, "AuthorizerConfigurationException", null);
    }

    private static Response error(int status, String requestId, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        if (message == null) {
            body.putNull("message");
        } else {
            body.put("message", message);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-ErrorType", type);
        return new Response(status, headers, body.toString());
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Request request = new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getPath(), headers, query(exchange.getRequestURI().getRawQuery()),
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            Response response = handle(request);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The gateway port is taken by another process. */
    public static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        public PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is already in use; stop what runs there or choose another with --port");
        }
    }
}
