package dev.tollgate.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local stand-in for API Gateway in front of a demo backend, emulating one {@link EmulatedApi}:
 * a REST API with a {@code REQUEST} or {@code TOKEN} authorizer, or an HTTP API with a Lambda
 * authorizer (payload 2.0 with simple or IAM policy responses, or payload 1.0).
 *
 * <p>Per request, in API Gateway's order: a missing or empty identity source is 401 without
 * invoking the authorizer (TOKEN: also a token not matching {@link EmulatedApi#TOKEN_VALIDATION});
 * an answer cached for the same identity-source values within the TTL ({@link AuthorizerCache}) is
 * reused for every method and path; otherwise the authorizer is invoked with the event API Gateway
 * builds ({@link RestRequestEvent}, {@link RestTokenEvent}, {@link HttpApiEvent}). An error
 * {@code Unauthorized} is 401; any other error, a timeout or an answer API Gateway would refuse is
 * 500; the answer decides the route ({@link AuthorizerAnswer#verdictFor}: an IAM policy evaluated
 * against the method or route ARN by {@link PolicyEvaluator}, or {@code isAuthorized}): 403 unless
 * allowed. Allowed requests reach the {@link DemoBackend} with the authorizer's context. Bodies and
 * headers are API Gateway's default gateway responses ({@link GatewayResponses}).
 *
 * <p>Not emulated: usage plans and API keys ({@code usageIdentifierKey} is read, not enforced),
 * resource policies, throttling, the 1600-byte method ARN limit, concurrency (one function instance
 * handles one request at a time; others queue), and caching of {@code Unauthorized} answers.
 */
public final class Gateway {

    /** API Gateway's default authorizer result TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** API Gateway's maximum authorizer result TTL. */
    public static final Duration MAX_TTL = Duration.ofSeconds(3600);
    /** The identity source header (token source of the TOKEN authorizer). */
    public static final String IDENTITY_HEADER = "Authorization";

    /**
     * An HTTP request as the gateway sees it.
     *
     * @param headers  header name (as received) to values, in order
     * @param query    query parameter name to decoded values, in order
     * @param rawQuery the query string as sent, without {@code ?}; empty when none
     */
    public record Request(String method, String path, Map<String, List<String>> headers,
            Map<String, List<String>> query, String rawQuery, String sourceIp) {
        public Request {
            headers = Map.copyOf(headers);
            query = Map.copyOf(query);
            Objects.requireNonNull(rawQuery, "rawQuery");
        }

        /** A request whose raw query string is {@code query} encoded. */
        public Request(String method, String path, Map<String, List<String>> headers, Map<String, List<String>> query,
                String sourceIp) {
            this(method, path, headers, query, encode(query), sourceIp);
        }

        /** The last value of a header, name matched case-insensitively; null when absent. */
        public String header(String name) {
            List<String> values = headerValues(name);
            return values.isEmpty() ? null : values.get(values.size() - 1);
        }

        /** Every value of a header, in every spelling of its name, in order. */
        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            headers.forEach((key, list) -> {
                if (key.equalsIgnoreCase(name)) {
                    values.addAll(list);
                }
            });
            return values;
        }

        private static String encode(Map<String, List<String>> query) {
            List<String> pairs = new ArrayList<>();
            query.forEach((name, values) -> values.forEach(v -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
            return String.join("&", pairs);
        }
    }

    /** An HTTP response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }

    private final EmulatedApi api;
    private final ApiStage stage;
    private final AuthorizerClient authorizer;
    private final Clock clock;
    private final Consumer<String> log;
    private final AuthorizerCache cache;
    private final GatewayResponses responses;
    private final AtomicInteger invocations = new AtomicInteger();

    /**
     * @param api        what to emulate
     * @param ttl        authorizer result TTL, 0 (caching off) to {@link #MAX_TTL}
     * @param authorizer the authorizer function
     * @param clock      for the TTL and the events' request time
     * @param log        one access-log line per request
     */
    public Gateway(EmulatedApi api, Duration ttl, AuthorizerClient authorizer, Clock clock, Consumer<String> log) {
        this.api = Objects.requireNonNull(api, "api");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be 0 to " + MAX_TTL.toSeconds() + " seconds, was " + ttl.toSeconds());
        }
        this.stage = api.stage();
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.cache = new AuthorizerCache(ttl, clock);
        this.responses = new GatewayResponses(api);
    }

    /** How many times the authorizer was invoked (cache hits and refusals before invoking excluded). */
    public int authorizerInvocations() {
        return invocations.get();
    }

    /** What this gateway emulates. */
    public EmulatedApi api() {
        return api;
    }

    /** Handles one request: identity sources, cache, authorizer, answer, backend. Never throws. */
    public Response handle(Request request) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        String route = request.method() + " " + request.path();
        HttpApiRoute httpRoute = api.isHttp() ? HttpApiRoute.of(request.method(), request.path()) : null;
        List<String> sources = identitySources(request, httpRoute);
        if (sources == null) {
            return logged(route, responses.unauthorized(requestId), "authorizer not invoked: no " + IDENTITY_HEADER + " header");
        }
        if (api == EmulatedApi.REST_TOKEN && !EmulatedApi.TOKEN_VALIDATION.matcher(sources.get(0)).matches()) {
            return logged(route, responses.unauthorized(requestId),
                    "authorizer not invoked: token does not match the validation expression");
        }
        String arn = stage.methodArn(request.method(), request.path());
        AuthorizerAnswer answer = cache.get(sources);
        String how = "authorizer result from cache";
        if (answer == null) {
            AuthorizerClient.Invocation invocation;
            try {
                invocations.incrementAndGet();
                invocation = authorizer.invoke(event(request, httpRoute, sources, arn, requestId, clock.instant()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return logged(route, responses.authorizerError(requestId), "authorizer call interrupted");
            } catch (Exception e) {
                return logged(route, responses.authorizerError(requestId), "authorizer failed: " + e.getMessage());
            }
            how = "authorizer invoked (" + (System.nanoTime() - started) / 1_000_000 + " ms)";
            if (invocation.error()) {
                if ("Unauthorized".equals(invocation.errorMessage())) {
                    return logged(route, responses.unauthorized(requestId), how + ": Unauthorized");
                }
                return logged(route, responses.authorizerError(requestId), how + ": error " + invocation.errorMessage());
            }
            try {
                answer = AuthorizerAnswer.parse(invocation.body(), api);
            } catch (IllegalArgumentException e) {
                return logged(route, responses.authorizerError(requestId), how + ": invalid answer: " + e.getMessage());
            }
            cache.put(sources, answer);
        }
        PolicyEvaluator.Verdict verdict;
        try {
            verdict = answer.verdictFor(arn);
        } catch (IllegalArgumentException e) {
            return logged(route, responses.authorizerError(requestId), how + ": invalid policy: " + e.getMessage());
        }
        String who = answer instanceof AuthorizerAnswer.Policy policy ? " principal=" + policy.principalId()
                : " isAuthorized=" + (verdict == PolicyEvaluator.Verdict.ALLOW);
        String key = httpRoute == null ? "" : " routeKey=" + httpRoute.routeKey();
        return switch (verdict) {
            case ALLOW -> logged(route, DemoBackend.handle(request, api, httpRoute, requestId, answer,
                    responses.headers(requestId)), how + who + key);
            case IMPLICIT_DENY -> logged(route, responses.forbidden(requestId), how + who + key
                    + (answer instanceof AuthorizerAnswer.Simple ? "" : ": policy does not allow " + arn));
            case EXPLICIT_DENY -> logged(route, responses.explicitlyDenied(requestId),
                    how + who + key + ": policy denies " + arn);
        };
    }

    /**
     * The identity-source values API Gateway reads for this request, in order; null when one is
     * missing or empty (401 without invoking). REST: the {@code Authorization} header (its last
     * value). HTTP APIs: the header (repeated values joined with commas) and {@code $context.routeKey}.
     */
    List<String> identitySources(Request request, HttpApiRoute httpRoute) {
        if (httpRoute == null) {
            String value = request.header(IDENTITY_HEADER);
            return value == null || value.isBlank() ? null : List.of(value);
        }
        List<String> values = request.headerValues(IDENTITY_HEADER);
        String joined = String.join(",", values);
        return values.isEmpty() || joined.isBlank() ? null : List.of(joined, httpRoute.routeKey());
    }

    private String event(Request request, HttpApiRoute httpRoute, List<String> sources, String arn, String requestId,
            Instant now) {
        return switch (api) {
            case REST_REQUEST -> RestRequestEvent.json(stage, request, arn, requestId, now);
            case REST_TOKEN -> RestTokenEvent.json(sources.get(0), arn);
            case HTTP_SIMPLE, HTTP_IAM -> HttpApiEvent.v2(stage, request, httpRoute, sources, requestId, now);
            case HTTP_V1 -> HttpApiEvent.v1(stage, request, httpRoute, sources, requestId, now);
        };
    }

    private Response logged(String route, Response response, String detail) {
        log.accept(String.format(Locale.ROOT, "%-28s -> %d  %s", route, response.status(), detail));
        return response;
    }
}
