package dev.tollgate.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which API Gateway API type and Lambda authorizer the local gateway emulates
 * ({@code ./tollgate local --api NAME}). Each mirrors one of the template's demo APIs.
 */
public enum EmulatedApi {

    /** REST API, {@code REQUEST} authorizer, identity source {@code method.request.header.Authorization}. */
    REST_REQUEST("rest-request", "REST API + REQUEST authorizer (identity source: Authorization header)"),
    /**
     * REST API, {@code TOKEN} authorizer, token source {@code Authorization}, with the template's
     * validation expression {@link #TOKEN_VALIDATION}.
     */
    REST_TOKEN("rest-token", "REST API + TOKEN authorizer (token source: Authorization header, validation expression)"),
    /** HTTP API, payload 2.0, simple responses; identity sources the header and {@code $context.routeKey}. */
    HTTP_SIMPLE("http-simple", "HTTP API + Lambda authorizer, payload 2.0, simple responses"
            + " (identity sources: Authorization header, $context.routeKey)"),
    /** HTTP API, payload 2.0, IAM policy responses; identity sources as {@link #HTTP_SIMPLE}. */
    HTTP_IAM("http-iam", "HTTP API + Lambda authorizer, payload 2.0, IAM policy responses"
            + " (identity sources: Authorization header, $context.routeKey)"),
    /** HTTP API, payload 1.0 (IAM policy responses only); identity sources as {@link #HTTP_SIMPLE}. */
    HTTP_V1("http-v1", "HTTP API + Lambda authorizer, payload 1.0, IAM policy responses"
            + " (identity sources: Authorization header, $context.routeKey)");

    /** The template's {@code ValidationExpression} of its TOKEN authorizer (DemoTokenRestApi). */
    public static final Pattern TOKEN_VALIDATION = Pattern.compile("^Bearer [-0-9A-Za-z._~+/]+=*$");

    private final String flag;
    private final String description;

    EmulatedApi(String flag, String description) {
        this.flag = flag;
        this.description = description;
    }

    /** The {@code --api} value. */
    public String flag() {
        return flag;
    }

    /** One line for the banner. */
    public String description() {
        return description;
    }

    /** An HTTP API (payload 1.0 or 2.0) rather than a REST API. */
    public boolean isHttp() {
        return this == HTTP_SIMPLE || this == HTTP_IAM || this == HTTP_V1;
    }

    /** The authorizer answers {@code {"isAuthorized": ..}} rather than an IAM policy. */
    public boolean simpleResponses() {
        return this == HTTP_SIMPLE;
    }

    /**
     * Where this API lives: stage {@code dev} for REST APIs (the URL path is not stage-prefixed
     * locally), {@code $default} for HTTP APIs (served at the root, as in AWS).
     */
    public ApiStage stage() {
        return isHttp() ? ApiStage.LOCAL_HTTP : ApiStage.LOCAL_REST;
    }

    /** What the function needs to answer in this API's format ({@code TOLLGATE_HTTP_API_RESPONSE}). */
    public Map<String, String> functionEnvironment() {
        return switch (this) {
            case HTTP_SIMPLE -> Map.of("TOLLGATE_HTTP_API_RESPONSE", "simple");
            case HTTP_IAM -> Map.of("TOLLGATE_HTTP_API_RESPONSE", "iam");
            default -> Map.of();
        };
    }

    /**
     * The API for a {@code --api} value.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EmulatedApi fromFlag(String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        for (EmulatedApi api : values()) {
            if (api.flag.equals(wanted)) {
                return api;
            }
        }
        throw new IllegalArgumentException("--api must be one of " + flags() + ", was '" + value + "'");
    }

    /** {@code rest-request|rest-token|...}. */
    public static String flags() {
        return Arrays.stream(values()).map(EmulatedApi::flag).collect(Collectors.joining("|"));
    }
}
