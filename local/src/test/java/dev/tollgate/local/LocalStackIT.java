package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DynaliteServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole local stack on free loopback ports, through real HTTP to the gateway: the development
 * issuer, dynalite seeded from local/permissions.json, target/tollgate.jar under the real runtime
 * interface client. Also {@code invoke} with the committed events, and clean start-up failures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    static final Path ROOT = Path.of(System.getProperty("tollgate.project.dir", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static LocalStack stack;
    static DevTokens tokens;
    static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

    @BeforeAll
    static void startStack() throws Exception {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite cannot run, local stack test skipped");
        assumeTrue(Files.exists(ROOT.resolve("target/tollgate.jar")),
                "target/tollgate.jar is missing: run ./mvnw -B -q install -DskipTests -DskipNpm");
        tokens = DevTokens.load(ROOT);
        stack = LocalStack.start(config().withGatewayPort(0));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static StackConfig config() {
        return StackConfig.defaults(ROOT, new PrintStream(OUTPUT, true, StandardCharsets.UTF_8))
                .withWorkDir(ROOT.resolve("local/target/it-logs/stack"));
    }

    static HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String message(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("message").asText();
    }

    static List<ProcessHandle> liveChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    @Test
    @Order(1)
    void gatewayWhenAlicePermittedRouteThen200WithContextEchoedAndKeysFromDevIssuer() throws Exception {
        int before = stack.authorizerInvocations();
        HttpResponse<String> response = call("GET", "/orders/42", tokens.mint("alice"));
        assertThat(response.statusCode()).as(response.body() + OUTPUT).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("route").asText()).isEqualTo("GET /orders/42");
        JsonNode context = body.path("authorizer");
        assertThat(context.path("principalId").asText()).isEqualTo("alice");
        assertThat(context.path("tenant").asText()).isEqualTo("acme");
        assertThat(context.path("scope").asText()).isEqualTo("orders:read");
        assertThat(stack.authorizerInvocations()).isEqualTo(before + 1);
        assertThat(stack.issuer().jwksRequests()).isPositive();
    }

    @Test
    @Order(1)
    void gatewayWhenAliceListsHerOrdersThen200() throws Exception {
        HttpResponse<String> response = call("GET", "/orders", tokens.mint("alice", Instant.now().minusSeconds(3),
                Duration.ofHours(1)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("api").asText()).isEqualTo("rest-request");
    }

    @Test
    @Order(2)
    void gatewayWhenSameTokenAgainThenCachedPolicyServesOtherRoutesWithoutInvoking() throws Exception {
        String token = tokens.mint("alice", Instant.now().minusSeconds(5), Duration.ofHours(1));
        assertThat(call("GET", "/orders/42", token).statusCode()).isEqualTo(200);
        int afterFirst = stack.authorizerInvocations();
        assertThat(call("GET", "/orders/7", token).statusCode()).isEqualTo(200);
        HttpResponse<String> denied = call("DELETE", "/admin", token);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(message(denied)).isEqualTo("User is not authorized to access this resource");
        assertThat(stack.authorizerInvocations()).isEqualTo(afterFirst);
    }

    @Test
    @Order(3)
    void gatewayWhenAliceCallsUnpermittedRouteThen403() throws Exception {
        HttpResponse<String> response = call("DELETE", "/admin", tokens.mint("alice", Instant.now().minusSeconds(9),
                Duration.ofHours(1)));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }

    @Test
    @Order(3)
    void gatewayWhenRouteNeedsAScopeTheTokenLacksThen403AndWithTheScopeThen200() throws Exception {
        HttpResponse<String> denied = call("POST", "/orders", tokens.mint("alice"));
        assertThat(denied.statusCode()).isEqualTo(403);
        String writer = tokens.mintWith("alice", "scope=orders:read orders:write");
        assertThat(call("POST", "/orders", writer).statusCode()).isEqualTo(200);
        // The cached policy of the scope-less token still allows what its scopes cover.
        assertThat(call("GET", "/orders/42", tokens.mint("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void gatewayWhenTokenNamesARoleThenItsPermissionsWithoutAnItemOfItsOwn() throws Exception {
        assertThat(call("GET", "/shipments/7", tokens.mintWith("dave", "groups=shippers")).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/shipments/7", tokens.mint("dave")).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/orders/1", tokens.mintWith("dave", "groups=shippers")).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void gatewayWhenNoAuthorizationHeaderThen401AndAuthorizerNotInvoked() throws Exception {
        int before = stack.authorizerInvocations();
        HttpResponse<String> response = call("GET", "/orders/42", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(message(response)).isEqualTo("Unauthorized");
        assertThat(stack.authorizerInvocations()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void gatewayWhenBadOrExpiredTokenThen401FromTheAuthorizer() throws Exception {
        int before = stack.authorizerInvocations();
        String good = tokens.mint("alice", Instant.now().minusSeconds(13), Duration.ofHours(1));
        String badSignature = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : List.of("not.a.jwt", badSignature,
                tokens.mint("alice", Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1)))) {
            HttpResponse<String> response = call("GET", "/orders/42", token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(message(response)).isEqualTo("Unauthorized");
        }
        assertThat(stack.authorizerInvocations()).isEqualTo(before + 3);
    }

    @Test
    @Order(6)
    void gatewayWhenBobThenRoleRoutesAllowedAndOthersDenied() throws Exception {
        String bob = tokens.mint("bob");
        HttpResponse<String> reports = call("GET", "/reports/q3", bob);
        assertThat(reports.statusCode()).as(reports.body()).isEqualTo(200);
        assertThat(JSON.readTree(reports.body()).path("authorizer").path("principalId").asText()).isEqualTo("bob");
        assertThat(call("GET", "/orders/1", bob).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/orders", bob).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(7)
    void gatewayWhenDisabledOrUnknownPrincipalThen403ExplicitDeny() throws Exception {
        for (String principal : List.of("carol", "dave")) {
            HttpResponse<String> response = call("GET", "/orders/42", tokens.mint(principal));
            assertThat(response.statusCode()).as(principal).isEqualTo(403);
            assertThat(message(response)).isEqualTo("User is not authorized to access this resource with an explicit deny");
        }
    }

    @Test
    @Order(7)
    void revokeWhenJtiOrPrincipalRevokedThenTheirTokens401AndOthersStill200() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Path stackDir = config().workDir();
        String revoked = tokens.mintWith("alice", "jti=it-revoked-1");

        assertThat(Revoke.run(List.of("--jti", "it-revoked-1"), stackDir, java.time.Clock.systemUTC(), print, print))
                .as(out.toString(StandardCharsets.UTF_8)).isZero();
        HttpResponse<String> response = call("GET", "/orders/42", revoked);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(message(response)).isEqualTo("Unauthorized");
        assertThat(call("GET", "/orders/42", tokens.mintWith("alice", "jti=it-fresh-1")).statusCode()).isEqualTo(200);

        assertThat(Revoke.run(List.of("--principal", "bob"), stackDir, java.time.Clock.systemUTC(), print, print)).isZero();
        assertThat(call("GET", "/reports/q3", tokens.mint("bob", Instant.now().minusSeconds(5), Duration.ofHours(1)))
                .statusCode()).isEqualTo(401);
        assertThat(call("GET", "/reports/q3", tokens.mint("bob", Instant.now().plusSeconds(2), Duration.ofHours(1)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void closeWhenStackRunningThenNoChildProcessLeftAndGatewayGone() throws Exception {
        assertThat(liveChildren()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(config().workDir().resolve(LocalStack.ENDPOINT_FILE)).exists();
        String url = stack.gatewayUrl();
        stack.close();
        assertThat(config().workDir().resolve(LocalStack.ENDPOINT_FILE)).doesNotExist();
        assertThat(liveChildren()).isEmpty();
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/orders/42")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    @Order(9)
    void startWhenGatewayPortBusyThenFailsBeforeStartingAnything() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalStack.start(config().withGatewayPort(busy.getLocalPort())))
                    .isInstanceOf(LocalStack.StartException.class).hasMessageContaining("already in use");
        }
        assertThat(liveChildren()).isEmpty();
    }

    @Test
    @Order(10)
    void startWhenFunctionInitFailsThenEverythingStartedIsStopped() {
        assertThatThrownBy(() -> LocalStack.start(config().withGatewayPort(0)
                .withFunctionEnv(Map.of("TOLLGATE_ALGORITHMS", "HS256"))))
                .isInstanceOf(LocalStack.StartException.class).hasMessageContaining("did not initialise");
        assertThat(liveChildren()).isEmpty();
    }

    @Test
    @Order(11)
    void invokeWhenRestTokenEventWithTheItemOfSamLocalInvokeThenPrintsTheGoldenPolicyAndExitsZero() throws Exception {
        // The README's `sam local invoke` puts events/dev/alice.dynamodb-item.json; the same item as a seed:
        Path seed = ROOT.resolve("local/target/it-logs/alice-seed.json");
        Files.createDirectories(seed.getParent());
        Files.writeString(seed, "[" + plainItem(JSON.readTree(Files.readString(
                ROOT.resolve("events/dev/alice.dynamodb-item.json")))) + "]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalCommand.run(List.of("invoke", "--root", ROOT.toString(),
                ROOT.resolve("events/rest-token.json").toString(), "--permissions", seed.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)))
                .isEqualTo(JSON.readTree(Files.readString(ROOT.resolve("events/expected/rest-token.json"))));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ALLOW ALLOWED principal=alice");
        assertThat(liveChildren()).isEmpty();
    }

    @Test
    @Order(11)
    void invokeWhenRestTokenEventWithTheDefaultSeedThenTheListingRouteToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LocalCommand.run(List.of("invoke", "--root", ROOT.toString(),
                ROOT.resolve("events/rest-token.json").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).at("/policyDocument/Statement/0/Resource"))
                .extracting(JsonNode::asText).contains("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders",
                        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/*");
    }

    /** A DynamoDB JSON item (S, SS, N, BOOL) as the seed file's plain JSON. */
    static String plainItem(JsonNode item) {
        com.fasterxml.jackson.databind.node.ObjectNode plain = JSON.createObjectNode();
        item.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.has("S")) {
                plain.put(e.getKey(), v.get("S").asText());
            } else if (v.has("SS")) {
                plain.set(e.getKey(), v.get("SS"));
            } else if (v.has("N")) {
                plain.put(e.getKey(), new java.math.BigDecimal(v.get("N").asText()));
            } else if (v.has("BOOL")) {
                plain.put(e.getKey(), v.get("BOOL").asBoolean());
            } else {
                throw new IllegalArgumentException("unsupported attribute " + e.getKey());
            }
        });
        return plain.toString();
    }

    @Test
    @Order(12)
    void invokeWhenExpiredTokenEventThenPrintsUnauthorizedErrorAndExitsOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LocalCommand.run(List.of("invoke", "--root", ROOT.toString(),
                ROOT.resolve("events/rest-token-expired.json").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).path("errorMessage").asText()).isEqualTo("Unauthorized");
        assertThat(liveChildren()).isEmpty();
    }
}
