package dev.tollgate.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.wiring.Components;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.Revocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The warm path in-process: a REST TOKEN event through {@link AuthorizerHandler} to the written
 * Allow policy, with permissions from memory (no DynamoDB) and keys given inline
 * ({@code TOLLGATE_JWKS_JSON}, no HTTP). Sample time, so p50 and p99 are reported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    static final String ISSUER = "https://issuer.bench.example";
    static final String AUDIENCE = "tollgate-bench";
    /** Three route patterns; the benchmark's token has the first pattern's scope only. */
    static final String ROUTE_SCOPES = "{\"GET /orders/*\": [\"orders:read\"], \"POST /orders\": [\"orders:write\"], "
            + "\"* /admin/*\": [\"admin\"]}";
    static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";

    private AuthorizerHandler cached;
    private AuthorizerHandler uncached;
    private byte[] rs256Event;
    private byte[] es256Event;
    private java.security.interfaces.RSAPublicKey rsaPublic;
    private byte[] rs256SigningInput;
    private byte[] rs256Signature;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    @Setup
    public void setUp() throws JOSEException, IOException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256).generate();
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
        PermissionSet permissions = new PermissionSet(
                Set.of(Permission.parse("GET /orders/*").orElseThrow()), null, null, false);
        PermissionStore store = principal -> permissions;
        cached = handler(jwks, store, Map.of());
        uncached = handler(jwks, store, Map.of("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0"));
        String rs256 = token(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID());
        rs256Event = event(rs256);
        rsaPublic = rsa.toRSAPublicKey();
        rs256SigningInput = rs256.substring(0, rs256.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        rs256Signature = java.util.Base64.getUrlDecoder().decode(rs256.substring(rs256.lastIndexOf('.') + 1));
        es256Event = event(token(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID()));
        // Fail here, not with a misleading number, when the setup does not produce an Allow.
        for (AuthorizerHandler h : List.of(cached, uncached)) {
            for (byte[] e : List.of(rs256Event, es256Event)) {
                String answer = run(h, e);
                if (!answer.contains("\"Allow\"")) {
                    throw new IllegalStateException("expected an Allow policy, got " + answer);
                }
            }
        }
    }

    static AuthorizerHandler handler(String jwks, PermissionStore store, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TOLLGATE_ISSUER", ISSUER,
                "TOLLGATE_AUDIENCE", AUDIENCE,
                "TOLLGATE_JWKS_JSON", jwks,
                "TOLLGATE_PERMISSIONS_TABLE", "unused",
                "AWS_REGION", "us-east-1", // as Lambda sets it; the store here is in memory
                "AWS_LAMBDA_LOG_LEVEL", "ERROR"));
        env.putAll(extra);
        Settings settings = SettingsReader.read(env);
        // As Components.fromEnvironment does: at INFO every decision is a log line on stdout, which
        // in a JMH fork is a pipe to the parent; the benchmark measures the decision, not that pipe.
        Log.configure(settings.observability().logLevel());
        return new AuthorizerHandler(Components.create(settings, store, Clock.systemUTC()));
    }

    static String token(JWSSigner signer, JWSAlgorithm alg, String kid) throws JOSEException {
        return token(signer, alg, kid, null);
    }

    /** @param scope the {@code scope} claim; null for none */
    static String token(JWSSigner signer, JWSAlgorithm alg, String kid, String scope) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-001")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(12))));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    static byte[] event(String token) {
        return ("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token + "\",\"methodArn\":\"" + METHOD_ARN
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private String run(AuthorizerHandler handler, byte[] event) throws IOException {
        out.reset();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Verified-token cache hit: parse event, cache lookup, permission check, policy written. */
    @Benchmark
    public int decisionCachedToken() throws IOException {
        out.reset();
        cached.handleRequest(new ByteArrayInputStream(rs256Event), out, null);
        return out.size();
    }

    /**
     * As {@link #decisionCachedToken} for a principal with two permissions, by {@code routeScopes}:
     * {@code off} without {@code TOLLGATE_ROUTE_SCOPES}; {@code met} with three patterns whose scopes
     * the token all has (matching only, one statement); {@code unmet} with a token that has the first
     * pattern's scope only (matching, and a policy with an Allow and a Deny statement).
     */
    @Benchmark
    public int decisionCachedTokenRouteScopes(RouteScoped scoped) throws IOException {
        out.reset();
        scoped.handler.handleRequest(new ByteArrayInputStream(scoped.event), out, null);
        return out.size();
    }

    /** The route-scoped handler and its token: set up only for the benchmark that uses them. */
    @State(Scope.Benchmark)
    public static class RouteScoped {
        @org.openjdk.jmh.annotations.Param({"off", "met", "unmet"})
        public String routeScopes;
        AuthorizerHandler handler;
        byte[] event;

        @Setup
        public void setUp() throws JOSEException, IOException {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
            PermissionSet permissions = new PermissionSet(Set.of(Permission.parse("GET /orders/*").orElseThrow(),
                    Permission.parse("POST /orders").orElseThrow()), null, null, false);
            handler = handler(new JWKSet(rsa.toPublicJWK()).toString(), principal -> permissions,
                    routeScopes.equals("off") ? Map.of() : Map.of("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES));
            event = event(token(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(),
                    routeScopes.equals("unmet") ? "orders:read" : "orders:read orders:write admin"));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), answer, null);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!text.contains("\"Allow\"") || text.contains("\"Deny\"") != routeScopes.equals("unmet")) {
                throw new IllegalStateException("unexpected policy for routeScopes=" + routeScopes + ": " + text);
            }
        }
    }

    /**
     * As {@link #decisionCachedToken} for one token and principal, by {@code features}: {@code off}
     * without route scopes or a roles claim and a store that revokes nothing; {@code on} with all three
     * authorization features at once, the way a deployment that uses them runs: route scopes (three
     * patterns, the token has every scope), roles from the token ({@code TOLLGATE_ROLES_CLAIM=groups},
     * one role) and revocation (the principal's item sets {@code tokensValidAfter}; the token's
     * {@code jti} is not revoked; the default {@code TOLLGATE_REVOCATION_CACHE_TTL_SECONDS} of 60 s, so
     * the permission cache answers). The token, the permissions and the written policy are the same in
     * both: the difference is what the features cost.
     */
    @Benchmark
    public int decisionCachedTokenAllFeatures(AllFeatures all) throws IOException {
        out.reset();
        all.handler.handleRequest(new ByteArrayInputStream(all.event), out, null);
        return out.size();
    }

    /** The handler with route scopes, roles claim and revocation off or on, and its token. */
    @State(Scope.Benchmark)
    public static class AllFeatures {
        @org.openjdk.jmh.annotations.Param({"off", "on"})
        public String features;
        AuthorizerHandler handler;
        byte[] event;

        @Setup
        public void setUp() throws JOSEException, IOException {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
            boolean on = features.equals("on");
            Revocation revocation = on ? new Revocation(Instant.now().minus(Duration.ofDays(1)), null) : Revocation.NONE;
            PermissionStore store = new PermissionStore() {
                @Override
                public PermissionSet permissionsOf(String principal) {
                    throw new IllegalStateException("the benchmark's token has a jti: the query form is asked");
                }

                @Override
                public PermissionSet permissionsOf(PermissionQuery query) {
                    // The principal's own permission plus its token role's, as the DynamoDB store merges them.
                    return new PermissionSet(Set.of(Permission.parse("GET /orders/*").orElseThrow(),
                            Permission.parse("POST /orders").orElseThrow()), "acme", null, false, revocation);
                }
            };
            handler = handler(new JWKSet(rsa.toPublicJWK()).toString(), store, on
                    ? Map.of("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES, "TOLLGATE_ROLES_CLAIM", "groups") : Map.of());
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-001")
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(12))))
                    .jwtID("7f1c0a9e-2b1d-4c8e-9d3f-5a6b7c8d9e0f").claim("scope", "orders:read orders:write admin")
                    .claim("groups", List.of("shippers")).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(rsa));
            event = event(jwt.serialize());
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), answer, null);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!text.contains("\"Allow\"") || text.contains("\"Deny\"")) {
                throw new IllegalStateException("expected an Allow policy without Deny statements, got " + text);
            }
        }
    }

    /**
     * The floor under {@link #decisionRs256EveryTime}, in the same run: the JDK alone verifying the same
     * token's RS256 signature (a new {@code Signature} per call, as nimbus does). The decision's cost
     * above it is tollgate's (event, token parsing and checks, policy, response).
     */
    @Benchmark
    public boolean jdkRs256VerifyOnly() throws java.security.GeneralSecurityException {
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rsaPublic);
        verifier.update(rs256SigningInput);
        return verifier.verify(rs256Signature);
    }

    /** The same with the RS256 signature verified on every call (verified-token cache off). */
    @Benchmark
    public int decisionRs256EveryTime() throws IOException {
        out.reset();
        uncached.handleRequest(new ByteArrayInputStream(rs256Event), out, null);
        return out.size();
    }

    /** The same with an ES256 (P-256) signature verified on every call. */
    @Benchmark
    public int decisionEs256EveryTime() throws IOException {
        out.reset();
        uncached.handleRequest(new ByteArrayInputStream(es256Event), out, null);
        return out.size();
    }
}
