package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo backend behind the local gateway: for any allowed route it echoes the route and what
 * the authorizer passed on, as {@code $context.authorizer.*} reaches a REST API integration
 * ({@code principalId} plus every context key, values as strings).
 */
final class DemoBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoBackend() {
    }

    static Gateway.Response handle(Gateway.Request request, Gateway.Api api, String requestId, AuthorizerAnswer answer) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", "hello from the tollgate demo backend");
        body.put("route", request.method() + " " + request.path());
        body.put("stage", api.stage());
        body.put("requestId", requestId);
        ObjectNode authorizer = body.putObject("authorizer");
        authorizer.put("principalId", answer.principalId());
        answer.context().forEach(authorizer::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", requestId);
        return new Gateway.Response(200, headers, body.toPrettyString() + "\n");
    }
}
