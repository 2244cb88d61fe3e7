package dev.tollgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.observe.Log;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every authorizer event AWS wrote (src/test/resources/aws-events: SAM CLI's generated and local
 * API Gateway events, the API Gateway guide's examples, aws-lambda-java-libs' and aws-lambda-go's test
 * events) is read and decided: as written, its credential is not a valid token (401, never a 500);
 * with a valid token in the credential's place, the normal decision.
 */
class AwsWrittenEventsTest {
    private static final Path EVENTS = Path.of("src/test/resources/aws-events");
    private static final Path SHARED = Path.of("..", "shared", "reference", "aws-events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOW = "\"Effect\":\"Allow\"";

    private HandlerHarness harness;

    @BeforeEach
    void setUp() {
        Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        InMemoryPermissionStore store = new InMemoryPermissionStore()
                .grant("alice", "GET /orders/*", "GET /request", "GET /", "POST /*");
        harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, MutableClock.atTestNow());
    }

    @AfterEach
    void restore() {
        Log.redirect(null);
    }

    static Stream<String> events() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals("SOURCES.json")).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(16);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void handleWhenTheEventAsAwsWroteItThenUnauthorized(String name) throws IOException {
        // An HTTP API simple response says isAuthorized false; every other shape answers 401.
        assertThat(outcome(read(name))).as(name).isIn("401", "{\"isAuthorized\":false}");
    }

    /**
     * The handler's answer; {@code 401} for the Lambda error "Unauthorized". An
     * {@code AuthorizerFailureException} (a 500) propagates and fails the test.
     */
    private String outcome(ObjectNode event) throws IOException {
        try {
            return harness.invoke(event.toString());
        } catch (UnauthorizedException e) {
            return "401";
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void handleWhenAValidTokenTakesTheCredentialsPlaceThenAllowed(String name) throws IOException {
        String answer = outcome(withToken(read(name), "Bearer " + TestTokens.token().sign()));
        assertThat(answer).as(name).satisfiesAnyOf(a -> assertThat(a).contains(ALLOW),
                a -> assertThat(a).contains("\"isAuthorized\":true"));
        assertThat(answer).as(name).contains("alice");
    }

    @Test
    void handleWhenTheGuidesExampleWithStageWildcardThenThePolicyNamesThatStage() throws IOException {
        String answer = harness.invoke(withToken(read("docs-rest-token.json"), "Bearer " + TestTokens.token().sign())
                .toString());
        JsonNode statement = JSON.readTree(answer).path("policyDocument").path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Resource").toString())
                .contains("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/orders/*")
                .doesNotContain("/prod/");
    }

    @Test
    void copiesWhenTheSharedReferenceIsBesideTheCheckoutThenEqualToIt() throws IOException {
        if (!Files.isDirectory(SHARED)) {
            return; // a checkout on its own: the copies are what the test reads
        }
        try (Stream<Path> files = Files.list(SHARED)) {
            for (Path original : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Path copy = EVENTS.resolve(original.getFileName().toString());
                assertThat(copy).as("copy of %s", original).exists();
                assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(original));
            }
        }
    }

    private static ObjectNode read(String name) {
        try {
            return (ObjectNode) JSON.readTree(EVENTS.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with {@code credential} wherever API Gateway puts the caller's Authorization value. */
    private static ObjectNode withToken(ObjectNode event, String credential) {
        if ("TOKEN".equals(event.path("type").asText())) {
            event.put("authorizationToken", credential);
            return event;
        }
        // HTTP APIs lower-case header names; REST APIs pass them as the client sent them.
        boolean http = event.has("routeArn") || event.has("version");
        ObjectNode headers = event.path("headers").isObject() ? (ObjectNode) event.get("headers") : event.putObject("headers");
        withoutAuthorization(headers).put(http ? "authorization" : "Authorization", credential);
        if (event.path("multiValueHeaders").isObject()) {
            withoutAuthorization((ObjectNode) event.get("multiValueHeaders")).putArray("Authorization").add(credential);
        }
        // The identity sources hold the value of the configured source: the Authorization header here.
        if (event.path("identitySource").isArray()) {
            event.set("identitySource", JSON.createArrayNode().add(credential));
        } else if (event.path("identitySource").isTextual()) {
            event.set("identitySource", TextNode.valueOf(credential));
        }
        if (event.has("authorizationToken")) {
            event.put("authorizationToken", credential);
        }
        return event;
    }

    private static ObjectNode withoutAuthorization(ObjectNode headers) {
        List<String> names = new java.util.ArrayList<>();
        headers.fieldNames().forEachRemaining(names::add);
        names.stream().filter(n -> n.equalsIgnoreCase("authorization")).forEach(headers::remove);
        return headers;
    }
}
