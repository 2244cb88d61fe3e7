package dev.tollgate.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.testing.DpopProofs;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.SigningKey;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificate-bound (RFC 8705) and DPoP-bound (RFC 9449) tokens through the real tollgate jar under
 * the real runtime interface client, against the local Runtime API, a loopback issuer and dynalite
 * (all on 127.0.0.1): a real client certificate from a test CA, DPoP proofs signed with a real EC
 * key at the current time.
 */
class SenderConstrainedEndToEndIT {
    private static final Path ROOT = EndToEndIT.ROOT;
    private static final String TABLE = "tollgate-it-bound";
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";
    private static final String HOST = "abcdef1234.execute-api.us-east-1.amazonaws.com";
    private static final String URL = "https://" + HOST + "/prod/orders/42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SigningKey ISSUER_KEY = SigningKey.generate("bound-it");
    private static final TestTls CA = TestTls.newCa("mtls truststore");
    private static final TestTls.ServerCert CLIENT = CA.issue("DNS:client.example.com");
    private static final TestTls.ServerCert OTHER = CA.issue("DNS:other.example.com");
    private static final ECKey CLIENT_KEY = TestKeys.ec("client", Curve.P_256);

    private static LoopbackIssuer issuer;
    private static DynaliteServer dynalite;

    @BeforeAll
    static void start() {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, end-to-end test skipped");
        assumeTrue(Files.exists(ROOT.resolve("target/tollgate.jar")),
                "target/tollgate.jar is missing: run ./mvnw -B -q package -DskipTests -DskipNpm");
        issuer = LoopbackIssuer.start(ISSUER_KEY.jwks());
        dynalite = DynaliteServer.start(ROOT.resolve(DynaliteServer.INSTALL_DIR), null);
        try (DynaliteTables tables = new DynaliteTables(dynalite.endpoint())) {
            tables.createPermissionsTable(TABLE);
            tables.putPermissions(TABLE, "user-001", List.of("GET /orders/*"));
        }
    }

    @AfterAll
    static void stop() {
        if (dynalite != null) {
            dynalite.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static String token(Map<String, Object> cnf) {
        Instant now = Instant.now();
        return ISSUER_KEY.sign(new JWTClaimsSet.Builder().issuer(issuer.issuer()).audience(LocalBenchmark.AUDIENCE)
                .subject("user-001").issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("cnf", cnf).build());
    }

    private static String q(String value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }

    private static String restRequest(String authorization, String certificatePem, String dpop) throws Exception {
        return "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"resource\":\"/orders/{id}\",\"path\":\"/orders/42\","
                + "\"httpMethod\":\"GET\",\"headers\":{\"Authorization\":" + q(authorization) + ",\"Host\":\"" + HOST + "\""
                + (dpop == null ? "" : ",\"DPoP\":" + q(dpop)) + "},\"requestContext\":{\"requestId\":\"r-1\","
                + "\"stage\":\"prod\",\"path\":\"/prod/orders/42\",\"identity\":{\"sourceIp\":\"203.0.113.9\""
                + (certificatePem == null ? "" : ",\"clientCert\":{\"clientCertPem\":" + q(certificatePem) + "}") + "}}}";
    }

    private static String httpV2(String authorization, String dpop) throws Exception {
        return "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN + "\",\"identitySource\":["
                + q(authorization) + "],\"routeKey\":\"GET /orders/{id}\",\"rawPath\":\"/prod/orders/42\","
                + "\"headers\":{\"authorization\":" + q(authorization) + ",\"host\":\"" + HOST + "\",\"dpop\":" + q(dpop)
                + "},\"requestContext\":{\"requestId\":\"id-v2\",\"http\":{\"method\":\"GET\",\"path\":\"/prod/orders/42\"}}}";
    }

    private static FunctionProcess launch(LocalRuntimeApi api, String name) throws java.io.IOException {
        Path jar = ROOT.resolve("target/tollgate.jar");
        List<Path> classpath = new ArrayList<>();
        classpath.add(jar);
        classpath.addAll(LocalBenchmark.runtimeLib(EndToEndIT.TARGET.resolve("runtime-lib")));
        Map<String, String> env = Map.of(
                "TOLLGATE_ISSUER", issuer.issuer(),
                "TOLLGATE_AUDIENCE", LocalBenchmark.AUDIENCE,
                "TOLLGATE_JWKS_URI", issuer.jwksUri(),
                "TOLLGATE_PERMISSIONS_TABLE", TABLE,
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
        FunctionProcess.Spec spec = FunctionProcess.Spec.java(EndToEndIT.JAVA, EndToEndIT.LocalBenchmarkDefaults.FLAGS,
                classpath, LocalBenchmark.TOLLGATE_HANDLER, env, 512, EndToEndIT.TARGET.resolve("it-logs/" + name));
        return FunctionProcess.launch(spec, api);
    }

    private static LocalRuntimeApi.Result invoke(LocalRuntimeApi api, String event) throws Exception {
        return api.enqueue(event).get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static String effect(LocalRuntimeApi.Result result, FunctionProcess process) throws Exception {
        assertThat(result.error()).as("%s%n%s", result.body(), process.logTail(3000)).isFalse();
        return JSON.readTree(result.body()).path("policyDocument").path("Statement").get(0).path("Effect").asText();
    }

    @Test
    void certificateBoundTokenUnderRuntimeClientWhenItsCertificateThenAllowElseUnauthorized() throws Exception {
        String bound = token(Map.of("x5t#S256", DpopProofs.x5tS256(CLIENT.certificate())));
        try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
            var first = api.enqueue(restRequest("Bearer " + bound, CLIENT.leafPem(), null));
            try (FunctionProcess process = launch(api, "bound-mtls")) {
                assertThat(effect(first.get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS), process)).isEqualTo("Allow");
                // the same token, now remembered, with another client's certificate and with none
                assertThat(invoke(api, restRequest("Bearer " + bound, OTHER.leafPem(), null)).errorMessage())
                        .isEqualTo("Unauthorized");
                assertThat(invoke(api, restRequest("Bearer " + bound, null, null)).errorMessage())
                        .isEqualTo("Unauthorized");
                assertThat(invoke(api, "{\"type\":\"TOKEN\",\"authorizationToken\":" + q("Bearer " + bound)
                        + ",\"methodArn\":\"" + ARN + "\"}").errorMessage()).isEqualTo("Unauthorized");
                assertThat(effect(invoke(api, restRequest("Bearer " + bound, CLIENT.leafPem(), null)), process))
                        .isEqualTo("Allow");
                assertThat(process.logTail(20_000)).contains("CERTIFICATE_MISMATCH");
            }
        }
    }

    @Test
    void dpopBoundTokenUnderRuntimeClientWhenFreshProofThenAllowAndReplayedOrBearerThenUnauthorized() throws Exception {
        String bound = token(Map.of("jkt", DpopProofs.jkt(CLIENT_KEY)));
        String proof = DpopProofs.proof("GET", URL, bound).signedWith(CLIENT_KEY, com.nimbusds.jose.JWSAlgorithm.ES256)
                .issuedAt(Instant.now()).sign();
        try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
            var first = api.enqueue(restRequest("DPoP " + bound, null, proof));
            try (FunctionProcess process = launch(api, "bound-dpop")) {
                assertThat(effect(first.get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS), process)).isEqualTo("Allow");
                assertThat(invoke(api, restRequest("DPoP " + bound, null, proof)).errorMessage()).isEqualTo("Unauthorized");
                assertThat(invoke(api, restRequest("Bearer " + bound, null, null)).errorMessage()).isEqualTo("Unauthorized");
                String forAnotherUrl = DpopProofs.proof("GET", "https://" + HOST + "/prod/admin", bound)
                        .signedWith(CLIENT_KEY, com.nimbusds.jose.JWSAlgorithm.ES256).issuedAt(Instant.now()).sign();
                assertThat(invoke(api, restRequest("DPoP " + bound, null, forAnotherUrl)).errorMessage())
                        .isEqualTo("Unauthorized");
                String fresh = DpopProofs.proof("GET", URL, bound)
                        .signedWith(CLIENT_KEY, com.nimbusds.jose.JWSAlgorithm.ES256).issuedAt(Instant.now()).sign();
                LocalRuntimeApi.Result v2 = invoke(api, httpV2("DPoP " + bound, fresh));
                assertThat(v2.error()).as(v2.body()).isFalse();
                JsonNode answer = JSON.readTree(v2.body());
                assertThat(answer.path("isAuthorized").asBoolean()).isTrue();
                assertThat(process.logTail(20_000)).contains("DPOP_PROOF_REPLAYED", "DPOP_SCHEME_REQUIRED",
                        "DPOP_URL_MISMATCH");
            }
        }
    }
}
