package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway's default gateway responses for authorizer outcomes, as each API type writes them.
 *
 * <table>
 * <caption>status: REST API body (x-amzn-ErrorType) / HTTP API body</caption>
 * <tr><td>401</td><td>{@code {"message":"Unauthorized"}} (UnauthorizedException)</td><td>the same</td></tr>
 * <tr><td>403</td><td>"User is not authorized to access this resource" [" with an explicit deny"]
 *     (AccessDeniedException)</td><td>{@code {"message":"Forbidden"}}</td></tr>
 * <tr><td>500</td><td>{@code {"message":null}} (AuthorizerConfigurationException)</td>
 *     <td>{@code {"message":"Internal Server Error"}}</td></tr>
 * </table>
 *
 * REST responses carry {@code x-amzn-RequestId} and {@code x-amzn-ErrorType}; HTTP API responses
 * {@code apigw-requestid}.
 */
final class GatewayResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean http;

    GatewayResponses(EmulatedApi api) {
        this.http = api.isHttp();
    }

    /** No identity source, a token failing the validation expression, or the error {@code Unauthorized}. */
    Gateway.Response unauthorized(String requestId) {
        return error(401, requestId, http ? null : "UnauthorizedException", "Unauthorized");
    }

    /** The policy does not allow the route, or the simple response says {@code false}. */
    Gateway.Response forbidden(String requestId) {
        return http ? error(403, requestId, null, "Forbidden")
                : error(403, requestId, "AccessDeniedException", "User is not authorized to access this resource");
    }

    /** A Deny statement matched the route. */
    Gateway.Response explicitlyDenied(String requestId) {
        return http ? forbidden(requestId) : error(403, requestId, "AccessDeniedException",
                "User is not authorized to access this resource with an explicit deny");
    }

    /** The authorizer failed, timed out or answered what API Gateway refuses (AUTHORIZER_FAILURE / _CONFIGURATION_ERROR). */
    Gateway.Response authorizerError(String requestId) {
        return http ? error(500, requestId, null, "Internal Server Error")
                : error(500, requestId, "AuthorizerConfigurationException", null);
    }

    /** The headers every response of this API carries. */
    Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(http ? "apigw-requestid" : "x-amzn-RequestId", requestId);
        return headers;
    }

    private Gateway.Response error(int status, String requestId, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        if (message == null) {
            body.putNull("message");
        } else {
            body.put("message", message);
        }
        Map<String, String> headers = headers(requestId);
        if (type != null) {
            headers.put("x-amzn-ErrorType", type);
        }
        return new Gateway.Response(status, headers, body.toString());
    }
}
