package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the event API Gateway sends a REST API {@code REQUEST} authorizer, for an API whose only
 * resource is the greedy proxy {@code /{proxy+}} (plus {@code /}).
 */
final class RestRequestEvent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RestRequestEvent() {
    }

    /**
     * The event JSON.
     *
     * @param api       where the API lives (ARN parts)
     * @param request   the HTTP request
     * @param methodArn {@link ApiStage#methodArn} of the request
     * @param requestId the API Gateway request id
     * @param now       the request time
     */
    static String json(ApiStage api, Gateway.Request request, String methodArn, String requestId, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        boolean root = request.path().equals("/");
        String resource = root ? "/" : "/{proxy+}";
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn);
        event.put("resource", resource);
        event.put("path", request.path());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        request.headers().forEach((name, values) -> {
            // API Gateway keeps the last value of a repeated header in "headers".
            headers.put(name, values.get(values.size() - 1));
            ArrayNode all = multiHeaders.putArray(name);
            values.forEach(all::add);
        });
        putParameters(event, "queryStringParameters", "multiValueQueryStringParameters", request.query());
        if (root) {
            event.putNull("pathParameters");
        } else {
            event.putObject("pathParameters").put("proxy", request.path().substring(1));
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourceId", "local0");
        context.put("resourcePath", resource);
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("path", "/" + api.stage() + request.path());
        context.put("accountId", api.accountId());
        context.put("protocol", "HTTP/1.1");
        context.put("stage", api.stage());
        context.put("domainPrefix", "localhost");
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("requestId", requestId);
        putIdentity(context, request, false);
        context.put("domainName", "localhost");
        context.put("apiId", api.apiId());
        return event.toString();
    }

    /**
     * {@code requestContext.identity} of a caller without IAM or Cognito credentials; HTTP API
     * payload 1.0 also has {@code cognitoAmr}.
     */
    static void putIdentity(ObjectNode context, Gateway.Request request, boolean withCognitoAmr) {
        ObjectNode identity = context.putObject("identity");
        for (String absent : List.of("accessKey", "accountId", "caller", "cognitoAmr", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId")) {
            if (withCognitoAmr || !absent.equals("cognitoAmr")) {
                identity.putNull(absent);
            }
        }
        identity.put("sourceIp", request.sourceIp());
        identity.putNull("user");
        identity.put("userAgent", request.header("User-Agent"));
        identity.putNull("userArn");
    }

    static void putParameters(ObjectNode event, String single, String multi, Map<String, List<String>> params) {
        if (params.isEmpty()) {
            event.putNull(single);
            event.putNull(multi);
            return;
        }
        ObjectNode one = event.putObject(single);
        ObjectNode all = event.putObject(multi);
        params.forEach((name, values) -> {
            one.put(name, values.get(values.size() - 1));
            ArrayNode array = all.putArray(name);
            values.forEach(array::add);
        });
    }
}
