package dev.tollgate.snapstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.AuthorizerSettings;
import dev.tollgate.config.EdgeSettings;
import dev.tollgate.config.HttpApiResponse;
import dev.tollgate.config.IssuerSettings;
import dev.tollgate.config.LogLevel;
import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.config.PermissionSettings;
import dev.tollgate.config.Settings;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Runs the whole request path in memory, once per event shape and response mode: JWS parsing,
 * RS256 and ES256 verification, claim checks, the decision, policy building, Jackson reading of
 * every event shape and writing of every response shape. No network, no writes, nothing kept: the
 * priming components are discarded, only loaded classes and JIT profiles remain.
 *
 * <p>The keys and tokens come pre-signed from {@link #MATERIAL_RESOURCE} (generated at build time;
 * no private key ships, none is generated at run time), trusted only by the disposable priming
 * verifier, whose clock is pinned to the tokens' issue time.
 */
public final class Priming {
    public static final String MATERIAL_RESOURCE = "META-INF/tollgate/priming.json";
    public static final String ISSUER = "https://priming.tollgate.invalid";
    public static final String AUDIENCE = "priming";
    /** The tokens' iat: 2026-01-01T00:00:00Z. */
    public static final long ISSUED_AT = 1_767_225_600L;
    /** The request the DPoP priming proof names: {@code htm} and {@code htu}. */
    public static final String DPOP_METHOD = "GET";
    public static final String DPOP_HOST = "priming.tollgate.invalid";
    public static final String DPOP_PATH = "/prod/priming/1";
    public static final String DPOP_URL = "https://" + DPOP_HOST + DPOP_PATH;
    private static final String UNAUTHORIZED = "Unauthorized";
    private static final String ARN = "arn:aws:execute-api:us-east-1:000000000000:priming/prod/GET/priming/1";

    private Priming() {}

    /**
     * @param rounds how often every event runs: 1 loads and links the classes (the class-list
     *     training run), more lets the JIT profile them too (before a SnapStart checkpoint)
     * @return how many priming requests were allowed (the valid tokens' path really ran: tests and logs)
     */
    public static int run(HandlerFactory handlers, Settings production, int rounds) throws IOException {
        return run(handlers, production, material(), rounds);
    }

    /** The priming material shipped in the artifact ({@link #MATERIAL_RESOURCE}). */
    public static JsonNode material() throws IOException {
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(MATERIAL_RESOURCE)) {
            if (in == null) {
                throw new IOException(MATERIAL_RESOURCE + " is missing from the artifact");
            }
            return JsonTrees.read(in);
        }
    }

    /** As {@link #run(HandlerFactory, Settings, int)}, with the material already read. */
    static int run(HandlerFactory handlers, Settings production, JsonNode material, int rounds) throws IOException {
        PermissionSet granted = new PermissionSet(Set.of(Permission.parse("GET /priming/*").orElseThrow()), "t", null, false);
        Clock pinned = Clock.fixed(Instant.ofEpochSecond(ISSUED_AT + 60), ZoneOffset.UTC);
        List<String> tokens = List.of("Bearer " + material.get("RS256").asText(), "Bearer " + material.get("ES256").asText(),
                "Bearer not.a.token");
        Log.configure(LogLevel.ERROR); // priming decisions are not real decisions
        int allowed = 0;
        try {
            for (HttpApiResponse responseMode : HttpApiResponse.values()) {
                RequestStreamHandler handler = handlers.create(primingSettings(production, material, responseMode),
                        query -> granted, pinned);
                for (int round = 0; round < rounds; round++) {
                    for (String token : tokens) {
                        for (String event : events(token)) {
                            allowed += invoke(handler, event);
                        }
                    }
                    // A DPoP-bound token with its proof: the first use is allowed, later ones are
                    // replays (a 401), so both paths of the proof check run.
                    for (String event : dpopEvents(material.get("dpop"))) {
                        allowed += invoke(handler, event);
                    }
                }
            }
        } finally {
            Log.configure(production.observability().logLevel());
        }
        return allowed;
    }

    /**
     * The production settings with the priming issuer as the only one (its keys inline, from the
     * material) and a context claim, so that the claim-copying path runs too. The DynamoDB settings
     * are production's: priming never reaches a store.
     */
    private static Settings primingSettings(Settings production, JsonNode material, HttpApiResponse responseMode) {
        IssuerSettings issuer = new IssuerSettings(ISSUER, Set.of(AUDIENCE), false, null,
                JsonTrees.write(material.get("jwks")));
        return new Settings(VerifierSettings.defaults(List.of(issuer)),
                new AuthorizerSettings(Set.of(), List.of("tenant_hint")),
                new PermissionSettings("priming", PermissionCacheSettings.DEFAULTS),
                production.dynamoDb(),
                new EdgeSettings(production.edge().tokenHeader(), responseMode),
                production.observability(),
                production.runtime());
    }

    private static List<String> events(String authorization) {
        String quoted = "\"" + authorization + "\"";
        return List.of(
                "{\"type\":\"TOKEN\",\"authorizationToken\":" + quoted + ",\"methodArn\":\"" + ARN + "\"}",
                "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"headers\":{\"Authorization\":" + quoted
                        + "},\"requestContext\":{\"requestId\":\"p\"}}",
                "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"identitySource\":" + quoted
                        + ",\"headers\":{\"authorization\":" + quoted + "}}",
                "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN + "\",\"identitySource\":[" + quoted
                        + "],\"headers\":{\"authorization\":" + quoted + "},\"requestContext\":{\"requestId\":\"p\"}}");
    }

    /** A REST REQUEST and an HTTP API 2.0 event carrying the material's DPoP token and proof. */
    private static List<String> dpopEvents(JsonNode dpop) {
        String authorization = "\"DPoP " + dpop.get("token").asText() + "\"";
        String proof = "\"" + dpop.get("proof").asText() + "\"";
        String host = "\"" + DPOP_HOST + "\"";
        return List.of(
                "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"httpMethod\":\"" + DPOP_METHOD + "\","
                        + "\"headers\":{\"Authorization\":" + authorization + ",\"DPoP\":" + proof + ",\"Host\":" + host + "},"
                        + "\"requestContext\":{\"requestId\":\"p\",\"path\":\"" + DPOP_PATH + "\"}}",
                // HTTP APIs lower-case header names.
                "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN + "\",\"rawPath\":\"" + DPOP_PATH + "\","
                        + "\"headers\":{\"authorization\":" + authorization + ",\"dpop\":" + proof + ",\"host\":" + host + "},"
                        + "\"requestContext\":{\"requestId\":\"p\",\"http\":{\"method\":\"" + DPOP_METHOD + "\"}}}");
    }

    /** @return 1 when the answer allowed the request */
    private static int invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (RuntimeException e) {
            // A 401 fails the invocation with exactly "Unauthorized" (API Gateway's contract): the
            // invalid token's path is primed too. Anything else is a priming failure.
            if (UNAUTHORIZED.equals(e.getMessage())) {
                return 0;
            }
            throw e;
        }
        String answer = out.toString(StandardCharsets.UTF_8);
        return answer.contains("\"Allow\"") || answer.contains("\"isAuthorized\":true") ? 1 : 0;
    }
}
