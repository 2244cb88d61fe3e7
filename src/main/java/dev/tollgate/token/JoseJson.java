package dev.tollgate.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON of JOSE objects (a JWS header and claims set, a JWK set, a discovery document)
 * into the plain values nimbus-jose-jwt works with: {@code Map<String, Object>} (insertion order),
 * {@code List<Object>}, {@code String}, {@code Boolean}, {@code Long} for integers that fit,
 * {@code Double} for every other number, and null.
 *
 * <p>Why not nimbus's own {@code JSONObjectUtils}: its static initializer builds a shaded Gson
 * instance, and any call into it (every nimbus parse method) pays for that first: ~80 ms of a cold
 * start in a fresh JVM with the function's flags (bench/README.md), for JSON that Jackson's
 * streaming parser, already loaded for the events, reads in a few milliseconds.
 *
 * <p>As strict as nimbus's Gson in its strict mode: one value and nothing after it, a repeated
 * object key is an error (not "last one wins"), no comments, single quotes, unquoted names,
 * trailing commas, {@code NaN} or infinite numbers, and invalid UTF-8 is an error.
 */
final class JoseJson {
    private JoseJson() {}

    /** Not JSON, or not the JSON expected: the message says what (never the content). */
    static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads UTF-8 bytes holding one JSON object. Decoded as UTF-8 and nothing else (RFC 7515/7519):
     * Jackson's own byte reader would detect UTF-16 and UTF-32 and read them too.
     */
    static Map<String, Object> object(byte[] json) throws MalformedJsonException {
        try {
            return object(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(json)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedJsonException("not UTF-8");
        }
    }

    /** Reads text holding one JSON object. */
    static Map<String, Object> object(String json) throws MalformedJsonException {
        try (JsonParser parser = JsonTrees.FACTORY.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            // Jackson's message may quote the input: a token's content never goes into a log line.
            throw new MalformedJsonException("not valid JSON");
        }
    }

    private static Map<String, Object> document(JsonParser parser) throws IOException, MalformedJsonException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedJsonException("not a JSON object");
        }
        Map<String, Object> root = object(parser);
        if (parser.nextToken() != null) {
            throw new MalformedJsonException("content after the JSON object");
        }
        return root;
    }

    /** The object whose START_OBJECT is the current token. Recursion is bounded by the parser's depth limit. */
    private static Map<String, Object> object(JsonParser parser) throws IOException, MalformedJsonException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            if (object.containsKey(name)) {
                throw new MalformedJsonException("repeated object key");
            }
            object.put(name, value(parser));
        }
        return object;
    }

    private static Object value(JsonParser parser) throws IOException, MalformedJsonException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return finite(parser.getDoubleValue());
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return finite(parser.getDoubleValue());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedJsonException("unexpected " + parser.currentToken());
        }
    }

    private static Double finite(double value) throws MalformedJsonException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new MalformedJsonException("number out of range");
        }
        return value;
    }
}
