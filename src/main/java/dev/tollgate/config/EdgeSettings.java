package dev.tollgate.config;

import java.util.Objects;

/**
 * How API Gateway events are read and answered: the Lambda edge's settings.
 *
 * @param tokenHeader     header carrying the bearer token in REQUEST and HTTP API events
 *                        ({@code TOLLGATE_TOKEN_HEADER}, default {@link #DEFAULT_TOKEN_HEADER}); an
 *                        HTTP header name
 * @param httpApiResponse HTTP API payload 2.0 answer: simple response or IAM policy
 *                        ({@code TOLLGATE_HTTP_API_RESPONSE}, default {@link HttpApiResponse#SIMPLE})
 */
public record EdgeSettings(String tokenHeader, HttpApiResponse httpApiResponse) {
    public static final String DEFAULT_TOKEN_HEADER = "Authorization";

    /** The {@code Authorization} header, simple HTTP API responses. */
    public static final EdgeSettings DEFAULTS = new EdgeSettings(DEFAULT_TOKEN_HEADER, HttpApiResponse.SIMPLE);

    /** @throws IllegalArgumentException when {@code tokenHeader} is no HTTP header name */
    public EdgeSettings {
        if (tokenHeader == null || !isHeaderName(tokenHeader)) {
            throw new IllegalArgumentException("tokenHeader must be an HTTP header name, was " + tokenHeader);
        }
        Objects.requireNonNull(httpApiResponse, "httpApiResponse");
    }

    /** An RFC 9110 token of at most 128 characters. */
    static boolean isHeaderName(String value) {
        return value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
    }
}
