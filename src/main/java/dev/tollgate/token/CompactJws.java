package dev.tollgate.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Structural checks on a compact JWS done before any JSON parser sees the token.
 *
 * <p>Why: the signature covers the encoded header and payload, but not how the signature segment
 * itself is encoded. A lenient decoder would accept non-canonical spellings of the same signature
 * (padding, non-zero trailing bits), so two different strings would verify as one token. We
 * accept exactly one spelling. Deep JSON nesting is refused up front so that no recursive parser
 * can be driven into a stack overflow.
 */
final class CompactJws {
    /** Real headers and claim sets nest a few levels; 16 is generous. */
    static final int MAX_JSON_DEPTH = 16;

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CompactJws() {}

    /**
     * Checks the three-segment shape and the canonical base64url of every segment, and that header
     * and payload are UTF-8 JSON objects nested at most {@link #MAX_JSON_DEPTH} deep.
     */
    static void check(String token) throws InvalidTokenException {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0) {
            throw new InvalidTokenException(Rejection.MALFORMED, "not three dot-separated segments");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            int dots = (int) token.chars().filter(c -> c == '.').count();
            if (dots == 4 && first > 0) {
                throw new InvalidTokenException(Rejection.UNSUPPORTED_TOKEN_TYPE, "JWE tokens are not accepted");
            }
            throw new InvalidTokenException(Rejection.MALFORMED, "not three dot-separated segments");
        }
        byte[] header = decodeCanonical(token, 0, first, "header");
        byte[] payload = decodeCanonical(token, first + 1, second, "payload");
        // Only a token with a header and a payload is an unsecured JWT; ".." is just malformed.
        if (second == token.length() - 1) {
            throw new InvalidTokenException(Rejection.UNSUPPORTED_TOKEN_TYPE, "unsigned token (empty signature)");
        }
        decodeCanonical(token, second + 1, token.length(), "signature");
        checkUtf8(header, "header");
        checkUtf8(payload, "payload");
        checkJsonObject(header, "header");
        checkJsonObject(payload, "payload");
    }

    /**
     * RFC 7515/7519: header and claims are UTF-8. The JSON parser would replace a bad byte with
     * U+FFFD and carry on, so a claim could read differently here and in any other consumer.
     */
    private static void checkUtf8(byte[] json, String what) throws InvalidTokenException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new InvalidTokenException(Rejection.MALFORMED, what + " is not UTF-8");
        }
    }

    private static byte[] decodeCanonical(String token, int from, int to, String what) throws InvalidTokenException {
        int length = to - from;
        if (length == 0 || length % 4 == 1) {
            throw new InvalidTokenException(Rejection.MALFORMED, what + " is not base64url");
        }
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                throw new InvalidTokenException(Rejection.MALFORMED, what + " is not unpadded base64url");
            }
        }
        // Canonical form: the bits below the last full byte must be zero.
        int last = value(token.charAt(to - 1));
        if ((length % 4 == 2 && (last & 0x0f) != 0) || (length % 4 == 3 && (last & 0x03) != 0)) {
            throw new InvalidTokenException(Rejection.MALFORMED, what + " is not canonical base64url");
        }
        return DECODER.decode(token.substring(from, to).getBytes(StandardCharsets.US_ASCII));
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    /** A cheap scan: starts with '{' (after whitespace) and brackets outside strings nest shallowly. */
    private static void checkJsonObject(byte[] json, String what) throws InvalidTokenException {
        int i = 0;
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\r' || json[i] == '\n')) {
            i++;
        }
        if (i == json.length || json[i] != '{') {
            throw new InvalidTokenException(Rejection.MALFORMED, what + " is not a JSON object");
        }
        int depth = 0;
        boolean inString = false;
        for (; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_JSON_DEPTH) {
                    throw new InvalidTokenException(Rejection.MALFORMED, what + " nests JSON too deeply");
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
    }
}
