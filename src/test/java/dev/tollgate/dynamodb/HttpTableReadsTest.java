package dev.tollgate.dynamodb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.BinaryUtils;

/**
 * {@link HttpTableReads} against a real loopback HTTP server that answers from a script: the
 * requests on the wire (shape, and the SigV4 signature recomputed by the AWS SDK from the request as
 * received: see {@link #sdkAuthorization}), the mapping of responses, retries, the call budget, size
 * bounds, failures, priming and connection reuse. Timeouts are a few hundred ms, so the class runs in
 * about ten seconds.
 */
class HttpTableReadsTest {
    private static final String TABLE = "tollgate-permissions";
    private static final String REGION = "eu-west-1";
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26.535Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AMZ_DATE = "20260314T150926Z";
    private static final AwsBasicCredentials BASIC =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final AwsSessionCredentials SESSION =
            AwsSessionCredentials.create("ASIAEXAMPLE", "c2VjcmV0LXNlc3Npb24ta2V5", "FwoGZXIvYXdzEXAMPLE//token+/=");
    private static final Map<String, String> PRINCIPAL_NAMES = Map.of(
            "#p", "permissions", "#r", "roles", "#t", "tenant", "#u", "usageIdentifierKey", "#d", "disabled");
    private static final Map<String, String> ROLE_NAMES = Map.of("#k", "principal", "#p", "permissions");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScriptedServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- request shape --------------------------------------------------------------------------

    @Test
    void getItemWhenCalledThenPostsSignedJsonToRoot() throws Exception {
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        reads(BASIC).getItem(getRead("alice", false));

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
                + "\"ProjectionExpression\":\"#p, #r, #t, #u, #d\","
                + "\"ExpressionAttributeNames\":{\"#p\":\"permissions\",\"#r\":\"roles\",\"#t\":\"tenant\","
                + "\"#u\":\"usageIdentifierKey\",\"#d\":\"disabled\"},"
                + "\"ConsistentRead\":false}"));
    }

    @Test
    void getItemWhenConsistentReadAndOddKeyThenBodyCarriesThemVerbatim() throws Exception {
        server.enqueue(json(200, "{}"));
        String key = "ünïcode \"quoted\" \\ key\n/+=";

        reads(BASIC).getItem(new TableReads.ItemRead(TABLE, "principal", List.of(key), "#p", Map.of("#p", "permissions"),
                true, false));

        JsonNode body = server.onlyRequest().json();
        assertThat(body.path("Key").path("principal").path("S").textValue()).isEqualTo(key);
        assertThat(body.path("ConsistentRead").booleanValue()).isTrue();
        assertThat(body.path("ProjectionExpression").textValue()).isEqualTo("#p");
        assertThat(body.path("ExpressionAttributeNames")).isEqualTo(MAPPER.readTree("{\"#p\":\"permissions\"}"));
    }

    @Test
    void batchGetItemWhenCalledThenPostsRequestItemsForTheTable() throws Exception {
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{}}"));

        reads(BASIC).batchGetItem(batchRead(List.of("role#reader", "role#writer"), true, false));

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

        reads(SESSION).getItem(getRead("alice", false));

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

        new HttpTableReads(settings(URI.create("http://localhost:" + server.port()), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 0), StaticCredentialsProvider.create(BASIC), CLOCK)
                .getItem(getRead("alice", false));

        Received request = server.onlyRequest();
        assertThat(request.header("Host")).isEqualTo("localhost:" + server.port());
        assertThat(request.header("Authorization")).isEqualTo(sdkAuthorization(request, BASIC));
    }

    // ---- the signature on the wire, against the SDK's signer -----------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GetItem basic", "GetItem session", "BatchGetItem basic", "BatchGetItem session"})
    void signatureWhenRecomputedBySdkSignerThenAuthorizationMatches(String variant) {
        boolean session = variant.endsWith("session");
        AwsCredentials identity = session ? SESSION : BASIC;
        server.enqueue(json(200, "{}"));
        HttpTableReads reads = reads(identity);

        if (variant.startsWith("GetItem")) {
            reads.getItem(getRead("alice", false));
        } else {
            reads.batchGetItem(batchRead(List.of("role#a", "role#b", "role#c"), false, false));
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
        reads(BASIC).getItem(getRead("alice", false));
        Received request = server.onlyRequest();
        byte[] tampered = new String(request.body(), UTF_8).replace("alice", "alicf").getBytes(UTF_8);

        assertThat(sdkAuthorization(new Received(request.method(), request.path(), request.headers(), tampered,
                request.arrivalNanos()), BASIC)).isNotEqualTo(request.header("Authorization"));
    }

    // ---- response mapping -----------------------------------------------------------------------

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

        Map<String, Attribute> item = reads(BASIC).getItem(getRead("alice", false));

        assertThat(item).containsOnlyKeys("principal", "permissions", "list", "disabled", "enabled", "count", "map",
                "nothing", "bytes", "numbers", "empty");
        assertThat(item.get("principal")).isEqualTo(Attribute.s("alice"));
        assertThat(item.get("permissions")).isEqualTo(Attribute.ss(List.of("GET /a", "POST /b")));
        assertThat(item.get("list")).isEqualTo(Attribute.l(List.of(Attribute.s("x"), Attribute.other("N"),
                Attribute.bool(true), Attribute.l(List.of()), Attribute.other(Attribute.MALFORMED))));
        assertThat(item.get("disabled")).isEqualTo(Attribute.bool(true));
        assertThat(item.get("enabled")).isEqualTo(Attribute.bool(false));
        assertThat(item.get("count")).isEqualTo(Attribute.other("N"));
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

        assertThat(reads(BASIC).getItem(getRead("nobody", false))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"S\":5}", "{\"S\":null}", "{\"S\":[\"a\"]}", "{\"S\":\"a\",\"N\":\"1\"}", "{}", "\"S\"", "5", "null", "true",
        "[{\"S\":\"a\"}]", "{\"SS\":[1]}", "{\"SS\":[\"a\",null]}", "{\"SS\":\"a\"}", "{\"SS\":{\"a\":\"b\"}}",
        "{\"L\":{}}", "{\"L\":\"x\"}", "{\"BOOL\":\"true\"}", "{\"BOOL\":1}", "{\"lowercase\":\"x\"}", "{\"s\":\"x\"}",
        "{\"ABCDE\":\"x\"}", "{\"\":\"x\"}", "{\"N1\":\"x\"}", "{\"S \":\"x\"}", "{\"STRINGSETS\":[\"a\"]}"})
    void getItemWhenAttributeIsMalformedThenMalformed(String value) {
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"},\"permissions\":" + value + "}}"));

        Map<String, Attribute> item = reads(BASIC).getItem(getRead("alice", false));

        assertThat(item.get("permissions")).isEqualTo(Attribute.other(Attribute.MALFORMED));
        assertThat(item.get("principal")).isEqualTo(Attribute.s("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"Item\":\"alice\"}", "{\"Item\":[]}", "{\"Item\":5}", "{\"Item\":null}"})
    void getItemWhenItemIsNotAnObjectThenFailsWithoutRetry(String response) {
        server.enqueue(json(200, response));

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
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

        TableReads.BatchResult result = reads(BASIC).batchGetItem(
                batchRead(List.of("role#reader", "role#writer", "role#admin", "role#ops"), false, false));

        assertThat(result.items()).containsExactly(
                Map.of("principal", Attribute.s("role#reader"), "permissions", Attribute.ss(List.of("GET /a"))),
                Map.of("principal", Attribute.s("role#writer"),
                        "permissions", Attribute.l(List.of(Attribute.s("POST /a"), Attribute.other("N")))));
        assertThat(result.unprocessedKeys()).containsExactly("role#admin", "role#ops");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"Responses\":{},\"UnprocessedKeys\":{}}",
        "{\"Responses\":{\"" + TABLE + "\":[]}}", "{\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[]}}}"})
    void batchGetItemWhenNothingFoundThenEmptyResult(String response) {
        server.enqueue(json(200, response));

        TableReads.BatchResult result = reads(BASIC).batchGetItem(batchRead(List.of("role#a"), false, false));

        assertThat(result.items()).isEmpty();
        assertThat(result.unprocessedKeys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"principal\":{\"N\":\"1\"}}", "{}", "{\"principal\":{\"S\":5}}", "{\"principal\":\"x\"}",
        "{\"other\":{\"S\":\"role#a\"}}", "\"role#a\""})
    void batchGetItemWhenUnprocessedKeyHasNoStringPrincipalThenFails(String key) {
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[]},"
                + "\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[{\"principal\":{\"S\":\"role#ok\"}}," + key + "]}}}"));

        assertThatThrownBy(() -> reads(BASIC).batchGetItem(batchRead(List.of("role#ok", "role#a"), false, false)))
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

        assertThatThrownBy(() -> reads(BASIC).batchGetItem(batchRead(List.of("role#a"), false, false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("BatchGetItem on table " + TABLE)
                .hasMessageContaining("malformed response");
    }

    // ---- retries and the budget -----------------------------------------------------------------

    @Test
    void callWhen500ThenRetriedAndSucceeds() {
        server.enqueue(json(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                + "\"message\":\"Internal server error\"}"));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        Map<String, Attribute> item = reads(BASIC).getItem(getRead("alice", false));

        assertThat(item).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
        // The retry is the same request, signed again.
        assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo(sdkAuthorization(server.requests().get(1), BASIC));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void callWhen5xxWithoutBodyThenRetried(int status) {
        server.enqueue(empty(status));
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#a\"}}]}}"));

        TableReads.BatchResult result = reads(BASIC).batchGetItem(batchRead(List.of("role#a"), false, false));

        assertThat(result.items()).hasSize(1);
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "400 {\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}",
        "400 {\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded\"}",
        "400 {\"__type\":\"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded\",\"Message\":\"Throughput exceeds the current capacity for your account.\"}",
        "400 {\"__type\":\"TooManyRequestsException\"}",
        "429 ",
        "429 {\"message\":\"slow down\"}"})
    void callWhenThrottledThenRetriedAndSucceeds(String statusAndBody) {
        int status = Integer.parseInt(statusAndBody.substring(0, 3));
        server.enqueue(json(status, statusAndBody.substring(4)));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenValidationExceptionThenFailsAtOnceWithTheDetails() {
        server.enqueue(json(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                + "\"message\":\"The provided key element does not match the schema\"}"));
        server.enqueue(json(200, "{}")); // never asked for

        PermissionStoreException e = catchThrowableOfType(PermissionStoreException.class,
                () -> reads(BASIC).getItem(getRead("alice", false)));

        assertThat(e.getMessage())
                .isEqualTo("DynamoDB GetItem on table " + TABLE + " failed: ValidationException (HTTP 400): "
                        + "The provided key element does not match the schema (1 attempt)");
        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "400 {\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"Requested resource not found\"}",
        "400 {\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User is not authorized\"}",
        "400 {\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\",\"message\":\"The security token included in the request is invalid.\"}",
        "403 {\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":\"Signature expired\"}",
        "400 not json at all",
        "404 ",
        "301 ",
        "204 "})
    void callWhenOtherStatusThenFailsAfterOneRequest(String statusAndBody) {
        int status = Integer.parseInt(statusAndBody.substring(0, 3));
        server.enqueue(statusAndBody.length() > 4 ? json(status, statusAndBody.substring(4)) : empty(status));

        PermissionStoreException e = catchThrowableOfType(PermissionStoreException.class,
                () -> reads(BASIC).batchGetItem(batchRead(List.of("role#a"), false, false)));

        assertThat(e.getMessage()).startsWith("DynamoDB BatchGetItem on table " + TABLE + " failed: ")
                .contains("HTTP " + status)
                .endsWith("(1 attempt)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenErrorMessageIsLongThenAbbreviated() {
        String message = "x".repeat(1000);
        server.enqueue(json(400, "{\"__type\":\"ValidationException\",\"message\":\"" + message + "\"}"));

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("ValidationException (HTTP 400): " + "x".repeat(300) + "...")
                .hasMessageNotContaining("x".repeat(301));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void callWhenAlways500ThenOnePlusMaxRetriesRequests(int maxRetries) {
        server.respondAlways(request -> json(500, "{\"__type\":\"InternalServerError\",\"message\":\"down\"}"));

        PermissionStoreException e = catchThrowableOfType(PermissionStoreException.class,
                () -> reads(BASIC, Duration.ofSeconds(5), Duration.ofSeconds(1), maxRetries)
                        .getItem(getRead("alice", false)));

        int attempts = 1 + maxRetries;
        assertThat(server.requests()).hasSize(attempts);
        // Backoff (full jitter, 25 ms base) is short here: the retries come well inside the budget.
        List<Received> requests = server.requests();
        assertThat(Duration.ofNanos(requests.get(attempts - 1).arrivalNanos() - requests.get(0).arrivalNanos()))
                .isLessThan(Duration.ofSeconds(2));
        assertThat(e.getMessage()).isEqualTo("DynamoDB GetItem on table " + TABLE
                + " failed: InternalServerError (HTTP 500): down (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"));
    }

    @Test
    void callWhenCrc32DoesNotMatchThenRetried() {
        String body = "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}";
        server.enqueue(json(200, body, Map.of("x-amz-crc32", Long.toString(crc32(body) ^ 1))));
        server.enqueue(json(200, body, Map.of("x-amz-crc32", Long.toString(crc32(body)))));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenCrc32MatchesThenOneRequest() {
        String body = "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}";
        server.enqueue(json(200, body, Map.of("x-amz-crc32", Long.toString(crc32(body)))));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenCrc32NeverMatchesThenFails() {
        String body = "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}";
        server.respondAlways(request -> json(200, body, Map.of("x-amz-crc32", "12345")));

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("x-amz-crc32")
                .hasMessageContaining("(3 attempts)");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void callWhenErrorBodyFailsCrc32ThenRetried() {
        // A garbled error body is not trusted to say "do not retry".
        String error = "{\"__type\":\"ValidationException\",\"message\":\"bad\"}";
        server.enqueue(json(400, error, Map.of("x-amz-crc32", Long.toString(crc32(error) + 1))));
        server.enqueue(json(200, "{}"));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).isNull();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenServerStallsThenFailsWithinTheCallTimeout() {
        Duration callTimeout = Duration.ofMillis(900);
        server.respondAlways(request -> stall(Duration.ofSeconds(30)));
        HttpTableReads reads = reads(BASIC, callTimeout, Duration.ofMillis(250), 10);

        long start = System.nanoTime();
        PermissionStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(
                PermissionStoreException.class, () -> reads.getItem(getRead("alice", false))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.getMessage()).contains("GetItem on table " + TABLE).contains("timed out");
        assertThat(elapsed).isLessThan(callTimeout.plusSeconds(1)).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        // Attempts of 250 ms each in a 900 ms budget: more than one, never all 11.
        List<Received> requests = server.requests();
        assertThat(requests.size()).isBetween(2, 4);
        // Each attempt waited out its own timeout before the next began; none started past the budget.
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Duration.ofNanos(requests.get(i).arrivalNanos() - requests.get(i - 1).arrivalNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(230));
        }
        assertThat(Duration.ofNanos(requests.get(requests.size() - 1).arrivalNanos() - start)).isLessThan(callTimeout);
    }

    @Test
    void callWhenServerStallsAfterTheHeadersThenFailsWithinTheCallTimeout() {
        Duration callTimeout = Duration.ofMillis(900);
        server.respondAlways(request -> exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"Item\":".getBytes(UTF_8));
            exchange.getResponseBody().flush();
            sleep(Duration.ofSeconds(30));
        });
        HttpTableReads reads = reads(BASIC, callTimeout, Duration.ofMillis(250), 10);

        assertTimesOutWithin(callTimeout, reads);
    }

    @Test
    void callWhenServerDripsTheBodyThenFailsWithinTheCallTimeout() {
        // Each byte arrives well within the read timeout; only the attempt deadline stops the read.
        Duration callTimeout = Duration.ofMillis(900);
        server.respondAlways(request -> exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"Item\":{}".getBytes(UTF_8));
            for (int i = 0; i < 300; i++) {
                out.write(' ');
                out.flush();
                sleep(Duration.ofMillis(50));
            }
            out.write('}');
            out.close();
        });
        HttpTableReads reads = reads(BASIC, callTimeout, Duration.ofMillis(250), 10);

        assertTimesOutWithin(callTimeout, reads);
    }

    @Test
    void callWhenServerDripsTheHeadersThenFailsWithinTheCallTimeout() throws Exception {
        // The JDK parses the status line and headers without a deadline: a byte every 50 ms never
        // trips the socket's read timeout.
        Duration callTimeout = Duration.ofMillis(900);
        try (DrippingServer dripping = new DrippingServer()) {
            HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + dripping.port()),
                    callTimeout, Duration.ofMillis(250), 10), StaticCredentialsProvider.create(BASIC), CLOCK);

            assertTimesOutWithin(callTimeout, reads);
        }
    }

    @Test
    void callWhenHeadersArriveLateAndTheBodyStallsThenFailsWithinTheCallTimeout() throws Exception {
        // The socket's read timeout was fixed at connect; after late headers it cannot shorten.
        Duration callTimeout = Duration.ofMillis(900);
        try (DrippingServer late = new DrippingServer(out -> {
            Thread.sleep(200);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{\"Item\":"
                    .getBytes(UTF_8));
            out.flush();
            Thread.sleep(30_000);
        })) {
            HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + late.port()),
                    callTimeout, Duration.ofMillis(250), 10), StaticCredentialsProvider.create(BASIC), CLOCK);

            assertTimesOutWithin(callTimeout, reads);
        }
    }

    @Test
    void callWhenChunkedTrailersDripThenFailsWithinTheCallTimeout() throws Exception {
        // The JDK reads trailers inside one read() call: no deadline check between reads would run.
        Duration callTimeout = Duration.ofMillis(900);
        try (DrippingServer trailers = new DrippingServer(out -> DrippingServer.drip(out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\nX-Trailer: "))) {
            HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + trailers.port()),
                    callTimeout, Duration.ofMillis(250), 10), StaticCredentialsProvider.create(BASIC), CLOCK);

            assertTimesOutWithin(callTimeout, reads);
        }
    }

    @Test
    void callWhenResponseIsLargerThanTheBoundThenFailsAtOnce() {
        server.respondAlways(request -> exchange -> {
            // Streamed (chunked): the size is not announced, only reading finds it out.
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent <= 2L * HttpTableReads.MAX_RESPONSE_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                // expected: the client stops reading at the bound
            }
        });

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("larger than " + HttpTableReads.MAX_RESPONSE_BYTES + " bytes")
                .hasMessageContaining("(1 attempt)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenResponseIsExactlyTheBoundThenRead() {
        server.enqueue(padded(HttpTableReads.MAX_RESPONSE_BYTES));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).isNull();
    }

    @Test
    void callWhenResponseIsOneByteOverTheBoundThenFails() {
        server.enqueue(padded(HttpTableReads.MAX_RESPONSE_BYTES + 1));

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("larger than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>OK</html>", "", "[]", "\"Item\"", "{\"Item\":", "null", "{\"Item\":{}} trailing"})
    void callWhen200IsNotAJsonObjectThenFailsClosed(String body) {
        server.respondAlways(request -> json(200, body));

        assertThatThrownBy(() -> reads(BASIC).getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem on table " + TABLE)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void callWhenResponseIsCutShortThenRetried() {
        server.enqueue(exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"Item\":{\"princ".getBytes(UTF_8));
            exchange.getResponseBody().flush();
            exchange.close(); // fewer bytes than announced: the server closes the connection
        });
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        assertThat(reads(BASIC).getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenConnectionRefusedThenFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofSeconds(2), Duration.ofMillis(500), 2), StaticCredentialsProvider.create(BASIC), CLOCK);

        assertThatThrownBy(() -> reads.getItem(getRead("alice", false)))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem on table " + TABLE)
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("(3 attempts)");
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
        assertThatThrownBy(() -> new HttpTableReads(settings(server.uri(), Duration.ofSeconds(2), Duration.ofMillis(600), 2),
                failing, CLOCK).getItem(getRead("alice", false)))
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

        new HttpTableReads(settings(), rotating, CLOCK).getItem(getRead("alice", false));

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo(sdkAuthorization(server.requests().get(0), BASIC));
        assertThat(server.requests().get(0).header("X-Amz-Security-Token")).isNull();
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo(sdkAuthorization(server.requests().get(1), SESSION));
        assertThat(server.requests().get(1).header("X-Amz-Security-Token")).isEqualTo(SESSION.sessionToken());
    }

    @Test
    void backoffWhenDrawnThenWithinFullJitterBoundsAndSpread() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long first = HttpTableReads.backoffMillis(1, false);
            long throttled = HttpTableReads.backoffMillis(2, true);
            long capped = HttpTableReads.backoffMillis(30, true);
            assertThat(first).isBetween(0L, 25L);
            assertThat(throttled).isBetween(0L, 200L);
            assertThat(capped).isBetween(0L, 1_000L);
            seen.add(capped);
        }
        // Drawn from the clock's nanoseconds, not a seeded generator a SnapStart snapshot would freeze.
        assertThat(seen).hasSizeGreaterThan(500);
    }

    /** The read fails with "timed out" within the call timeout (plus 300 ms of slack), never hanging. */
    private static void assertTimesOutWithin(Duration callTimeout, HttpTableReads reads) {
        long start = System.nanoTime();
        PermissionStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(
                PermissionStoreException.class, () -> reads.getItem(getRead("alice", false))));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.getMessage()).contains("timed out");
        assertThat(elapsed).isLessThan(callTimeout.plusMillis(300));
    }

    // ---- priming --------------------------------------------------------------------------------

    @Test
    void primeConnectionWhenCalledThenOneLoopbackExchangeWithoutCredentialsOrTheEndpoint() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AwsCredentialsProvider counting = () -> {
            lookups.incrementAndGet();
            return BASIC;
        };
        server.respondAlways(request -> json(200, "{}"));
        HttpTableReads reads = new HttpTableReads(settings(), counting, CLOCK);

        reads.primeConnection();
        reads.primeConnection(); // its responder is gone; a second priming gets its own

        assertThat(lookups).hasValue(0);
        assertThat(server.requests()).as("the configured endpoint is never contacted").isEmpty();
        // and the real path still works afterwards
        reads.getItem(getRead("alice", false));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void getItemWhenPrimingThenCannedItemWithoutNetworkOrCredentials() {
        AtomicInteger credentialLookups = new AtomicInteger();
        AwsCredentialsProvider counting = () -> {
            credentialLookups.incrementAndGet();
            throw new IllegalStateException("priming must not look up credentials");
        };
        server.respondAlways(request -> json(500, "{}"));

        Map<String, Attribute> item = new HttpTableReads(settings(), counting, CLOCK)
                .getItem(getRead(PrimingResponses.PRINCIPAL, true));

        assertThat(item.get("principal")).isEqualTo(Attribute.s("tollgate-priming"));
        assertThat(item.get("permissions")).isEqualTo(Attribute.ss(List.of("GET /priming/*", "* /priming")));
        assertThat(item.get("roles")).isEqualTo(Attribute.ss(List.of("priming")));
        assertThat(item.get("tenant")).isEqualTo(Attribute.s("priming"));
        assertThat(item.get("disabled")).isEqualTo(Attribute.bool(false));
        assertThat(server.requests()).isEmpty();
        assertThat(credentialLookups).hasValue(0);
    }

    @Test
    void batchGetItemWhenPrimingThenCannedResponseNamesTheRequestedTable() {
        server.respondAlways(request -> json(500, "{}"));
        HttpTableReads reads = reads(BASIC);

        for (String table : List.of(TABLE, "another-table", "prod.permissions-v2")) {
            TableReads.BatchResult result = reads.batchGetItem(new TableReads.ItemRead(table, "principal",
                    List.of("role#priming"), "#k, #p", ROLE_NAMES, false, true));

            assertThat(result.items()).containsExactly(Map.of("principal", Attribute.s("role#priming"),
                    "permissions", Attribute.l(List.of(Attribute.s("POST /priming")))));
            assertThat(result.unprocessedKeys()).isEmpty();
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void primingWhenEndpointIsUnreachableThenStillAnswered() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofSeconds(2), Duration.ofMillis(500), 2), StaticCredentialsProvider.create(BASIC), CLOCK);

        assertThat(reads.getItem(getRead(PrimingResponses.PRINCIPAL, true))).containsKey("permissions");
        assertThat(reads.batchGetItem(batchRead(List.of("role#priming"), false, true)).items()).hasSize(1);
    }

    @Test
    void storePrimeWhenOverHttpThenNoRequestAndPermissionsOfThenReadsBoth() {
        DynamoDbPermissionStore store = new DynamoDbPermissionStore(reads(BASIC), TABLE, settings(), Duration.ZERO);

        store.prime();
        assertThat(server.requests()).isEmpty();

        server.enqueue(json(200, "{\"Item\":{\"permissions\":{\"SS\":[\"GET /orders/*\"]},\"roles\":{\"SS\":[\"reader\"]},"
                + "\"tenant\":{\"S\":\"acme\"}}}"));
        server.enqueue(json(200, "{\"Responses\":{\"" + TABLE + "\":[{\"principal\":{\"S\":\"role#reader\"},"
                + "\"permissions\":{\"L\":[{\"S\":\"GET /books/*\"}]}}]},\"UnprocessedKeys\":{}}"));

        PermissionSet result = store.permissionsOf("alice");

        assertThat(result.permissions()).containsExactlyInAnyOrder(
                new Permission("GET", "/orders/*"), new Permission("GET", "/books/*"));
        assertThat(result.tenant()).isEqualTo("acme");
        assertThat(server.requests()).extracting(r -> r.header("X-Amz-Target"))
                .containsExactly("DynamoDB_20120810.GetItem", "DynamoDB_20120810.BatchGetItem");
    }

    // ---- connection reuse -----------------------------------------------------------------------

    @Test
    void callsWhenSequentialThenEachSucceeds() {
        server.respondAlways(request -> json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = reads(BASIC);

        for (int i = 0; i < 5; i++) {
            assertThat(reads.getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        }
        assertThat(server.requests()).hasSize(5);
        assertThat(server.connections()).isBetween(1, 5);
    }

    @Test
    void connectWhenCalledThenUnsignedHealthCheckAndTheFirstReadReusesItsConnection() throws Exception {
        server.enqueue(json(200, "healthy: dynamodb.eu-west-1.amazonaws.com ", Map.of("Content-Type", "text/plain")));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = reads(BASIC);

        reads.connect();
        assertThat(reads.getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));

        List<Received> requests = server.requests();
        assertThat(requests).extracting(Received::method).containsExactly("GET", "POST");
        assertThat(requests.get(0).header("Authorization")).as("no signature, no credentials").isNull();
        assertThat(server.connections()).as("the read took the warmed connection").isEqualTo(1);
    }

    @Test
    void connectWhenTheServerDripsItsHeadersThenFailsWithinTheAttemptTimeout() throws Exception {
        try (DrippingServer dripping = new DrippingServer()) {
            HttpTableReads reads = new HttpTableReads(settings(URI.create("http://127.0.0.1:" + dripping.port()),
                    Duration.ofSeconds(2), Duration.ofMillis(300), 0), StaticCredentialsProvider.create(BASIC), CLOCK);
            long start = System.nanoTime();
            assertThatThrownBy(reads::connect).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
        }
    }

    @Test
    void connectWhenEndpointDownThenFailsWithinTheAttemptTimeout() {
        HttpTableReads reads = reads(BASIC, Duration.ofMillis(300), Duration.ofMillis(300), 0);
        server.close();
        long start = System.nanoTime();
        assertThatThrownBy(reads::connect).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void callWhenPreviousCallGotAnErrorThenNextCallWorks() {
        server.enqueue(json(400, "{\"__type\":\"ValidationException\",\"message\":\"bad\"}"));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = reads(BASIC);

        assertThatThrownBy(() -> reads.getItem(getRead("alice", false))).isInstanceOf(PermissionStoreException.class);
        assertThat(reads.getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenPreviousCallTimedOutOrOverflowedThenNextCallWorks() {
        server.enqueue(stall(Duration.ofSeconds(30)));
        server.enqueue(padded(HttpTableReads.MAX_RESPONSE_BYTES + 1));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));
        HttpTableReads reads = reads(BASIC, Duration.ofMillis(300), Duration.ofMillis(300), 0);

        assertThatThrownBy(() -> reads.getItem(getRead("alice", false))).hasMessageContaining("timed out");
        HttpTableReads patient = reads(BASIC, Duration.ofSeconds(5), Duration.ofSeconds(5), 0);
        assertThatThrownBy(() -> patient.getItem(getRead("alice", false))).hasMessageContaining("larger than");
        assertThat(patient.getItem(getRead("alice", false))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void callsWhenConcurrentThenEachGetsItsOwnAnswer() throws Exception {
        server.respondAlways(request -> {
            String key = request.json().path("Key").path("principal").path("S").textValue();
            return json(200, "{\"Item\":{\"principal\":{\"S\":\"" + key + "\"}}}");
        });
        HttpTableReads reads = reads(BASIC);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String principal = "user-" + i;
                results.add(pool.submit(() -> Attribute.s(principal)
                        .equals(reads.getItem(getRead(principal, false)).get("principal"))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests()).hasSize(64);
    }

    // ---- construction ---------------------------------------------------------------------------

    @Test
    void constructorWhenNoRegionThenRejected() {
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(BASIC);
        assertThatThrownBy(() -> new HttpTableReads(new DynamoDbSettings(false, Duration.ofSeconds(2),
                Duration.ofMillis(600), 2, DynamoDbSettings.Transport.HTTP, null,
                URI.create("https://dynamodb.eu-west-1.amazonaws.com")), credentials, CLOCK))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("region");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private DynamoDbSettings settings() {
        return settings(server.uri(), Duration.ofSeconds(2), Duration.ofMillis(1000), 2);
    }

    private static DynamoDbSettings settings(URI endpoint, Duration callTimeout, Duration attemptTimeout,
            int maxRetries) {
        return new DynamoDbSettings(false, callTimeout, attemptTimeout, maxRetries,
                DynamoDbSettings.Transport.HTTP, REGION, endpoint);
    }

    private HttpTableReads reads(AwsCredentials credentials) {
        return new HttpTableReads(settings(), StaticCredentialsProvider.create(credentials), CLOCK);
    }

    private HttpTableReads reads(AwsCredentials credentials, Duration callTimeout, Duration attemptTimeout,
            int maxRetries) {
        return new HttpTableReads(settings(server.uri(), callTimeout, attemptTimeout, maxRetries),
                StaticCredentialsProvider.create(credentials), CLOCK);
    }

    private static TableReads.ItemRead getRead(String principal, boolean priming) {
        return new TableReads.ItemRead(TABLE, "principal", List.of(principal), "#p, #r, #t, #u, #d", PRINCIPAL_NAMES,
                false, priming);
    }

    private static TableReads.ItemRead batchRead(List<String> keys, boolean consistentRead, boolean priming) {
        return new TableReads.ItemRead(TABLE, "principal", keys, "#k, #p", ROLE_NAMES, consistentRead, priming);
    }

    private static List<String> signedHeaderNames(Received request) {
        String authorization = request.header("Authorization");
        int start = authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length();
        return List.of(authorization.substring(start, authorization.indexOf(',', start)).split(";"));
    }

    /**
     * The oracle: the expected {@code Authorization} of the request as received (same Host value, same
     * signed headers, same body, the clock given to HttpTableReads), computed by the AWS SDK.
     *
     * <p>The SDK's {@link AwsV4HttpSigner} always adds and signs an {@code x-amz-content-sha256} header,
     * which tollgate does not send (DynamoDB does not need it), so its {@code Authorization} cannot be
     * byte-equal to tollgate's. It is used in three steps instead: (1) it signs the received request,
     * which must give the same date, a payload hash equal to SHA-256 of the received body, and the
     * received signed headers plus {@code x-amz-content-sha256}; (2) the building blocks that signer
     * is made of ({@link V4CanonicalRequest}, {@link CredentialScope}, {@link SignerUtils}) must
     * reproduce its {@code Authorization} exactly for its own request; (3) the same building blocks
     * then sign the headers as received.
     */
    private static String sdkAuthorization(Received request, AwsCredentialsIdentity identity) {
        List<String> signedNames = signedHeaderNames(request);
        // https, as in production (the scheme is not signed); Host as received (it carries the port).
        SdkHttpRequest.Builder asReceived = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("https://" + request.header("Host") + request.path()));
        SdkHttpRequest.Builder unsigned = asReceived.copy();
        for (String name : signedNames) {
            asReceived.putHeader(name, request.header(name));
            if (!name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
                unsigned.putHeader(name, request.header(name)); // the signer adds these two itself
            }
        }
        String payloadHash = BinaryUtils.toHex(SignerUtils.hash(request.body()));

        // (1)
        SdkHttpRequest sdkSigned = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK))
                .request();
        assertThat(sdkSigned.firstMatchingHeader("X-Amz-Date")).contains(request.header("X-Amz-Date"));
        assertThat(sdkSigned.firstMatchingHeader("x-amz-content-sha256")).contains(payloadHash);
        String sdkAuthorization = sdkSigned.firstMatchingHeader("Authorization").orElseThrow();
        List<String> withPayloadHash = new ArrayList<>(signedNames);
        withPayloadHash.add("x-amz-content-sha256");
        Collections.sort(withPayloadHash);
        assertThat(sdkAuthorization).contains("SignedHeaders=" + String.join(";", withPayloadHash) + ", ");

        // (2)
        assertThat(authorization(sdkSigned.toBuilder().removeHeader("Authorization").build(), payloadHash, identity))
                .as("the SDK signer's building blocks reproduce its signature")
                .isEqualTo(sdkAuthorization);

        // (3)
        return authorization(asReceived.build(), payloadHash, identity);
    }

    /** SigV4 as the SDK's {@code DefaultV4RequestSigner} assembles it, over exactly the request's headers. */
    private static String authorization(SdkHttpRequest request, String payloadHash, AwsCredentialsIdentity identity) {
        // AwsV4HttpSigner's defaults: double URL encoding and path normalisation on.
        V4CanonicalRequest canonical = new V4CanonicalRequest(request, payloadHash, new V4CanonicalRequest.Options(true, true));
        CredentialScope scope = new CredentialScope(REGION, "dynamodb", NOW);
        String stringToSign = "AWS4-HMAC-SHA256\n" + scope.getDatetime() + "\n" + scope.scope() + "\n"
                + SignerUtils.hashCanonicalRequest(canonical.getCanonicalRequestString());
        String signature = BinaryUtils.toHex(
                SignerUtils.computeSignature(stringToSign, SignerUtils.deriveSigningKey(identity, scope)));
        return "AWS4-HMAC-SHA256 Credential=" + scope.scope(identity) + ", SignedHeaders="
                + canonical.getSignedHeadersString() + ", Signature=" + signature;
    }

    private static boolean resolvesToLoopbackV4First(String name) {
        try {
            return InetAddress.getByName(name).getHostAddress().equals("127.0.0.1");
        } catch (IOException e) {
            return false;
        }
    }

    private static long crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(UTF_8));
        return crc.getValue();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the scripted server --------------------------------------------------------------------

    /** One request as the server received it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body, long arrivalNanos) {
        /** The first value of a header, by case-insensitive name; null when absent. */
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + new String(body, UTF_8), e);
            }
        }
    }

    /** How the server answers one request. */
    @FunctionalInterface
    interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    private static Reply json(int status, String body) {
        return json(status, body, Map.of());
    }

    private static Reply json(int status, String body, Map<String, String> headers) {
        byte[] bytes = body.getBytes(UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private static Reply empty(int status) {
        return exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    /** {@code {}} padded with spaces to exactly {@code length} bytes, with a Content-Length. */
    private static Reply padded(int length) {
        return exchange -> {
            exchange.sendResponseHeaders(200, length);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                for (int left = length - 2; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
                out.write('}');
            } catch (IOException clientHungUp) {
                // the client may stop reading at its bound
            }
        };
    }

    /** Answers nothing for {@code duration} (or until the server stops). */
    private static Reply stall(Duration duration) {
        return exchange -> {
            sleep(duration);
            exchange.close();
        };
    }

    /** A loopback HTTP server answering from a queue of replies (then a default), recording every request. */
    private static final class ScriptedServer implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "scripted-dynamodb");
            thread.setDaemon(true);
            return thread;
        });
        private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
        private final List<Received> requests = new CopyOnWriteArrayList<>();
        private final Map<String, Boolean> remotes = Collections.synchronizedMap(new TreeMap<>());
        private volatile Function<Received, Reply> otherwise =
                request -> json(500, "{\"__type\":\"InternalServerError\",\"message\":\"unscripted request\"}");

        ScriptedServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            http.setExecutor(executor);
            http.createContext("/", exchange -> {
                try {
                    long arrival = System.nanoTime();
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
                    Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                            Collections.unmodifiableMap(headers), body, arrival);
                    requests.add(request);
                    remotes.put(exchange.getRemoteAddress().toString(), true);
                    Reply reply = script.poll();
                    (reply != null ? reply : otherwise.apply(request)).send(exchange);
                } finally {
                    exchange.close();
                }
            });
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port());
        }

        void enqueue(Reply reply) {
            script.add(reply);
        }

        void respondAlways(Function<Received, Reply> reply) {
            otherwise = reply;
        }

        List<Received> requests() {
            return List.copyOf(requests);
        }

        Received onlyRequest() {
            assertThat(requests).hasSize(1);
            return requests.get(0);
        }

        /** Distinct client sockets seen. */
        int connections() {
            return remotes.size();
        }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    /** A raw server that reads a request and then sends its status line one byte per 50 ms. */
    private static final class DrippingServer implements AutoCloseable {
        /** What the server writes after reading the request. */
        interface Script {
            void play(OutputStream out) throws IOException, InterruptedException;
        }

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dripping-dynamodb");
            thread.setDaemon(true);
            return thread;
        });
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        /** The status line and headers, one byte every 50 ms, for ever. */
        DrippingServer() throws IOException {
            this(out -> drip(out, "HTTP/1.1 200 OK\r\nX-Padding: "));
        }

        DrippingServer(Script script) throws IOException {
            executor.execute(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        accepted.add(client);
                        executor.execute(() -> serve(client, script));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void serve(Socket client, Script script) {
            try (client) {
                InputStream in = client.getInputStream();
                in.read(new byte[8192]); // the request (small enough to arrive at once)
                script.play(client.getOutputStream());
            } catch (IOException | InterruptedException e) {
                // client gone or server stopped
            }
        }

        /** {@code prefix} at once, then one more byte every 50 ms, for ever. */
        static void drip(OutputStream out, String prefix) throws IOException, InterruptedException {
            out.write(prefix.getBytes(UTF_8));
            out.flush();
            for (int i = 0; i < 10_000 && !Thread.currentThread().isInterrupted(); i++) {
                out.write('a');
                out.flush();
                Thread.sleep(50);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : accepted) {
                client.close();
            }
            executor.shutdownNow();
        }
    }
}
