package dev.tollgate.lambda;

import dev.tollgate.policy.MethodArn;

/**
 * What tollgate needs from any authorizer event.
 *
 * @param shape         which event shape it was (decides the response shape)
 * @param authorization the credential as sent ({@code Bearer <token>}); null when absent
 * @param ambiguous     true when the request carried more than one differing credential
 * @param route         the method or route ARN being called
 * @param requestId     API Gateway's request id when the event has one, else null (for logs)
 */
record AuthorizerEvent(EventShape shape, String authorization, boolean ambiguous, MethodArn route, String requestId) {}
