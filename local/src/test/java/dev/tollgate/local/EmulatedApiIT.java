package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DynaliteServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole local stack once per emulated API other than the default REST REQUEST one
 * ({@link LocalStackIT}): real tokens from the development key, tollgate under the real runtime
 * interface client answering in the API's format, the gateway enforcing the answer over real HTTP.
 */
class EmulatedApiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static DevTokens tokens;

    @BeforeAll
    static void prerequisites() {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, local stack test skipped");
        assumeTrue(Files.exists(LocalStackIT.ROOT.resolve("target/tollgate.jar")),
                "target/tollgate.jar is missing: run ./mvnw -B -q install -DskipTests -DskipNpm");
        tokens = DevTokens.load(LocalStackIT.ROOT);
    }

    static HttpResponse<String> call(LocalStack stack, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("message").asText();
    }

    @ParameterizedTest
    @EnumSource(value = EmulatedApi.class, names = {"REST_TOKEN", "HTTP_SIMPLE", "HTTP_IAM", "HTTP_V1"})
    void gatewayWhenEmulatingTheApiThenTheDemoDecisionsAsApiGatewayEnforcesThem(EmulatedApi api) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StackConfig config = StackConfig.defaults(LocalStackIT.ROOT, new PrintStream(output, true, StandardCharsets.UTF_8))
                .withApi(api).withGatewayPort(0).withWorkDir(LocalStackIT.ROOT.resolve("local/target/it-logs/" + api.flag()));
        String forbidden = api.isHttp() ? "Forbidden" : "User is not authorized to access this resource";
        try (LocalStack stack = LocalStack.start(config)) {
            String alice = "Bearer " + tokens.mint("alice");

            HttpResponse<String> order = call(stack, "GET", "/orders/42", alice);
            assertThat(order.statusCode()).as(order.body() + output).isEqualTo(200);
            JsonNode body = JSON.readTree(order.body());
            assertThat(body.path("api").asText()).isEqualTo(api.flag());
            JsonNode context = api.isHttp() ? body.path("authorizer").path("lambda") : body.path("authorizer");
            assertThat(context.path("principalId").asText()).isEqualTo("alice");
            assertThat(context.path("tenant").asText()).isEqualTo("acme");
            int afterFirst = stack.authorizerInvocations();
            assertThat(call(stack, "GET", "/orders/7", alice).statusCode()).isEqualTo(200);
            // The same identity sources: TOKEN (the token), HTTP APIs (the token and the route key GET /orders/{proxy+}).
            assertThat(stack.authorizerInvocations()).isEqualTo(afterFirst);

            assertThat(call(stack, "GET", "/orders", alice).statusCode()).isEqualTo(200);
            HttpResponse<String> admin = call(stack, "DELETE", "/admin", alice);
            assertThat(admin.statusCode()).isEqualTo(403);
            assertThat(message(admin)).isEqualTo(forbidden);

            // A route the permissions allow but the token's scopes do not: an explicit Deny (or false) on every API.
            assertThat(call(stack, "POST", "/orders", alice).statusCode()).isEqualTo(403);
            String writer = "Bearer " + tokens.mintWith("alice", "scope=orders:read orders:write");
            assertThat(call(stack, "POST", "/orders", writer).statusCode()).isEqualTo(200);
            assertThat(call(stack, "GET", "/shipments/7", "Bearer " + tokens.mintWith("dave", "groups=shippers"))
                    .statusCode()).isEqualTo(200);

            int before = stack.authorizerInvocations();
            HttpResponse<String> missing = call(stack, "GET", "/orders/42", null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(message(missing)).isEqualTo("Unauthorized");
            assertThat(stack.authorizerInvocations()).isEqualTo(before);

            // An expired token: Unauthorized (401), except that a simple response can only say false (403).
            String expired = "Bearer " + tokens.mint("alice", Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
            HttpResponse<String> refused = call(stack, "GET", "/orders/42", expired);
            assertThat(refused.statusCode()).isEqualTo(api.simpleResponses() ? 403 : 401);
            assertThat(message(refused)).isEqualTo(api.simpleResponses() ? "Forbidden" : "Unauthorized");

            HttpResponse<String> basic = call(stack, "GET", "/orders/42", "Basic YWxpY2U6c2VjcmV0");
            if (api == EmulatedApi.REST_TOKEN) {
                // The validation expression refuses it before the authorizer runs.
                assertThat(basic.statusCode()).isEqualTo(401);
                assertThat(stack.authorizerInvocations()).isEqualTo(before + 1);
            } else {
                assertThat(basic.statusCode()).isEqualTo(api.simpleResponses() ? 403 : 401);
            }
        }
    }
}
