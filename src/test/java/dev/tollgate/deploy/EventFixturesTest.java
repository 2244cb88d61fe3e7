package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.wiring.Components;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.Golden;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.EventTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code events/} through the real handler, configured as {@code events/env.json}
 * configures {@code sam local invoke} (inline development keys), with an in-memory permission store
 * and a fixed clock, and compares the answer with {@code events/expected/<name>.json}.
 *
 * <p>A failed invocation is recorded as {@code {"errorMessage": ...}}, which is what Lambda reports
 * and API Gateway reads ({@code Unauthorized} means 401). To regenerate the golden files after an
 * intended change, run with {@code -Dtollgate.updateGolden=true} and review the diff.
 */
class EventFixturesTest {

    static final Path PROJECT = DevKey.projectDir();
    static final Path EVENTS = PROJECT.resolve("events");
    static final Path EXPECTED = PROJECT.resolve(Golden.EXPECTED_DIR);
    /** Between the valid tokens' iat (2026-01-01) and exp (2036-01-01); after the expired ones. */
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> eventFiles() {
        return EventTokens.eventFiles(EVENTS).stream();
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void eventWhenHandledThenAnswerMatchesTheGoldenFile(Path event) throws IOException {
        JsonNode actual = handle(event);
        Golden.assertMatches(EXPECTED.resolve(event.getFileName()), actual.toString());
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void eventWhenHandledThenOutcomeIsTheDocumentedOne(Path event) throws IOException {
        JsonNode actual = handle(event);
        String name = event.getFileName().toString();
        boolean simple = name.startsWith("http-v2");
        boolean invalid = name.contains("no-header") || name.contains("expired") || name.contains("wrong-audience");
        if (invalid && simple) {
            assertThat(actual.path("isAuthorized").asBoolean(true)).isFalse();
        } else if (invalid) {
            assertThat(actual).isEqualTo(JSON.readTree("{\"errorMessage\":\"Unauthorized\"}"));
        } else if (simple) {
            assertThat(actual.path("isAuthorized").asBoolean(false)).isTrue();
        } else {
            assertThat(actual.path("principalId").asText()).isEqualTo(EventTokens.PRINCIPAL);
            assertThat(actual.path("policyDocument").path("Statement").toString()).contains("\"Allow\"");
        }
    }

    /** The handler's answer to {@code event}, or {@code {"errorMessage": ...}} when it fails. */
    static JsonNode handle(Path event) throws IOException {
        AuthorizerHandler handler = new AuthorizerHandler(Components.create(settings(), store(), Clock.fixed(NOW, ZoneOffset.UTC)));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream input = Files.newInputStream(event)) {
            handler.handleRequest(input, output, null);
        } catch (RuntimeException e) {
            ObjectNode error = JSON.createObjectNode();
            error.put("errorMessage", e.getMessage());
            return error;
        }
        return JSON.readTree(output.toByteArray());
    }

    /** The variables of events/env.json (what sam local invoke gets), minus the local DynamoDB endpoint. */
    static Settings settings() throws IOException {
        Map<String, Map<String, String>> env = JSON.readValue(EVENTS.resolve("env.json").toFile(),
                new TypeReference<Map<String, Map<String, String>>>() { });
        Map<String, String> vars = new HashMap<>(env.get("AuthorizerFunction"));
        vars.remove("AWS_ENDPOINT_URL_DYNAMODB");
        vars.put("AWS_REGION", "us-east-1"); // set by Lambda (and sam local) itself
        return SettingsReader.read(vars);
    }

    /** alice as events/dev/alice.dynamodb-item.json (the item README's local run puts in the table) describes her. */
    static InMemoryPermissionStore store() throws IOException {
        JsonNode item = JSON.readTree(EVENTS.resolve("dev/alice.dynamodb-item.json").toFile());
        Set<Permission> permissions = new java.util.LinkedHashSet<>();
        item.path("permissions").path("SS").forEach(p -> permissions.add(Permission.parse(p.asText()).orElseThrow()));
        assertThat(permissions).isNotEmpty();
        return new InMemoryPermissionStore().put(item.path("principal").path("S").asText(),
                new PermissionSet(permissions, item.path("tenant").path("S").asText(null), null, false));
    }
}
