package dev.tollgate.dynamodb;

import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network under {@link HttpTableReads}: one HTTP exchange with DynamoDB. Production uses
 * {@link UrlConnectionExchange}; SnapStart priming answers from memory. Implementations know
 * nothing of DynamoDB's protocol (the signature, the JSON, the errors are the caller's) and are
 * thread-safe.
 */
public interface DynamoDbExchange {

    /**
     * Sends {@code POST /} and reads the whole response.
     *
     * @param endpoint DynamoDB's endpoint: scheme, host and port (its path is {@code /})
     * @param headers  the request's headers, signature included; {@code Host} and
     *                 {@code Content-Length} are written by the exchange from {@code endpoint} and
     *                 {@code body} ({@code Host} as {@link HttpTableReads} signs it)
     * @param body     the request body
     * @param deadline a {@link System#nanoTime()} value: the exchange, connect and handshake included,
     *                 gives up at it where the JDK lets it (the caller bounds its own wait)
     * @return the response, whatever its status
     * @throws ExchangeException when no whole response arrived: refused, reset, timed out, too large
     */
    Response post(URL endpoint, Map<String, String> headers, byte[] body, long deadline) throws ExchangeException;

    /**
     * Opens a connection to {@code endpoint} (TLS handshake included) and leaves it where the next
     * {@link #post} finds it; sends nothing that needs credentials.
     *
     * @param deadline as for {@link #post}
     * @throws ExchangeException when {@code endpoint} cannot be reached by the deadline
     */
    void open(URL endpoint, long deadline) throws ExchangeException;

    /**
     * A response as received.
     *
     * @param status  the HTTP status
     * @param headers the response headers by name (looked up case-insensitively by {@link #header})
     * @param body    the whole body; empty when there was none
     */
    record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            byName.putAll(headers);
            headers = Collections.unmodifiableMap(byName);
        }

        /** @return the header's value, or null when the response has none */
        public String header(String name) {
            return headers.get(name);
        }
    }
}
