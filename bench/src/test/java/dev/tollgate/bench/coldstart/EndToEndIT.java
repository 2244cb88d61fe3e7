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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The hello jar and the real tollgate jar under the real runtime interface client, against the
 * local Runtime API, a loopback issuer and dynalite (all on 127.0.0.1).
 */
class EndToEndIT {

    static final Path ROOT = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
    static final Path TARGET = ROOT.resolve("bench/target");
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin/java");
    static final long TIMEOUT_S = 60;

    private static List<Path> classpath(Path functionJar) {
        List<Path> cp = new ArrayList<>();
        cp.add(functionJar);
        cp.addAll(LocalBenchmark.runtimeLib(TARGET.resolve("runtime-lib")));
        return cp;
    }

    private static String event(String token, String methodArn) {
        return "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token + "\",\"methodArn\":\"" + methodArn + "\"}";
    }

    @Test
    void helloJarUnderRuntimeClientWhenInvokedThenAnswersConstantJson() throws Exception {
        Path hello;
        try (var files = Files.list(TARGET)) {
            hello = files.filter(p -> p.toString().endsWith("-hello.jar")).findFirst().orElseThrow();
        }
        try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
            var first = api.enqueue("{}");
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(JAVA, List.of(), classpath(hello),
                    LocalBenchmark.HELLO_HANDLER, Map.of(), 512, TARGET.resolve("it-logs/hello"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                LocalRuntimeApi.Result r = first.get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(r.error()).as(process.logTail(2000)).isFalse();
                assertThat(r.body()).isEqualTo("{\"hello\":\"world\"}");
                assertThat(api.firstNext()).isDone();
                assertThat(process.peakRssKb()).isPositive();
                assertThat(api.enqueue("{}").get(TIMEOUT_S, TimeUnit.SECONDS).body()).isEqualTo("{\"hello\":\"world\"}");
            }
        }
    }

    @Test
    void tollgateJarUnderRuntimeClientWhenPermittedRouteThenAllowAndWhenBadTokenThenUnauthorized() throws Exception {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, end-to-end test skipped");
        Path jar = ROOT.resolve("target/tollgate.jar");
        assumeTrue(Files.exists(jar), "target/tollgate.jar is missing: run ./mvnw -B -q package -DskipTests -DskipNpm");
        assumeTrue(LocalBenchmark.hasTollgateHandler(jar), "target/tollgate.jar has no AuthorizerHandler yet");
        String table = "tollgate-it-permissions";
        String allowedArn = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";
        SigningKey key = SigningKey.generate("bench-it");
        try (LoopbackIssuer issuer = LoopbackIssuer.start(key.jwks());
                DynaliteServer dynalite = DynaliteServer.start(ROOT.resolve(DynaliteServer.INSTALL_DIR), null);
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
                LocalRuntimeApi api = LocalRuntimeApi.start()) {
            tables.createPermissionsTable(table);
            tables.putPermissions(table, "user-001", List.of("GET /orders/*"));
            Map<String, String> env = Map.of(
                    "TOLLGATE_ISSUER", issuer.issuer(),
                    "TOLLGATE_AUDIENCE", LocalBenchmark.AUDIENCE,
                    "TOLLGATE_JWKS_URI", issuer.jwksUri(),
                    "TOLLGATE_PERMISSIONS_TABLE", table,
                    "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
            var allowed = api.enqueue(event(key.mint(issuer.issuer(), "user-001", LocalBenchmark.AUDIENCE, Instant.now(),
                    LocalBenchmark.TOKEN_LIFETIME), allowedArn));
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(JAVA, LocalBenchmarkDefaults.FLAGS, classpath(jar),
                    LocalBenchmark.TOLLGATE_HANDLER, env, 512, TARGET.resolve("it-logs/tollgate"));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                LocalRuntimeApi.InitError initError = api.initError().getNow(null);
                try {
                    allowed.get(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    initError = api.initError().getNow(null);
                    if (initError != null && String.valueOf(initError.errorMessage()).contains("not wired yet")) {
                        Assumptions.abort("tollgate's DynamoDB wiring is not in target/tollgate.jar yet: "
                                + initError.errorMessage());
                    }
                    throw new AssertionError("function failed: " + e.getCause() + "\n" + process.logTail(3000), e);
                }
                LocalRuntimeApi.Result r = allowed.get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(r.error()).as("%s%n%s", r.body(), process.logTail(3000)).isFalse();
                JsonNode answer = new ObjectMapper().readTree(r.body());
                assertThat(answer.path("principalId").asText()).isEqualTo("user-001");
                JsonNode statement = answer.path("policyDocument").path("Statement").get(0);
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                assertThat(statement.path("Action").toString()).contains("execute-api:Invoke");
                assertThat(issuer.jwksRequests()).isPositive();

                String wrongAudience = key.mint(issuer.issuer(), "user-001", "someone-else", Instant.now(), Duration.ofHours(1));
                LocalRuntimeApi.Result bad = api.enqueue(event(wrongAudience, allowedArn)).get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(bad.error()).isTrue();
                assertThat(bad.errorMessage()).isEqualTo("Unauthorized");

                LocalRuntimeApi.Result garbage = api.enqueue(event("not.a.jwt", allowedArn)).get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(garbage.errorMessage()).isEqualTo("Unauthorized");
            }
        }
    }

    /** The JVM flags the end-to-end test launches tollgate with (the template's usual ones). */
    static final class LocalBenchmarkDefaults {
        static final List<String> FLAGS = Mode.C1;
    }
}
