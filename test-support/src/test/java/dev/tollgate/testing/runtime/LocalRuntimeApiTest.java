package dev.tollgate.testing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the local Runtime API over loopback HTTP as the runtime interface client would. */
class LocalRuntimeApiTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalRuntimeApi api;

    @BeforeEach
    void start() throws Exception {
        api = LocalRuntimeApi.start(false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + api.address() + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nextWhenEventQueuedThenHandsItOutWithLambdaHeadersAndCompletesOnResponse() throws Exception {
        CompletableFuture<LocalRuntimeApi.Result> result = api.enqueue("{\"a\":1}");

        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        assertThat(next.headers().firstValue("Content-Type")).hasValue("application/json");
        String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadline).isGreaterThan(System.currentTimeMillis());
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue(LocalRuntimeApi.DEFAULT_FUNCTION_ARN);
        assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()).startsWith("Root=1-");
        assertThat(next.headers().firstValue("Lambda-Runtime-Client-Context")).isEmpty();
        assertThat(next.headers().firstValue("Lambda-Runtime-Cognito-Identity")).isEmpty();
        assertThat(api.firstNext()).isDone();

        assertThat(post("/2018-06-01/runtime/invocation/" + id + "/response", "{\"ok\":true}", null).statusCode())
                .isEqualTo(202);
        LocalRuntimeApi.Result r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.error()).isFalse();
        assertThat(r.requestId()).isEqualTo(id);
        assertThat(r.enqueuedNanos()).isLessThanOrEqualTo(r.deliveredNanos());
        assertThat(r.deliveredNanos()).isLessThanOrEqualTo(r.respondedNanos());
    }

    @Test
    void nextWhenClientContextGivenThenSendsOptionalHeaders() throws Exception {
        api.enqueue(new LocalRuntimeApi.Event("{}", "arn:aws:lambda:eu-west-1:1:function:f", Duration.ofSeconds(3),
                "{\"custom\":{}}", "{\"cognitoIdentityId\":\"x\"}"));

        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");

        assertThat(next.headers().firstValue("Lambda-Runtime-Client-Context")).hasValue("{\"custom\":{}}");
        assertThat(next.headers().firstValue("Lambda-Runtime-Cognito-Identity")).hasValue("{\"cognitoIdentityId\":\"x\"}");
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue("arn:aws:lambda:eu-west-1:1:function:f");
    }

    @Test
    void nextWhenNoEventThenBlocksUntilOneIsQueued() throws Exception {
        CompletableFuture<HttpResponse<String>> next = getHeld("/2018-06-01/runtime/invocation/next", api.firstNext());

        api.enqueue("{\"late\":true}");

        assertThat(next.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"late\":true}");
    }

    @Test
    void errorWhenPostedThenResultCarriesErrorMessageAndType() throws Exception {
        CompletableFuture<LocalRuntimeApi.Result> result = api.enqueue("{}");
        String id = get("/2018-06-01/runtime/invocation/next").headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        post("/2018-06-01/runtime/invocation/" + id + "/error",
                "{\"errorMessage\":\"Unauthorized\",\"errorType\":\"dev.tollgate.lambda.UnauthorizedException\"}",
                "Runtime.UnknownReason");

        LocalRuntimeApi.Result r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.error()).isTrue();
        assertThat(r.errorMessage()).isEqualTo("Unauthorized");
        assertThat(r.errorType()).isEqualTo("Runtime.UnknownReason");
    }

    @Test
    void initErrorWhenPostedThenPendingInvocationsFail() throws Exception {
        CompletableFuture<LocalRuntimeApi.Result> result = api.enqueue("{}");

        post("/2018-06-01/runtime/init/error", "{\"errorMessage\":\"TOLLGATE_ISSUER is required\",\"errorType\":\"x\"}",
                "Runtime.Unknown");

        assertThat(api.initError().get(5, TimeUnit.SECONDS).errorMessage()).isEqualTo("TOLLGATE_ISSUER is required");
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LocalRuntimeApi.FunctionInitException.class)
                .hasMessageContaining("TOLLGATE_ISSUER is required");
    }

    @Test
    void restoreNextWhenNotAutoRestoringThenWaitsForRestore() throws Exception {
        CompletableFuture<HttpResponse<String>> restore = getHeld("/2018-06-01/runtime/restore/next",
                api.restoreRequested());

        api.restore();

        assertThat(restore.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void responseWhenRequestIdUnknownThenBadRequest() throws Exception {
        assertThat(post("/2018-06-01/runtime/invocation/nope/response", "{}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void failWhenProcessDiesThenQueuedInvocationsFail() {
        CompletableFuture<LocalRuntimeApi.Result> result = api.enqueue("{}");

        api.fail(new IllegalStateException("exited with 134"));

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasMessageContaining("exited with 134");
    }

    /**
     * Sends {@code GET path} without waiting for the answer, and checks the server holds it: the
     * request {@code arrived} (within 5 s), and 100 ms later there is still no answer.
     */
    private CompletableFuture<HttpResponse<String>> getHeld(String path, CompletableFuture<Long> arrived)
            throws Exception {
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://" + api.address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        arrived.get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(response).isNotDone();
        return response;
    }
}
