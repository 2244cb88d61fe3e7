package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The demo backend behind the local gateway: for any allowed route it echoes the route and what
 * the authorizer passed on, in the shape the API type gives an integration: on REST APIs
 * {@code $context.authorizer.*} ({@code principalId} plus every context key, values as strings);
 * on HTTP APIs {@code $context.authorizer.lambda.*} (the context as JSON), with
 * {@code principalId} beside it for IAM policy answers.
 */
final class DemoBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoBackend() {
    }

    static Gateway.Response handle(Gateway.Request request, EmulatedApi api, HttpApiRoute httpRoute, String requestId,
            AuthorizerAnswer answer, Map<String, String> headers) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", "hello from the tollgate demo backend");
        body.put("api", api.flag());
        body.put("route", request.method() + " " + request.path());
        if (httpRoute != null) {
            body.put("routeKey", httpRoute.routeKey());
        }
        body.put("stage", api.stage().stage());
        body.put("requestId", requestId);
        ObjectNode authorizer = body.putObject("authorizer");
        if (answer instanceof AuthorizerAnswer.Policy policy) {
            authorizer.put("principalId", policy.principalId());
        }
        if (api.isHttp()) {
            ObjectNode lambda = authorizer.putObject("lambda");
            answer.context().forEach(lambda::set);
        } else {
            answer.context().forEach((key, value) -> authorizer.put(key, value.asText()));
        }
        return new Gateway.Response(200, headers, body.toPrettyString() + "\n");
    }
}
