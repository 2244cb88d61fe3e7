package dev.tollgate.token;

/**
 * Takes the token out of an {@code Authorization}-style value: {@code Bearer <token>}, the scheme
 * case-insensitive (RFC 6750 section 2.1, RFC 9110 section 11.1), one or more spaces between scheme
 * and token ({@code "Bearer" 1*SP b64token}: a tab is not a separator there), nothing after the token.
 * Every event shape's credential goes through here, so TOKEN, REQUEST and HTTP API events agree.
 */
public final class BearerToken {
    private static final String SCHEME = "bearer";

    private BearerToken() {}

    /**
     * Extracts the token.
     *
     * @param headerValue the raw header or identity-source value; may be null
     * @param maxTokenBytes cap checked before any parsing (a token is ASCII, so chars = bytes)
     * @return the token, never empty
     * @throws InvalidTokenException {@link Rejection#MISSING_TOKEN}, {@link Rejection#NOT_BEARER} or
     *     {@link Rejection#TOKEN_TOO_LARGE}
     */
    public static String extract(String headerValue, int maxTokenBytes) throws InvalidTokenException {
        if (headerValue == null || headerValue.isBlank()) {
            throw new InvalidTokenException(Rejection.MISSING_TOKEN, "no bearer token");
        }
        // The cap comes first so that nothing below touches a huge value twice.
        if (headerValue.length() > maxTokenBytes + SCHEME.length() + 8) {
            throw new InvalidTokenException(Rejection.TOKEN_TOO_LARGE, "header value of " + headerValue.length() + " chars");
        }
        String value = headerValue.strip();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new InvalidTokenException(Rejection.NOT_BEARER, "scheme is not Bearer");
        }
        int start = SCHEME.length();
        if (value.charAt(start) != ' ') {
            throw new InvalidTokenException(Rejection.NOT_BEARER, "scheme is not Bearer followed by a space");
        }
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        if (start < value.length() && value.charAt(start) == '\t') {
            throw new InvalidTokenException(Rejection.NOT_BEARER, "a tab between scheme and token");
        }
        String token = value.substring(start);
        if (token.isEmpty()) {
            throw new InvalidTokenException(Rejection.MISSING_TOKEN, "empty bearer token");
        }
        if (token.length() > maxTokenBytes) {
            throw new InvalidTokenException(Rejection.TOKEN_TOO_LARGE, "token of " + token.length() + " chars");
        }
        return token;
    }
}
