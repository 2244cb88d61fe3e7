package dev.tollgate.lambda;

import dev.tollgate.wiring.Components;

import dev.tollgate.config.Settings;
import dev.tollgate.permission.PermissionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Runs events through a real {@link AuthorizerHandler} in process. */
public final class HandlerHarness {
    private final Components components;
    private final AuthorizerHandler handler;

    public HandlerHarness(Settings settings, PermissionStore store, Clock clock) {
        this.components = Components.create(settings, store, clock);
        this.handler = new AuthorizerHandler(components);
    }

    /** The components the handler runs on. */
    public Components components() {
        return components;
    }

    public AuthorizerHandler handler() {
        return handler;
    }

    /** @return the response JSON; throws what the handler throws */
    public String invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static String tokenEvent(String authorization, String methodArn) {
        return "{\"type\":\"TOKEN\",\"authorizationToken\":" + quote(authorization) + ",\"methodArn\":\"" + methodArn + "\"}";
    }

    public static String quote(String value) {
        return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
