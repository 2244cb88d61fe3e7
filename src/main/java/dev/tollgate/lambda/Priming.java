package dev.tollgate.lambda;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tollgate.config.Settings;
import dev.tollgate.config.Settings.LogLevel;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the whole request path once per event shape, in memory, with throw-away keys: JWS parsing
 * and RS256/ES256 verification, claim checks, the decision, policy building, Jackson reading of
 * every event shape and writing of every response shape. No network, no writes, no state kept:
 * the priming components are discarded; only loaded classes and JIT profiles remain.
 */
final class Priming {
    private static final String ISSUER = "https://priming.tollgate.invalid";
    private static final String AUDIENCE = "priming";
    private static final String ARN = "arn:aws:execute-api:us-east-1:000000000000:priming/prod/GET/orders/1";
    /** Enough rounds for the interpreter to profile the hot methods; a few ms in total. */
    private static final int ROUNDS = 20;

    private Priming() {}

    static void run(Components production) throws JOSEException, IOException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("priming-rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("priming-ec").generate();
        Map<String, String> env = new HashMap<>();
        env.put("TOLLGATE_ISSUER", ISSUER);
        env.put("TOLLGATE_AUDIENCE", AUDIENCE);
        env.put("TOLLGATE_JWKS_JSON", new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        env.put("TOLLGATE_PERMISSIONS_TABLE", "priming");
        env.put("TOLLGATE_TOKEN_HEADER", production.settings.tokenHeader());
        env.put("TOLLGATE_CONTEXT_CLAIMS", "tenant_hint");
        PermissionSet granted = new PermissionSet(Set.of(Permission.parse("GET /orders/*").orElseThrow()), "t", null, false);
        LogLevel level = Log.enabled(LogLevel.INFO) ? LogLevel.INFO : LogLevel.ERROR;
        Log.configure(LogLevel.ERROR); // priming decisions are not real decisions
        try {
            for (String responseMode : List.of("simple", "iam")) {
                env.put("TOLLGATE_HTTP_API_RESPONSE", responseMode);
                Settings settings = Settings.from(env);
                AuthorizerHandler handler = new AuthorizerHandler(
                        Components.create(settings, principal -> granted, Clock.systemUTC()));
                String rsaToken = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID());
                String ecToken = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID());
                for (int round = 0; round < ROUNDS; round++) {
                    for (String token : List.of(rsaToken, ecToken, "Bearer not.a.token")) {
                        for (String event : events(token.startsWith("Bearer") ? token : "Bearer " + token)) {
                            invoke(handler, event);
                        }
                    }
                }
            }
        } finally {
            Log.configure(level);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid) throws JOSEException {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"priming\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"scope\":\"orders:read\",\"tenant_hint\":\"p\"}";
        JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(),
                new Payload(claims));
        jws.sign(signer);
        return jws.serialize();
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

    private static void invoke(AuthorizerHandler handler, String event) throws IOException {
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(512), null);
        } catch (UnauthorizedException expected) {
            // the invalid token's path is primed too
        }
    }
}
