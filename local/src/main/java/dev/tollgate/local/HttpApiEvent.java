package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the events an HTTP API sends its Lambda authorizer, payload format 2.0 and 1.0, as API
 * Gateway writes them: header names lower-cased, a repeated header's (and query parameter's)
 * values joined with commas, the {@code Cookie} header moved to {@code cookies} (2.0), fields
 * without a value left out (2.0) or null (1.0).
 */
final class HttpApiEvent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpApiEvent() {
    }

    /**
     * The payload 2.0 event.
     *
     * @param identitySource the identity sources' values, in their configured order
     */
    static String v2(ApiStage api, Gateway.Request request, HttpApiRoute route, List<String> identitySource,
            String requestId, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", api.methodArn(request.method(), request.path()));
        ArrayNode sources = event.putArray("identitySource");
        identitySource.forEach(sources::add);
        event.put("routeKey", route.routeKey());
        event.put("rawPath", rawPath(api, request));
        event.put("rawQueryString", request.rawQuery());
        List<String> cookies = cookies(request);
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        ObjectNode headers = event.putObject("headers");
        lowerCasedHeaders(request).forEach((name, value) -> {
            if (!name.equals("cookie")) {
                headers.put(name, value);
            }
        });
        if (!request.query().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            request.query().forEach((name, values) -> query.put(name, String.join(",", values)));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        context.put("domainName", "localhost");
        context.put("domainPrefix", "localhost");
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", rawPath(api, request));
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.header("User-Agent"));
        context.put("requestId", requestId);
        context.put("routeKey", route.routeKey());
        context.put("stage", api.stage());
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (!route.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        return event.toString();
    }

    /**
     * The payload 1.0 event: REST's REQUEST shape with {@code version}, the identity sources joined
     * with commas in {@code identitySource} and {@code authorizationToken}, and the route as the
     * resource.
     */
    static String v1(ApiStage api, Gateway.Request request, HttpApiRoute route, List<String> identitySource,
            String requestId, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        String joined = String.join(",", identitySource);
        event.put("version", "1.0");
        event.put("type", "REQUEST");
        event.put("methodArn", api.methodArn(request.method(), request.path()));
        event.put("identitySource", joined);
        event.put("authorizationToken", joined);
        event.put("resource", route.resourcePath());
        event.put("path", rawPath(api, request));
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        lowerCasedHeaders(request).forEach(headers::put);
        if (request.query().isEmpty()) {
            event.putNull("queryStringParameters");
        } else {
            ObjectNode query = event.putObject("queryStringParameters");
            request.query().forEach((name, values) -> query.put(name, String.join(",", values)));
        }
        if (route.pathParameters().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        context.put("domainName", "localhost");
        context.put("domainPrefix", "localhost");
        context.put("extendedRequestId", requestId);
        context.put("httpMethod", request.method());
        RestRequestEvent.putIdentity(context, request, true);
        context.put("path", rawPath(api, request));
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", requestId);
        context.put("requestTime", TIME.format(now));
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("resourceId", route.routeKey());
        context.put("resourcePath", route.resourcePath());
        context.put("stage", api.stage());
        return event.toString();
    }

    /** The path as the client sent it: the {@code $default} stage is not part of it, a named stage is. */
    static String rawPath(ApiStage api, Gateway.Request request) {
        return api.stage().equals("$default") ? request.path() : "/" + api.stage() + request.path();
    }

    /** Header names lower-cased, the values of a repeated header (in any spelling) joined with commas. */
    static Map<String, String> lowerCasedHeaders(Gateway.Request request) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        request.headers().forEach((name, values) ->
                merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        Map<String, String> joined = new LinkedHashMap<>();
        merged.forEach((name, values) -> joined.put(name, String.join(",", values)));
        return joined;
    }

    private static List<String> cookies(Gateway.Request request) {
        List<String> cookies = new ArrayList<>();
        String header = lowerCasedHeaders(request).get("cookie");
        if (header != null) {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        return cookies;
    }
}
