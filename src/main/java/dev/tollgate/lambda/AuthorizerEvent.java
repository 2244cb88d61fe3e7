package dev.tollgate.lambda;

import dev.tollgate.policy.MethodArn;
import dev.tollgate.token.SenderEvidence;
import java.util.function.Supplier;

/**
 * What tollgate needs from any authorizer event.
 *
 * @param shape         which event shape it was (decides the response shape)
 * @param authorization the credential as sent ({@code Bearer <token>}); null when absent
 * @param ambiguous     true when the request carried more than one differing credential
 * @param route         the method or route ARN being called
 * @param requestId     API Gateway's request id when the event has one, else null (for logs)
 * @param evidence      reads what a sender-constrained token is checked against (client certificate,
 *                      DPoP proof, method, host, path) from the event, when asked: a plain bearer
 *                      token never pays for it
 */
record AuthorizerEvent(EventShape shape, String authorization, boolean ambiguous, MethodArn route, String requestId,
        Supplier<SenderEvidence> evidence) {

    /** An event that carries nothing a token can be bound to (REST TOKEN). */
    static final Supplier<SenderEvidence> NO_EVIDENCE = () -> SenderEvidence.NONE;
}
