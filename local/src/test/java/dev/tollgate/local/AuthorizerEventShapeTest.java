package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The events the local gateway sends have the fields, and only the fields, of the project's
 * fixtures in {@code events/} (modelled on what API Gateway sends, see their README), for the same
 * kind of request: {@code GET /orders/42} with a bearer token, no query string, no cookies; and
 * no field the API Gateway developer guide's own examples (the copies in
 * {@code src/test/resources/aws-events/}) lack.
 */
class AuthorizerEventShapeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("tollgate.project.dir", "..")).toAbsolutePath().normalize();

    static JsonNode sent(EmulatedApi api) throws Exception {
        List<String> events = new ArrayList<>();
        Gateway gateway = new Gateway(api, Gateway.DEFAULT_TTL, event -> {
            events.add(event);
            return new AuthorizerClient.Invocation(true, "{}", "Unauthorized");
        }, Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC), line -> { });
        gateway.handle(new Gateway.Request("GET", "/orders/42", Map.of("Authorization", List.of("Bearer abc.def.ghi"),
                "User-Agent", List.of("curl/8.5.0")), Map.of(), "203.0.113.10"));
        return JSON.readTree(events.get(0));
    }

    static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(Files.readString(ROOT.resolve("events").resolve(name)));
    }

    static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void assertSameFields(JsonNode sent, JsonNode fixture, String... objects) {
        assertThat(fields(sent)).isEqualTo(fields(fixture));
        for (String path : objects) {
            assertThat(fields(sent.at(path))).as(path).isEqualTo(fields(fixture.at(path)));
        }
    }

    static JsonNode awsWritten(String name) throws Exception {
        return JSON.readTree(Files.readString(ROOT.resolve("src/test/resources/aws-events").resolve(name)));
    }

    @Test
    void httpApiEventsWhenSentThenNoFieldTheGuidesExamplesLack() throws Exception {
        JsonNode v2 = sent(EmulatedApi.HTTP_SIMPLE);
        JsonNode docsV2 = awsWritten("docs-http-v2.json");
        assertThat(fields(docsV2)).containsAll(fields(v2));
        assertThat(fields(docsV2.path("requestContext"))).containsAll(fields(v2.path("requestContext")));
        assertThat(fields(docsV2.at("/requestContext/http"))).containsAll(fields(v2.at("/requestContext/http")));
        JsonNode v1 = sent(EmulatedApi.HTTP_V1);
        assertThat(fields(awsWritten("docs-http-v1.json"))).containsAll(fields(v1));
        assertThat(fields(sent(EmulatedApi.REST_TOKEN))).isEqualTo(fields(awsWritten("docs-rest-token.json")));
    }

    @Test
    void restRequestEventWhenSentThenFieldsOfTheRestRequestFixture() throws Exception {
        assertSameFields(sent(EmulatedApi.REST_REQUEST), fixture("rest-request.json"), "/requestContext",
                "/requestContext/identity");
    }

    @Test
    void restTokenEventWhenSentThenFieldsOfTheRestTokenFixture() throws Exception {
        assertSameFields(sent(EmulatedApi.REST_TOKEN), fixture("rest-token.json"));
    }

    @Test
    void payload2EventWhenSentThenFieldsOfTheHttpV2Fixture() throws Exception {
        for (EmulatedApi api : List.of(EmulatedApi.HTTP_SIMPLE, EmulatedApi.HTTP_IAM)) {
            JsonNode sent = sent(api);
            assertSameFields(sent, fixture("http-v2.json"), "/requestContext", "/requestContext/http");
            assertThat(sent.path("identitySource").size()).isEqualTo(2);
            assertThat(fields(sent.path("headers"))).allMatch(name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void payload1EventWhenSentThenFieldsOfTheHttpV1Fixture() throws Exception {
        assertSameFields(sent(EmulatedApi.HTTP_V1), fixture("http-v1.json"), "/requestContext", "/requestContext/identity");
    }
}
