package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import static dev.tollgate.dynamodb.ScriptedHttpServer.*;
import static dev.tollgate.dynamodb.TestTableReads.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.permission.PermissionStoreException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link HttpTableReads} against a real loopback HTTP server that answers from a script
 * ({@link ScriptedHttpServer}): the requests on the wire (shape, and the SigV4 signature recomputed
 * by the AWS SDK from the request as received: see {@link TestTableReads#sdkAuthorization}), the
 * mapping of responses ({@link DynamoDbJson}), credentials and construction.
 */
class HttpTableReadsTest {
    @RegisterExtension
    final ScriptedHttpServer server = ScriptedHttpServer.start();

    @Test
    void getItemWhenCalledThenPostsSignedJsonToRoot() throws Exception {
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        readsAt(server.uri(), BASIC).getItem(getRead("alice"));

        Received request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.GetItem");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.header("X-Amz-Date")).isEqualTo(AMZ_DATE);
        assertThat(request.header("X-Amz-Security-Token")).isNull();
        assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(request.body().length));
        assertThat(request.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260314/" + REGION + "/dynamodb/aws4_request, ")
                .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=");
        assertThat(request.json()).isEqualTo(MAPPER.readTree("{"
                + "\"TableName\":\"" + TABLE + "\","
                + "\"Key\":{\"principal\":{\"S\":\"alice\"}},"
                + "\"ProjectionExpression\":\"#p, #r, #t, #u, #d, #v\","
                + "\"ExpressionAttributeNames\":{\"#p\":\"permissions\",\"#r\":\"roles\",\"#t\":\"tenant\","
                + "\"#u\":\"usageIdentifierKey\",\"#d\":\"disabled\",\"#v\":\"tokensValidAfter\"},"
                + "\"ConsistentRead\":false}"));
    }

    @Test
    void getItemWhenConsistentReadAndOddKeyThenBodyCarriesThemVerbatim() throws Exception {
        server.enqueue(json(200, "{}"));
        String key = "ünïcode \"quoted\" \\ key\n/+=";

        readsAt(server.uri(), BASIC).getItem(new TableReads.ItemRead(TABLE, "principal", List.of(key), "#p", Map.of("#p", "permissions"),
                true));

        JsonNode body = server.onlyRequest().json();
        assertThat(body.path("Key").path("principal").path("S").textValue()).isEqualTo(key);
        assertThat(body.path("ConsistentRead").booleanValue()).isTrue();
        assertThat(body.path("ProjectionExpression").textValue()).isEqualTo("#p");
        assertThat(body.path("ExpressionAttributeNames")).isEqualTo(MAPPER.readTree("{\"#p\":\"permissions\"}"));
    }

    @Test
    void batchGetItemWhenCalledThenPostsRequestItemsForTheTable() throws Exception {
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{}}"));

        readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#reader", "role#writer"), true));

        Received request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.BatchGetItem");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.header("X-Amz-Date")).isEqualTo(AMZ_DATE);
        assertThat(request.header("X-Amz-Security-Token")).isNull();
        assertThat(request.json()).isEqualTo(MAPPER.readTree("{\"RequestItems\":{\"" + TABLE + "\":{"
                + "\"Keys\":[{\"principal\":{\"S\":\"role#reader\"}},{\"principal\":{\"S\":\"role#writer\"}}],"
                + "\"ProjectionExpression\":\"#k, #p\","
                + "\"ExpressionAttributeNames\":{\"#k\":\"principal\",\"#p\":\"permissions\"},"
                + "\"ConsistentRead\":true}}}"));
    }

    @Test
    void requestWhenSessionCredentialsThenSendsAndSignsTheToken() {
        server.enqueue(json(200, "{}"));

        readsAt(server.uri(), SESSION).getItem(getRead("alice"));

        Received request = server.onlyRequest();
        assertThat(request.header("X-Amz-Security-Token")).isEqualTo(SESSION.sessionToken());
        assertThat(request.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260314/" + REGION + "/dynamodb/aws4_request, ")
                .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ");
    }

    @Test
    void requestWhenEndpointNamesAHostThenHostHeaderAndSignatureUseIt() {
        server.enqueue(json(200, "{}"));
        // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only, so skip rather than fail.
        assumeTrue(resolvesToLoopbackV4First("localhost"));

        readsAt(URI.create("http://localhost:" + server.port()), BASIC, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 0)
                .getItem(getRead("alice"));

        Received request = server.onlyRequest();
        assertThat(request.header("Host")).isEqualTo("localhost:" + server.port());
        assertThat(request.header("Authorization")).isEqualTo(sdkAuthorization(request, BASIC));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GetItem basic", "GetItem session", "BatchGetItem basic", "BatchGetItem session"})
    void signatureWhenRecomputedBySdkSignerThenAuthorizationMatches(String variant) {
        boolean session = variant.endsWith("session");
        AwsCredentials identity = session ? SESSION : BASIC;
        server.enqueue(json(200, "{}"));
        HttpTableReads reads = readsAt(server.uri(), identity);

        if (variant.startsWith("GetItem")) {
            reads.getItem(getRead("alice"));
        } else {
            reads.batchGetItem(batchRead(List.of("role#a", "role#b", "role#c"), false));
        }

        Received request = server.onlyRequest();
        assertThat(signedHeaderNames(request)).containsExactlyElementsOf(session
                ? List.of("content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target")
                : List.of("content-type", "host", "x-amz-date", "x-amz-target"));
        assertThat(request.header("Authorization")).isEqualTo(sdkAuthorization(request, identity));
    }

    @Test
    void signatureOracleWhenBodyDiffersThenDisagrees() {
        // The oracle is not vacuous: one changed byte of the body changes the SDK's signature.
        server.enqueue(json(200, "{}"));
        readsAt(server.uri(), BASIC).getItem(getRead("alice"));
        Received request = server.onlyRequest();
        byte[] tampered = new String(request.body(), UTF_8).replace("alice", "alicf").getBytes(UTF_8);

        assertThat(sdkAuthorization(new Received(request.method(), request.path(), request.headers(), tampered,
                request.arrivalNanos()), BASIC)).isNotEqualTo(request.header("Authorization"));
    }

    @Test
    void getItemWhenItemHasEveryTypeThenMapsValuesAndTypeNames() {
        server.enqueue(json(200, "{\"Item\":{"
                + "\"principal\":{\"S\":\"alice\"},"
                + "\"permissions\":{\"SS\":[\"GET /a\",\"POST /b\"]},"
                + "\"list\":{\"L\":[{\"S\":\"x\"},{\"N\":\"1\"},{\"BOOL\":true},{\"L\":[]},{\"S\":7}]},"
                + "\"disabled\":{\"BOOL\":true},"
                + "\"enabled\":{\"BOOL\":false},"
                + "\"count\":{\"N\":\"5\"},"
                + "\"map\":{\"M\":{\"a\":{\"S\":\"b\"}}},"
                + "\"nothing\":{\"NULL\":true},"
                + "\"bytes\":{\"B\":\"AAE=\"},"
                + "\"numbers\":{\"NS\":[\"1\",\"2\"]},"
                + "\"empty\":{\"SS\":[]}}}"));

        Map<String, Attribute> item = readsAt(server.uri(), BASIC).getItem(getRead("alice"));

        assertThat(item).containsOnlyKeys("principal", "permissions", "list", "disabled", "enabled", "count", "map",
                "nothing", "bytes", "numbers", "empty");
        assertThat(item.get("principal")).isEqualTo(Attribute.s("alice"));
        assertThat(item.get("permissions")).isEqualTo(Attribute.ss(List.of("GET /a", "POST /b")));
        assertThat(item.get("list")).isEqualTo(Attribute.l(List.of(Attribute.s("x"), Attribute.n("1"),
                Attribute.bool(true), Attribute.l(List.of()), Attribute.other(Attribute.MALFORMED))));
        assertThat(item.get("disabled")).isEqualTo(Attribute.bool(true));
        assertThat(item.get("enabled")).isEqualTo(Attribute.bool(false));
        assertThat(item.get("count")).isEqualTo(Attribute.n("5"));
        assertThat(item.get("map")).isEqualTo(Attribute.other("M"));
        assertThat(item.get("nothing")).isEqualTo(Attribute.other("NULL"));
        assertThat(item.get("bytes")).isEqualTo(Attribute.other("B"));
        assertThat(item.get("numbers")).isEqualTo(Attribute.other("NS"));
        assertThat(item.get("empty")).isEqualTo(Attribute.ss(List.of()));
        assertThat(item.get("count").type()).isEqualTo("N");
        assertThat(item.get("nothing").type()).isEqualTo("NULL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"Item\":{}}", "{\"ConsumedCapacity\":{\"TableName\":\"t\"}}"})
    void getItemWhenNoItemThenNull(String response) {
        server.enqueue(json(200, response));

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("nobody"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"S\":5}", "{\"S\":null}", "{\"S\":[\"a\"]}", "{\"S\":\"a\",\"N\":\"1\"}", "{}", "\"S\"", "5", "null", "true",
        "[{\"S\":\"a\"}]", "{\"SS\":[1]}", "{\"SS\":[\"a\",null]}", "{\"SS\":\"a\"}", "{\"SS\":{\"a\":\"b\"}}",
        "{\"L\":{}}", "{\"L\":\"x\"}", "{\"BOOL\":\"true\"}", "{\"BOOL\":1}", "{\"lowercase\":\"x\"}", "{\"s\":\"x\"}",
        "{\"ABCDE\":\"x\"}", "{\"\":\"x\"}", "{\"N1\":\"x\"}", "{\"S \":\"x\"}", "{\"STRINGSETS\":[\"a\"]}"})
    void getItemWhenAttributeIsMalformedThenMalformed(String value) {
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"},\"permissions\":" + value + "}}"));

        Map<String, Attribute> item = readsAt(server.uri(), BASIC).getItem(getRead("alice"));

        assertThat(item.get("permissions")).isEqualTo(Attribute.other(Attribute.MALFORMED));
        assertThat(item.get("principal")).isEqualTo(Attribute.s("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"Item\":\"alice\"}", "{\"Item\":[]}", "{\"Item\":5}", "{\"Item\":null}"})
    void getItemWhenItemIsNotAnObjectThenFailsWithoutRetry(String response) {
        server.enqueue(json(200, response));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem")
                .hasMessageContaining(TABLE)
                .hasMessageContaining("malformed response");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void batchGetItemWhenResponsesAndUnprocessedKeysThenBothParsed() {
        server.enqueue(json(200, "{\"Responses\":{"
                + "\"" + TABLE + "\":["
                + "{\"principal\":{\"S\":\"role#reader\"},\"permissions\":{\"SS\":[\"GET /a\"]}},"
                + "{\"principal\":{\"S\":\"role#writer\"},\"permissions\":{\"L\":[{\"S\":\"POST /a\"},{\"N\":\"3\"}]}}],"
                + "\"other-table\":[{\"principal\":{\"S\":\"role#intruder\"}}]},"
                + "\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[{\"principal\":{\"S\":\"role#admin\"}},"
                + "{\"principal\":{\"S\":\"role#ops\"}}],\"ProjectionExpression\":\"#k, #p\"},"
                + "\"other-table\":{\"Keys\":[{\"principal\":{\"S\":\"role#elsewhere\"}}]}}}"));

        TableReads.BatchResult result = readsAt(server.uri(), BASIC).batchGetItem(
                batchRead(List.of("role#reader", "role#writer", "role#admin", "role#ops"), false));

        assertThat(result.items()).containsExactly(
                Map.of("principal", Attribute.s("role#reader"), "permissions", Attribute.ss(List.of("GET /a"))),
                Map.of("principal", Attribute.s("role#writer"),
                        "permissions", Attribute.l(List.of(Attribute.s("POST /a"), Attribute.n("3")))));
        assertThat(result.unprocessedKeys()).containsExactly("role#admin", "role#ops");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"Responses\":{},\"UnprocessedKeys\":{}}",
        "{\"Responses\":{\"" + TABLE + "\":[]}}", "{\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[]}}}"})
    void batchGetItemWhenNothingFoundThenEmptyResult(String response) {
        server.enqueue(json(200, response));

        TableReads.BatchResult result = readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#a"), false));

        assertThat(result.items()).isEmpty();
        assertThat(result.unprocessedKeys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"principal\":{\"N\":\"1\"}}", "{}", "{\"principal\":{\"S\":5}}", "{\"principal\":\"x\"}",
        "{\"other\":{\"S\":\"role#a\"}}", "\"role#a\""})
    void batchGetItemWhenUnprocessedKeyHasNoStringPrincipalThenFails(String key) {
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[]},"
                + "\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[{\"principal\":{\"S\":\"role#ok\"}}," + key + "]}}}"));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#ok", "role#a"), false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("BatchGetItem")
                .hasMessageContaining(TABLE)
                .hasMessageContaining("unprocessed key");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Responses\":{\"" + TABLE + "\":{\"principal\":{\"S\":\"role#a\"}}}}",
        "{\"Responses\":{\"" + TABLE + "\":\"role#a\"}}",
        "{\"Responses\":{\"" + TABLE + "\":[\"role#a\"]}}",
        "{\"Responses\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#a\"}},[]]}}",
        "{\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":\"role#a\"}}}",
        "{\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":{\"principal\":{\"S\":\"role#a\"}}}}}",
        "{\"UnprocessedKeys\":{\"" + TABLE + "\":{\"ProjectionExpression\":\"#k, #p\"}}}",
        "{\"UnprocessedKeys\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#a\"}}]}}"})
    void batchGetItemWhenResponseIsMalformedThenFails(String response) {
        // Fails closed: never a partial answer read as "these roles have no permissions" or "all processed".
        server.enqueue(json(200, response));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#a"), false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("BatchGetItem on table " + TABLE)
                .hasMessageContaining("malformed response");
    }

    @Test
    void callWhenCredentialsProviderKeepsThrowingThenRetriedWithinTheBudgetAndFailsWithoutARequest() {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsProvider failing = () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("Unable to load credentials from any of the providers");
        };
        server.respondAlways(request -> json(200, "{}"));

        // The container credentials endpoint can fail for a moment: a lookup is retried like a request.
        DynamoDbSettings settings = settingsAt(server.uri(), Duration.ofSeconds(2), Duration.ofMillis(600), 2);
        assertThatThrownBy(() -> readsAt(settings, failing).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem on table " + TABLE)
                .hasMessageContaining("no AWS credentials: Unable to load credentials from any of the providers")
                .hasMessageContaining("(3 attempts)")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(3);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void callWhenCredentialsRotateThenEachRequestUsesTheCurrentOnes() {
        List<AwsCredentials> sequence = List.of(BASIC, SESSION);
        AtomicInteger next = new AtomicInteger();
        AwsCredentialsProvider rotating = () -> sequence.get(next.getAndIncrement() % 2);
        server.enqueue(json(500, "{}"));
        server.enqueue(json(200, "{}"));

        readsAt(settingsAt(server.uri()), rotating).getItem(getRead("alice"));

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo(sdkAuthorization(server.requests().get(0), BASIC));
        assertThat(server.requests().get(0).header("X-Amz-Security-Token")).isNull();
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo(sdkAuthorization(server.requests().get(1), SESSION));
        assertThat(server.requests().get(1).header("X-Amz-Security-Token")).isEqualTo(SESSION.sessionToken());
    }

    @Test
    void constructorWhenNoRegionThenRejected() {
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(BASIC);
        assertThatThrownBy(() -> new HttpTableReads(new DynamoDbSettings(false, Duration.ofSeconds(2),
                Duration.ofMillis(600), 2, null,
                URI.create("https://dynamodb.eu-west-1.amazonaws.com")), credentials, new UrlConnectionExchange(), CLOCK))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("region");
    }
}
