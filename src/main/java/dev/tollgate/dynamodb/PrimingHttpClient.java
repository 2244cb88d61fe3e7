package dev.tollgate.dynamodb;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client of the DynamoDB client: the real one, except for SnapStart priming requests,
 * which it answers itself with a canned DynamoDB response. Priming thereby runs the SDK's whole
 * path (marshalling, endpoint rules, signing, response parsing, unmarshalling) without a network
 * call or a table read.
 *
 * <p>A request is a priming request only when our own code set the {@link #PRIMING} execution
 * attribute; the {@link Marker} interceptor turns that attribute into a header this class looks
 * for. Nothing a caller sends can set either.
 */
final class PrimingHttpClient implements SdkHttpClient {
    /** Set on a request's override configuration to mark it as a priming request. */
    static final ExecutionAttribute<Boolean> PRIMING = new ExecutionAttribute<>("tollgate.priming");
    private static final String HEADER = "x-tollgate-priming";

    private static final Pattern BATCH_TABLE = Pattern.compile("\\{\"RequestItems\":\\{\"([^\"]+)\"");

    private final SdkHttpClient delegate;

    PrimingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        if (http.firstMatchingHeader(HEADER).isEmpty()) {
            return delegate.prepareRequest(request);
        }
        String target = http.firstMatchingHeader("X-Amz-Target").orElse("");
        String body = target.endsWith("BatchGetItem")
                ? PrimingResponses.batchGetItem(batchTable(request))
                : PrimingResponses.getItem();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", String.valueOf(bytes.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Adds the priming header to requests that carry the {@link #PRIMING} attribute. */
    static final class Marker implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(PRIMING))) {
                return context.httpRequest().toBuilder().putHeader(HEADER, "1").build();
            }
            return context.httpRequest();
        }
    }

    /** The table a BatchGetItem request names (the canned response must answer for it). */
    private static String batchTable(HttpExecuteRequest request) {
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
            Matcher matcher = BATCH_TABLE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
