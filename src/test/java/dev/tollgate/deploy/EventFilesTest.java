package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.EventTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code events/} honest: every file is an authorizer event of a known shape for
 * {@code GET /orders/42}, its token verifies with the committed development key and matches the
 * file name, the files are exactly what {@link EventTokens} produces, and {@code env.json} configures
 * the function with variables it reads.
 */
class EventFilesTest {

    static final Path PROJECT = DevKey.projectDir();
    static final Path EVENTS = PROJECT.resolve("events");
    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    static final ObjectMapper JSON = new ObjectMapper();
    /** AWS variables an env.json may set besides tollgate's own. */
    static final Set<String> AWS_STANDARD = Set.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION", "AWS_DEFAULT_REGION");

    /** The shapes API Gateway sends to a Lambda authorizer. */
    enum Shape { REST_TOKEN, REST_REQUEST, HTTP_V1, HTTP_V2 }

    static Stream<Path> eventFiles() {
        return EventTokens.eventFiles(EVENTS).stream();
    }

    @Test
    void eventsWhenListedThenCoverEveryShapeAndFailure() {
        List<String> names = eventFiles().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("rest-token.json", "rest-request.json", "http-v1.json", "http-v2.json",
                "rest-token-no-header.json", "rest-token-expired.json", "rest-token-wrong-audience.json",
                "http-v2-no-header.json", "http-v2-expired.json", "http-v2-wrong-audience.json");
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void eventWhenParsedThenIsAKnownShapeForGetOrders42(Path file) throws IOException {
        JsonNode event = JSON.readTree(file.toFile());
        Shape shape = shapeOf(event);
        assertThat(shape).as("shape of %s", file.getFileName()).isNotNull();
        String name = file.getFileName().toString();
        assertThat(name).startsWith(Map.of(Shape.REST_TOKEN, "rest-token", Shape.REST_REQUEST, "rest-request",
                Shape.HTTP_V1, "http-v1", Shape.HTTP_V2, "http-v2").get(shape));
        switch (shape) {
            case REST_TOKEN:
                assertThat(event.path("methodArn").asText()).isEqualTo(ARN);
                assertThat(event.path("authorizationToken").isTextual()).isTrue();
                break;
            case REST_REQUEST:
            case HTTP_V1:
                assertThat(event.path("methodArn").asText()).isEqualTo(ARN);
                assertThat(event.path("httpMethod").asText()).isEqualTo("GET");
                assertThat(event.path("requestContext").path("apiId").asText()).isEqualTo("a1b2c3d4e5");
                assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("prod");
                break;
            case HTTP_V2:
                assertThat(event.path("routeArn").asText()).isEqualTo(ARN);
                assertThat(event.path("routeKey").asText()).isEqualTo("GET /orders/{id}");
                assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
                // HTTP APIs lower-case header names.
                event.path("headers").fieldNames().forEachRemaining(h -> assertThat(h).isLowerCase());
                break;
            default:
                throw new AssertionError(shape);
        }
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void tokenWhenVerifiedWithTheDevelopmentKeyThenMatchesTheFileName(Path file) throws Exception {
        Set<String> bearers = new LinkedHashSet<>();
        collectBearers(JSON.readTree(file.toFile()), bearers);
        String name = file.getFileName().toString();
        if (name.contains("no-header")) {
            assertThat(bearers).isEmpty();
            return;
        }
        assertThat(bearers).as("every place in %s carries the same token", name).hasSize(1);
        SignedJWT jwt = SignedJWT.parse(bearers.iterator().next().substring("Bearer ".length()));
        JWKSet jwks = DevKey.publicJwks(PROJECT);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("kid %s is in dev-jwks.json", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(DevKey.ISSUER);
        assertThat(claims.getSubject()).isEqualTo(EventTokens.PRINCIPAL);
        assertThat(claims.getStringClaim("scope")).isEqualTo(EventTokens.SCOPE);
        assertThat(claims.getClaims()).doesNotContainKey("tenant"); // the tenant comes from DynamoDB
        assertThat(claims).isEqualTo(EventTokens.claims(EventTokens.kindOf(name)));
    }

    @Test
    void eventsWhenReMintedThenUnchanged() throws IOException {
        Map<Path, String> minted = EventTokens.render(EVENTS, DevKey.privateKey(PROJECT));
        for (Map.Entry<Path, String> entry : minted.entrySet()) {
            // Tokens compared by their decoded header and claims: the JSON member order nimbus writes
            // differs between JDK versions, so a re-mint on another JDK is equal, not byte-identical.
            assertThat(withTokensDecoded(Files.readString(entry.getKey(), StandardCharsets.UTF_8)))
                    .as("%s is stale: run ./tollgate mint-events", entry.getKey().getFileName())
                    .isEqualTo(withTokensDecoded(entry.getValue()));
        }
    }

    private static final java.util.regex.Pattern BEARER =
            java.util.regex.Pattern.compile("Bearer ([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]+");

    /** The text with every bearer token replaced by its header and claims as key-sorted JSON. */
    private static String withTokensDecoded(String text) {
        ObjectMapper sorted = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        return BEARER.matcher(text).replaceAll(match -> {
            try {
                String decoded = "Bearer " + sortedJson(sorted, match.group(1)) + "." + sortedJson(sorted, match.group(2));
                return java.util.regex.Matcher.quoteReplacement(decoded);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String sortedJson(ObjectMapper mapper, String segment) throws IOException {
        byte[] json = java.util.Base64.getUrlDecoder().decode(segment);
        return mapper.writeValueAsString(mapper.readValue(json, java.util.TreeMap.class));
    }

    @Test
    void envJsonWhenReadThenConfiguresDeclaredVariablesThatTollgateAccepts() throws IOException {
        JsonNode env = JSON.readTree(EVENTS.resolve("env.json").toFile());
        Map<String, Object> template = CfnYaml.load(PROJECT.resolve("template.yaml"));
        Map<String, Object> resources = TemplateConsistencyTest.map(template.get("Resources"));
        Iterator<String> functions = env.fieldNames();
        assertThat(functions.hasNext()).isTrue();
        while (functions.hasNext()) {
            String functionId = functions.next();
            assertThat(resources).as("env.json is keyed by the function's logical id").containsKey(functionId);
            Map<String, Object> declared = TemplateConsistencyTest.map(TemplateConsistencyTest.map(
                    TemplateConsistencyTest.map(TemplateConsistencyTest.map(resources.get(functionId))
                            .get("Properties")).get("Environment")).get("Variables"));
            Map<String, String> vars = JSON.convertValue(env.get(functionId),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
            for (String name : vars.keySet()) {
                assertThat(SettingsReader.VARIABLES.contains(name) || AWS_STANDARD.contains(name))
                        .as("%s in env.json is neither a tollgate variable nor AWS-standard", name).isTrue();
                // sam local --env-vars only overrides variables the template declares.
                assertThat(declared).as("template.yaml declares %s", name).containsKey(name);
            }
            assertThat(JSON.readTree(vars.get("TOLLGATE_JWKS_JSON")))
                    .isEqualTo(JSON.readTree(PROJECT.resolve(DevKey.PUBLIC_JWKS).toFile()));
            assertThat(vars).containsEntry("TOLLGATE_ISSUER", DevKey.ISSUER).containsEntry("TOLLGATE_AUDIENCE", DevKey.AUDIENCE);
            Map<String, String> inLambda = new java.util.HashMap<>(vars);
            inLambda.put("AWS_REGION", "us-east-1"); // Lambda (and sam local) set it themselves
            assertThatCode(() -> SettingsReader.read(inLambda)).doesNotThrowAnyException();
        }
    }

    @Test
    void developmentKeyWhenCommittedThenMarkedLocalOnlyAndMatchesThePublicJwks() throws Exception {
        JsonNode raw = JSON.readTree(PROJECT.resolve(DevKey.PRIVATE_JWK).toFile());
        assertThat(raw.path("_warning").asText()).contains("LOCAL DEVELOPMENT ONLY");
        RSAKey key = DevKey.privateKey(PROJECT);
        assertThat(key.size()).isEqualTo(2048);
        assertThat(key.getKeyID()).isEqualTo(DevKey.KEY_ID);
        JWKSet jwks = DevKey.publicJwks(PROJECT);
        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys().get(0).isPrivate()).isFalse();
        assertThat(jwks.getKeys().get(0).toJSONObject()).isEqualTo(key.toPublicJWK().toJSONObject());
    }

    static Shape shapeOf(JsonNode event) {
        String type = event.path("type").asText();
        String version = event.path("version").asText("");
        if (type.equals("TOKEN") && version.isEmpty()) {
            return Shape.REST_TOKEN;
        }
        if (type.equals("REQUEST") && version.isEmpty()) {
            return Shape.REST_REQUEST;
        }
        if (type.equals("REQUEST") && version.equals("1.0")) {
            return Shape.HTTP_V1;
        }
        if (type.equals("REQUEST") && version.equals("2.0")) {
            return Shape.HTTP_V2;
        }
        return null;
    }

    private static void collectBearers(JsonNode node, Set<String> found) {
        if (node.isTextual() && node.asText().startsWith("Bearer ")) {
            found.add(node.asText());
        }
        List<JsonNode> children = new ArrayList<>();
        node.elements().forEachRemaining(children::add);
        children.forEach(child -> collectBearers(child, found));
    }
}
