package dev.tollgate.dynamodb;

import static dev.tollgate.dynamodb.ScriptedHttpServer.*;
import static dev.tollgate.dynamodb.TestTableReads.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.permission.PermissionStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RetryPolicy} as {@link HttpTableReads} applies it, against a scripted loopback server:
 * what is retried (5xx, throttling, a body failing its CRC32, a body that is not JSON), what fails
 * at once, the number of attempts, and the jitter of the backoff.
 */
class RetryPolicyTest {
    @RegisterExtension
    final ScriptedHttpServer server = ScriptedHttpServer.start();

    @Test
    void callWhen500ThenRetriedAndSucceeds() {
        server.enqueue(json(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                + "\"message\":\"Internal server error\"}"));
        server.enqueue(json(200, "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}"));

        Map<String, Attribute> item = readsAt(server.uri(), BASIC).getItem(getRead("alice"));

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

        TableReads.BatchResult result = readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#a"), false));

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

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenValidationExceptionThenFailsAtOnceWithTheDetails() {
        server.enqueue(json(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                + "\"message\":\"The provided key element does not match the schema\"}"));
        server.enqueue(json(200, "{}")); // never asked for

        PermissionStoreException e = catchThrowableOfType(PermissionStoreException.class,
                () -> readsAt(server.uri(), BASIC).getItem(getRead("alice")));

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
                () -> readsAt(server.uri(), BASIC).batchGetItem(batchRead(List.of("role#a"), false)));

        assertThat(e.getMessage()).startsWith("DynamoDB BatchGetItem on table " + TABLE + " failed: ")
                .contains("HTTP " + status)
                .endsWith("(1 attempt)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenErrorMessageIsLongThenAbbreviated() {
        String message = "x".repeat(1000);
        server.enqueue(json(400, "{\"__type\":\"ValidationException\",\"message\":\"" + message + "\"}"));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("ValidationException (HTTP 400): " + "x".repeat(300) + "...")
                .hasMessageNotContaining("x".repeat(301));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void callWhenAlways500ThenOnePlusMaxRetriesRequests(int maxRetries) {
        server.respondAlways(request -> json(500, "{\"__type\":\"InternalServerError\",\"message\":\"down\"}"));

        PermissionStoreException e = catchThrowableOfType(PermissionStoreException.class,
                () -> readsAt(server.uri(), BASIC, Duration.ofSeconds(5), Duration.ofSeconds(1), maxRetries)
                        .getItem(getRead("alice")));

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

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void callWhenCrc32MatchesThenOneRequest() {
        String body = "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}";
        server.enqueue(json(200, body, Map.of("x-amz-crc32", Long.toString(crc32(body)))));

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).containsEntry("principal", Attribute.s("alice"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void callWhenCrc32NeverMatchesThenFails() {
        String body = "{\"Item\":{\"principal\":{\"S\":\"alice\"}}}";
        server.respondAlways(request -> json(200, body, Map.of("x-amz-crc32", "12345")));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
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

        assertThat(readsAt(server.uri(), BASIC).getItem(getRead("alice"))).isNull();
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>OK</html>", "", "[]", "\"Item\"", "{\"Item\":", "null", "{\"Item\":{}} trailing"})
    void callWhen200IsNotAJsonObjectThenFailsClosed(String body) {
        server.respondAlways(request -> json(200, body));

        assertThatThrownBy(() -> readsAt(server.uri(), BASIC).getItem(getRead("alice")))
                .isInstanceOf(PermissionStoreException.class)
                .hasMessageContaining("GetItem on table " + TABLE)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void backoffWhenDrawnThenWithinFullJitterBoundsAndSpread() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long first = RetryPolicy.backoffMillis(1, false);
            long throttled = RetryPolicy.backoffMillis(2, true);
            long capped = RetryPolicy.backoffMillis(30, true);
            assertThat(first).isBetween(0L, 25L);
            assertThat(throttled).isBetween(0L, 200L);
            assertThat(capped).isBetween(0L, 1_000L);
            seen.add(capped);
        }
        // Drawn from the clock's nanoseconds, not a seeded generator a SnapStart snapshot would freeze.
        assertThat(seen).hasSizeGreaterThan(500);
    }
}
