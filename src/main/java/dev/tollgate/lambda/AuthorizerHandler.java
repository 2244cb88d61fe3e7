package dev.tollgate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tollgate.DependencyFailureException;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.audit.DecisionLog;
import dev.tollgate.observe.RequestTrace;
import dev.tollgate.policy.Decision;
import dev.tollgate.snapstart.HandlerFactory;
import dev.tollgate.snapstart.SnapStartHooks;
import dev.tollgate.token.Rejection;
import dev.tollgate.wiring.Components;
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
    /** The handler string Lambda is configured with (template.yaml, the local stack, the benchmark). */
    public static final String HANDLER = "dev.tollgate.lambda.AuthorizerHandler::handleRequest";
    /** Handlers wired as production is, around given parts (SnapStart priming, training runs). */
    public static final HandlerFactory WIRED =
            (settings, permissions, clock) -> new AuthorizerHandler(Components.create(settings, permissions, clock));

    private final Components components;
    private final EventReader events;
    private final ResponseWriter responses;
    /** Held strongly: org.crac keeps registered resources only weakly. */
    private final SnapStartHooks snapStartHooks;

    /**
     * Lambda init: reads and validates the environment, wires, prefetches keys, registers SnapStart
     * hooks, and primes where init runs ahead of traffic without a snapshot (Lambda Managed Instances,
     * provisioned concurrency; {@link SnapStartHooks#primeAtInit()}).
     */
    public AuthorizerHandler() {
        this(Components.fromEnvironment());
        Core.getGlobalContext().register(snapStartHooks);
        snapStartHooks.primeAtInit();
    }

    /** For tests, priming and local runs: nothing is fetched or registered. */
    public AuthorizerHandler(Components components) {
        this.components = components;
        this.events = new EventReader(components.settings().edge().tokenHeader());
        // Streaming Jackson only: no ObjectMapper is ever built (see JsonTrees for the measured reason).
        this.responses = new ResponseWriter(JsonTrees.FACTORY, components.settings().edge().httpApiResponse());
        this.snapStartHooks = new SnapStartHooks(components.settings(), components.verifier(), components.permissions(),
                components.openConnections(), WIRED);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        RequestTrace trace = new RequestTrace();
        String invocationId = context == null ? null : context.getAwsRequestId();
        AuthorizerEvent event;
        try {
            event = events.read(input);
        } catch (InvalidEventException e) {
            components.decisions().failed(new DecisionLog.Request(invocationId, null, null, null), "INVALID_EVENT",
                    e.getMessage(), trace, start);
            throw new AuthorizerFailureException("Invalid authorizer event: " + e.getMessage());
        }
        DecisionLog.Request request = new DecisionLog.Request(invocationId, event.requestId(), event.shape().name(),
                event.route());
        Decision decision;
        try {
            decision = event.ambiguous()
                    ? new Decision.Unauthenticated(Rejection.AMBIGUOUS_TOKEN)
                    : components.authorizer().authorize(event.authorization(), event.evidence(), event.route(), trace);
        } catch (DependencyFailureException e) {
            components.decisions().failed(request, e.reasonCode(), e.getMessage(), trace, start);
            throw new AuthorizerFailureException("Internal error: " + e.reasonCode());
        } catch (RuntimeException e) {
            components.decisions().failed(request, "INTERNAL_ERROR", e.toString(), trace, start);
            throw new AuthorizerFailureException("Internal error: INTERNAL_ERROR");
        }
        components.decisions().decided(request, decision, trace, start);
        responses.write(event.shape(), decision, output);
    }

    /** The SnapStart hooks (tests drive them directly). */
    public SnapStartHooks snapStartHooks() {
        return snapStartHooks;
    }
}
