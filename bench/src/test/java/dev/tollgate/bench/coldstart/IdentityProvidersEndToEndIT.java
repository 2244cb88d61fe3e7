package dev.tollgate.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.SigningKey;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tollgate jar under the real runtime interface client (local Runtime API, dynalite) with
 * the identity providers a new user meets after the generic OIDC one: an Amazon Cognito user pool
 * entry (its keys from a loopback issuer through {@code jwksUri}), and a private identity provider
 * reached over plain http by a host name that is not a loopback name ({@code -Djdk.net.hosts.file}
 * maps it to 127.0.0.1 in the function's JVM, as a cluster DNS name would map to a pod).
 */
class IdentityProvidersEndToEndIT {
    private static final Path ROOT = EndToEndIT.ROOT;
    private static final Path TARGET = EndToEndIT.TARGET;
    private static final String TABLE = "tollgate-idp-permissions";
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";
    private static final String POOL = "us-east-1_AbCdEf123";
    private static final String CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado";
    private static final String PRIVATE_HOST = "keycloak.keycloak.svc.cluster.local";

    private static Path tollgateJar() {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, end-to-end test skipped");
        Path jar = ROOT.resolve("target/tollgate.jar");
        assumeTrue(Files.exists(jar), "target/tollgate.jar is missing: run ./mvnw -B -q package -DskipTests -DskipNpm");
        return jar;
    }

    private static List<Path> classpath(Path jar) {
        List<Path> cp = new ArrayList<>();
        cp.add(jar);
        cp.addAll(LocalBenchmark.runtimeLib(TARGET.resolve("runtime-lib")));
        return cp;
    }

    private static String event(String token) {
        return "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token + "\",\"methodArn\":\"" + ARN + "\"}";
    }

    private static String sign(SigningKey key, JWTClaimsSet.Builder claims) {
        Instant now = Instant.now();
        return key.sign(claims.subject("user-001").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LocalBenchmark.TOKEN_LIFETIME))).build());
    }

    private static Map<String, String> env(DynaliteServer dynalite, Map<String, String> issuer) {
        Map<String, String> env = new java.util.HashMap<>(issuer);
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
        return env;
    }

    private static void assertAllowed(LocalRuntimeApi.Result result, FunctionProcess process) throws Exception {
        assertThat(result.error()).as("%s%n%s", result.body(), process.logTail(3000)).isFalse();
        JsonNode answer = new ObjectMapper().readTree(result.body());
        assertThat(answer.path("principalId").asText()).isEqualTo("user-001");
        assertThat(answer.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
    }

    private static LocalRuntimeApi.Result invoke(LocalRuntimeApi api, String token) throws Exception {
        return api.enqueue(event(token)).get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    void tollgateJarWhenCognitoAccessTokenOfEitherIssuerFormatThenAllowAndIdTokenOrOtherClientUnauthorized()
            throws Exception {
        Path jar = tollgateJar();
        SigningKey key = SigningKey.generate("cognito-e2e");
        String original = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL;
        String updated = "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL;
        try (LoopbackIssuer keys = LoopbackIssuer.start(key.jwks());
                DynaliteServer dynalite = DynaliteServer.start(ROOT.resolve(DynaliteServer.INSTALL_DIR), null);
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
                LocalRuntimeApi api = LocalRuntimeApi.start()) {
            tables.createPermissionsTable(TABLE);
            tables.putPermissions(TABLE, "user-001", List.of("GET /orders/*"));
            Map<String, String> env = env(dynalite, Map.of("TOLLGATE_ISSUERS", "[{\"cognitoUserPoolId\":\"" + POOL
                    + "\",\"tokenUse\":\"access\",\"clientIds\":[\"" + CLIENT + "\"],\"jwksUri\":\"" + keys.jwksUri() + "\"}]"));
            JWTClaimsSet.Builder access = new JWTClaimsSet.Builder().claim("client_id", CLIENT)
                    .claim("token_use", "access").claim("scope", "orders/read");
            var first = api.enqueue(event(sign(key, access.issuer(updated))));
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(EndToEndIT.JAVA, Mode.C1, classpath(jar),
                    LocalBenchmark.TOLLGATE_HANDLER, env, 512, TARGET.resolve("it-logs/cognito"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                assertAllowed(first.get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS), process);
                assertAllowed(invoke(api, sign(key, access.issuer(original))), process);

                JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder().issuer(original).audience(CLIENT)
                        .claim("token_use", "id");
                assertThat(invoke(api, sign(key, idToken)).errorMessage()).isEqualTo("Unauthorized");
                JWTClaimsSet.Builder otherClient = new JWTClaimsSet.Builder().issuer(original)
                        .claim("client_id", "another-app").claim("token_use", "access");
                assertThat(invoke(api, sign(key, otherClient)).errorMessage()).isEqualTo("Unauthorized");
                assertThat(keys.discoveryRequests()).isZero();
                String log = process.logTail(20_000);
                assertThat(log).contains("\"reason\":\"WRONG_TOKEN_TYPE\"").contains("\"reason\":\"WRONG_AUDIENCE\"");
            }
        }
    }

    @Test
    void tollgateJarWhenPrivateIdentityProviderOverPlainHttpAndSwitchOnThenAllowWithAWarningAtInit(@TempDir Path dir)
            throws Exception {
        Path jar = tollgateJar();
        SigningKey key = SigningKey.generate("private-idp-e2e");
        try (LoopbackIssuer idp = LoopbackIssuer.builder(key.jwks()).issuerPath("/realms/x").start();
                DynaliteServer dynalite = DynaliteServer.start(ROOT.resolve(DynaliteServer.INSTALL_DIR), null);
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
                LocalRuntimeApi api = LocalRuntimeApi.start()) {
            tables.createPermissionsTable(TABLE);
            tables.putPermissions(TABLE, "user-001", List.of("GET /orders/*"));
            int port = java.net.URI.create(idp.baseUrl()).getPort();
            String issuer = "http://" + PRIVATE_HOST + ":" + port + "/realms/x";
            // Discovery and JWKS by the private host name too: every hop is plain http off loopback.
            idp.serveDiscovery("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"http://" + PRIVATE_HOST + ":" + port
                    + LoopbackIssuer.DEFAULT_JWKS_PATH + "\"}");
            Path hosts = Files.writeString(dir.resolve("hosts"),
                    "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 " + PRIVATE_HOST + "\n");
            List<String> flags = new ArrayList<>(Mode.C1);
            flags.add("-Djdk.net.hosts.file=" + hosts);
            Map<String, String> env = env(dynalite, Map.of("TOLLGATE_ISSUER", issuer,
                    "TOLLGATE_AUDIENCE", LocalBenchmark.AUDIENCE, "TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true"));
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(LocalBenchmark.AUDIENCE);
            var first = api.enqueue(event(sign(key, claims)));
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(EndToEndIT.JAVA, flags, classpath(jar),
                    LocalBenchmark.TOLLGATE_HANDLER, env, 512, TARGET.resolve("it-logs/private-idp"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                assertAllowed(first.get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS), process);
                assertThat(idp.discoveryRequests()).isPositive();
                assertThat(idp.jwksRequests()).isPositive();
                assertThat(process.logTail(20_000)).contains("\"level\":\"WARN\"").contains("plain http allowed for this issuer")
                        .contains(issuer);
            }
        }
    }

    @Test
    void tollgateJarWhenPrivateIdentityProviderOverPlainHttpWithoutTheSwitchThenInitFailsNamingIt() throws Exception {
        Path jar = tollgateJar();
        try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
            Map<String, String> env = Map.of("TOLLGATE_ISSUER", "http://" + PRIVATE_HOST + ":8080/realms/x",
                    "TOLLGATE_AUDIENCE", LocalBenchmark.AUDIENCE, "TOLLGATE_PERMISSIONS_TABLE", TABLE,
                    "AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(EndToEndIT.JAVA, Mode.C1, classpath(jar),
                    LocalBenchmark.TOLLGATE_HANDLER, env, 512, TARGET.resolve("it-logs/private-idp-refused"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                LocalRuntimeApi.InitError error = api.initError().get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(error.errorMessage()).contains("TOLLGATE_ISSUER must use https")
                        .contains("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER");
            }
        }
    }
}
