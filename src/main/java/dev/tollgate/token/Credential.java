package dev.tollgate.token;

/**
 * The token and the scheme it was presented with: {@code Bearer <token>} (RFC 6750, parsed by
 * {@link BearerToken}) or {@code DPoP <token>} (RFC 9449 section 7.1).
 *
 * @param token the access token, without the scheme; non-empty
 * @param dpop  true for the {@code DPoP} scheme
 */
public record Credential(String token, boolean dpop) {
    private static final String DPOP = "dpop";

    /**
     * Reads an {@code Authorization}-style value. The {@code DPoP} scheme is case-insensitive and
     * followed by one or more spaces, like {@code Bearer}; anything else goes to {@link BearerToken}.
     *
     * @param headerValue   the raw header or identity-source value; may be null
     * @param maxTokenBytes cap checked before any parsing
     * @throws InvalidTokenException as {@link BearerToken#extract} does
     */
    public static Credential parse(String headerValue, int maxTokenBytes) throws InvalidTokenException {
        if (headerValue == null || !isDpop(headerValue)) {
            return new Credential(BearerToken.extract(headerValue, maxTokenBytes), false);
        }
        if (headerValue.length() > maxTokenBytes + DPOP.length() + 8) {
            throw new InvalidTokenException(Rejection.TOKEN_TOO_LARGE, "header value of " + headerValue.length() + " chars");
        }
        String value = headerValue.strip();
        int start = DPOP.length();
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        String token = value.substring(start);
        if (token.isEmpty()) {
            throw new InvalidTokenException(Rejection.MISSING_TOKEN, "empty DPoP token");
        }
        if (token.length() > maxTokenBytes) {
            throw new InvalidTokenException(Rejection.TOKEN_TOO_LARGE, "token of " + token.length() + " chars");
        }
        return new Credential(token, true);
    }

    /** {@code DPoP} followed by a space, after leading whitespace. */
    private static boolean isDpop(String headerValue) {
        int start = 0;
        while (start < headerValue.length() && Character.isWhitespace(headerValue.charAt(start))) {
            start++;
        }
        return headerValue.regionMatches(true, start, DPOP, 0, DPOP.length())
                && headerValue.length() > start + DPOP.length() && headerValue.charAt(start + DPOP.length()) == ' ';
    }
}
