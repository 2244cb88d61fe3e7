package dev.tollgate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tollgate.DependencyFailureException;
import dev.tollgate.observe.RequestTrace;
import dev.tollgate.policy.Decision;
import dev.tollgate.token.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;

/**
 * The Lambda entry point: {@code dev.tollgate.lambda.AuthorizerHandler::handleRequest}.
 *
 * <p>Reads any API Gateway authorizer event (REST TOKEN, REST REQUEST, HTTP API 1.0 and 2.0),
 * decides, and answers in the matching shape:
 * <ul>
 *   <li>valid token, route permitted: Allow policy (or {@code isAuthorized: true});
 *   <li>valid token, route not permitted: a policy that does not cover the route, or an explicit
 *       Deny when the principal may call nothing (403; {@code isAuthorized: false});
 *   <li>missing or invalid token: fails with exactly {@code Unauthorized} (401;
 *       {@code isAuthorized: false} for simple responses);
 *   <li>tollgate cannot decide (keys or permissions unavailable, event not understood): fails with
 *       another message, which API Gateway turns into 500. Never an Allow.
 * </ul>
 * Fails closed by construction: the response is written only after a decision exists, so any
 * exception or error leaves nothing but a failed invocation.
 *
 * <p>Thread-safe: Lambda managed instances may run several invocations in one process.
 */
public final class AuthorizerHandler implements RequestStreamHandler {
    private final Components components;
    /** Held strongly: org.crac keeps registered resources only weakly. */
    private final SnapStartHooks snapStartHooks;

    /** Lambda init: reads and validates the environment, wires, prefetches keys, registers SnapStart hooks. */
    public AuthorizerHandler() {
        this(Components.fromEnvironment());
        Core.getGlobalContext().register(snapStartHooks);
    }

    /** For tests and local runs: nothing is fetched or registered. */
    public AuthorizerHandler(Components components) {
        this.components = components;
        this.snapStartHooks = new SnapStartHooks(components);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        RequestTrace trace = new RequestTrace();
        String invocationId = context == null ? null : context.getAwsRequestId();
        AuthorizerEvent event;
        try {
            event = components.events.read(input);
        } catch (InvalidEventException e) {
            components.decisions.failed(null, "INVALID_EVENT", e.getMessage(), trace, invocationId, start);
            throw new AuthorizerFailureException("Invalid authorizer event: " + e.getMessage());
        }
        Decision decision;
        try {
            decision = event.ambiguous()
                    ? new Decision.Unauthenticated(Rejection.AMBIGUOUS_TOKEN)
                    : components.authorizer.authorize(event.authorization(), event.route(), trace);
        } catch (DependencyFailureException e) {
            components.decisions.failed(event, e.reasonCode(), e.getMessage(), trace, invocationId, start);
            throw new AuthorizerFailureException("Internal error: " + e.reasonCode());
        } catch (RuntimeException e) {
            components.decisions.failed(event, "INTERNAL_ERROR", e.toString(), trace, invocationId, start);
            throw new AuthorizerFailureException("Internal error: INTERNAL_ERROR");
        }
        components.decisions.decided(event, decision, trace, invocationId, start);
        components.responses.write(event.shape(), decision, output);
    }

    /** The SnapStart hooks (tests drive them directly). */
    SnapStartHooks snapStartHooks() {
        return snapStartHooks;
    }
}
