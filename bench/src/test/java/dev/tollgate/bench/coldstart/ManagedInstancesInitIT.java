package dev.tollgate.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.SigningKey;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real tollgate jar under the real runtime interface client, started as Lambda Managed Instances
 * start it ({@code AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances}), against a loopback
 * issuer and dynalite: the init ends with the priming SnapStart would run before its checkpoint,
 * before the first invocation, and the function then decides as usual.
 */
class ManagedInstancesInitIT {

    static final Path ROOT = EndToEndIT.ROOT;
    static final Path TARGET = EndToEndIT.TARGET;

    @Test
    void initWhenManagedInstancesThenPrimedBeforeTheFirstInvocationAndAllows() throws Exception {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, test skipped");
        Path jar = ROOT.resolve("target/tollgate.jar");
        assumeTrue(Files.exists(jar), "target/tollgate.jar is missing: run ./mvnw -B -q package -DskipTests -DskipNpm");
        String table = "tollgate-it-managed";
        String arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";
        SigningKey key = SigningKey.generate("managed-it");
        try (LoopbackIssuer issuer = LoopbackIssuer.start(key.jwks());
                DynaliteServer dynalite = DynaliteServer.start(ROOT.resolve(DynaliteServer.INSTALL_DIR), null);
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
                LocalRuntimeApi api = LocalRuntimeApi.start()) {
            tables.createPermissionsTable(table);
            tables.putPermissions(table, "user-001", List.of("GET /orders/*"));
            Map<String, String> env = Map.of(
                    "AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances",
                    "TOLLGATE_ISSUER", issuer.issuer(),
                    "TOLLGATE_AUDIENCE", LocalBenchmark.AUDIENCE,
                    "TOLLGATE_JWKS_URI", issuer.jwksUri(),
                    "TOLLGATE_PERMISSIONS_TABLE", table,
                    "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
            String token = key.mint(issuer.issuer(), "user-001", LocalBenchmark.AUDIENCE, Instant.now(),
                    LocalBenchmark.TOKEN_LIFETIME);
            var first = api.enqueue("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token
                    + "\",\"methodArn\":\"" + arn + "\"}");
            List<Path> classpath = new ArrayList<>(List.of(jar));
            classpath.addAll(LocalBenchmark.runtimeLib(TARGET.resolve("runtime-lib")));
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(EndToEndIT.JAVA, EndToEndIT.LocalBenchmarkDefaults.FLAGS,
                    classpath, LocalBenchmark.TOLLGATE_HANDLER, env, 2048, TARGET.resolve("it-logs/managed-instances"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                LocalRuntimeApi.Result result = first.get(EndToEndIT.TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(result.error()).as("%s%n%s", result.body(), process.logTail(3000)).isFalse();
                JsonNode answer = new ObjectMapper().readTree(result.body());
                assertThat(answer.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");

                String log = Files.readString(process.stdout(), StandardCharsets.UTF_8)
                        + Files.readString(spec.logDir().resolve("stderr.log"), StandardCharsets.UTF_8);
                int primed = log.indexOf("\"message\":\"primed\"");
                assertThat(primed).as("the init primed itself: %s", process.logTail(3000)).isNotNegative();
                assertThat(log.substring(primed)).contains("\"phase\":\"init\"").contains("\"tlsExchanges\":20");
                assertThat(log).doesNotContain("priming failed");
                int decision = log.indexOf("\"logger\":\"tollgate.decision\"");
                assertThat(decision).as("the decision is logged after the priming").isGreaterThan(primed);
                assertThat(issuer.jwksRequests()).as("priming fetches nothing; init fetched the keys once").isEqualTo(1);
            }
        }
    }
}
