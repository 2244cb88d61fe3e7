package dev.tollgate.idp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.TestTls;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment artifact ({@code target/tollgate.jar}) under the real Lambda runtime interface
 * client, configured only by its environment as in Lambda, against Keycloak over HTTPS and
 * permissions in dynalite: the JVM trusts the test CA through {@code JAVA_TOOL_OPTIONS}
 * ({@code -Djavax.net.ssl.trustStore}), as a deployment that talks to a private CA would. A
 * Keycloak token is allowed, another API's token is refused with {@code Unauthorized}, and after
 * Keycloak rotates its key the warm function fetches the new one and keeps accepting the old.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RuntimeClientKeycloakIT {
    private static final String TABLE = "tollgate-idp-permissions";
    private static final String ARN = RealProviderContract.ARN;
    private static final Path PROJECT = Path.of(System.getProperty("tollgate.project.dir", "."));
    private static final long ANSWER_SECONDS = 60;
    /** The runtime interface client and what it needs beside the function jar (which has the rest). */
    private static final List<String> RUNTIME_JARS = List.of("aws-lambda-java-runtime-interface-client-",
            "aws-lambda-java-serialization-", "utils-lite-");

    @RegisterExtension
    static final SharedProviders PROVIDERS = new SharedProviders();

    private static List<Path> classpath() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(PROJECT.resolve("target/tollgate.jar"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (RUNTIME_JARS.stream().anyMatch(name::startsWith)) {
                classpath.add(Path.of(entry));
            }
        }
        assertThat(classpath).as("the function jar and the runtime client's jars").hasSize(1 + RUNTIME_JARS.size());
        assertThat(classpath.get(0)).as("run after package").exists();
        return classpath;
    }

    private static String event(String token) {
        return "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token + "\",\"methodArn\":\"" + ARN + "\"}";
    }

    @Test
    void functionUnderRuntimeClientWhenKeycloakTokensThenAllowRefuseOtherApiAndSurviveRotation(@TempDir Path dir)
            throws Exception {
        KeycloakProvider keycloak = PROVIDERS.keycloak();
        Path trustStore = SharedProviders.CA.writeTrustStore(dir.resolve("trust.p12"));
        try (DynaliteServer dynalite = DynaliteServer.start();
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
                LocalRuntimeApi api = LocalRuntimeApi.start()) {
            tables.createPermissionsTable(TABLE);
            tables.putPermissions(TABLE, keycloak.ordersPrincipal(), List.of("GET /orders/*"));
            Map<String, String> env = Map.of(
                    "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
                            + " -Djavax.net.ssl.trustStore=" + trustStore
                            + " -Djavax.net.ssl.trustStorePassword=" + TestTls.TRUST_STORE_PASSWORD
                            + " -Djavax.net.ssl.trustStoreType=PKCS12",
                    "TOLLGATE_ISSUER", keycloak.issuer(),
                    "TOLLGATE_AUDIENCE", RealProvider.ORDERS_API,
                    "TOLLGATE_PERMISSIONS_TABLE", TABLE,
                    // A rotation is picked up within a second instead of the default 30 s (real time here).
                    "TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS", "1",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
            String before = keycloak.ordersToken();
            var first = api.enqueue(event(before));
            FunctionProcess.Spec spec = FunctionProcess.Spec.java(Path.of(System.getProperty("java.home"), "bin", "java"),
                    List.of(), classpath(), AuthorizerHandler.HANDLER, env, 512, dir.resolve("function"));
            try (FunctionProcess function = FunctionProcess.launch(spec, api)) {
                LocalRuntimeApi.Result allowed = first.get(ANSWER_SECONDS, TimeUnit.SECONDS);
                assertThat(allowed.error()).as("%s%n%s", allowed.body(), function.logTail(4000)).isFalse();
                JsonNode answer = new ObjectMapper().readTree(allowed.body());
                assertThat(answer.path("principalId").asText()).isEqualTo(keycloak.ordersPrincipal());
                assertThat(answer.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");

                LocalRuntimeApi.Result otherApi = api.enqueue(event(keycloak.billingToken())).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                assertThat(otherApi.error()).isTrue();
                assertThat(otherApi.errorMessage()).isEqualTo("Unauthorized");

                String newKid = keycloak.rotateKey();
                String after = keycloak.ordersToken();
                assertThat(JWSObject.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
                Thread.sleep(1100); // past the minimum refresh interval since the first fetch
                LocalRuntimeApi.Result rotated = api.enqueue(event(after)).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                assertThat(rotated.error()).as("%s%n%s", rotated.body(), function.logTail(4000)).isFalse();
                assertThat(rotated.body()).contains("\"Effect\":\"Allow\"");
                LocalRuntimeApi.Result old = api.enqueue(event(before)).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                assertThat(old.error()).isFalse();
                assertThat(Files.readString(function.stdout()) + Files.readString(function.stderr()))
                        .contains("\"reason\":\"WRONG_AUDIENCE\"");
            }
        }
    }
}
