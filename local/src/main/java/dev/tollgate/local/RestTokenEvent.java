package dev.tollgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the event API Gateway sends a REST API {@code TOKEN} authorizer: three fields, nothing else. */
final class RestTokenEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestTokenEvent() {
    }

    /**
     * The event JSON.
     *
     * @param token     the token source's value (the whole {@code Authorization} header)
     * @param methodArn {@link ApiStage#methodArn} of the request
     */
    static String json(String token, String methodArn) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "TOKEN");
        event.put("methodArn", methodArn);
        event.put("authorizationToken", token);
        return event.toString();
    }
}
