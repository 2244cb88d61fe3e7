package dev.tollgate.dynamodb;

import dev.tollgate.net.ConnectionDeadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DynamoDbExchange} over the JDK's {@link HttpURLConnection} ({@code HttpsURLConnection} for
 * https endpoints), the client the JWKS fetch uses too.
 *
 * <p>Deadline: the JDK's socket timeouts bound each read, not an exchange, so up to the response
 * headers a timer closes the connection at the deadline ({@link ConnectionDeadline}), and the body
 * is read with the deadline checked between reads. A body read of the JDK's can still block inside
 * one {@code read()} while chunk headers or trailers drip: callers that must stop waiting at the
 * deadline run the exchange on {@link dev.tollgate.net.ExchangePool} (as {@link HttpTableReads} does).
 *
 * <p>Connections are reused (the JDK's keep-alive cache): a response read to its end leaves its
 * connection for the next exchange; any other outcome closes it. Stateless and thread-safe.
 */
public final class UrlConnectionExchange implements DynamoDbExchange {

    /** DynamoDB answers at most 16 MB (BatchGetItem); a larger body is not DynamoDB's. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private static final String TIMED_OUT = "timed out (attempt timeout reached; connection closed)";

    @Override
    public Response post(URL endpoint, Map<String, String> headers, byte[] body, long deadline)
            throws ExchangeException {
        HttpURLConnection connection = openConnection(endpoint);
        boolean reusable = false;
        ConnectionDeadline watchdog = null;
        try {
            watchdog = ConnectionDeadline.arm(connection, deadline);
            configure(connection, deadline);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            // Host and Content-Length come from the JDK (from the URL and the fixed-length body).
            headers.forEach(connection::setRequestProperty);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            if (watchdog.expired()) {
                // fired while connecting, before there was a connection to close
                throw new SocketTimeoutException("attempt timeout reached");
            }
            int status = connection.getResponseCode();
            watchdog.cancel();
            byte[] response;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                response = in == null ? new byte[0] : readAll(in, deadline);
            }
            reusable = true; // read to the end and closed: the connection goes back to the keep-alive cache
            return new Response(status, headers(connection), response);
        } catch (SocketTimeoutException e) {
            throw new ExchangeException(true, "timed out (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ExchangeException(true, watchdog != null && watchdog.expired() ? TIMED_OUT : e.toString(), e);
        } catch (RuntimeException e) {
            if (watchdog != null && watchdog.expired()) {
                // HttpURLConnection is not meant to be closed under a reader, which may trip over it
                throw new ExchangeException(true, TIMED_OUT, e);
            }
            throw e;
        } finally {
            if (watchdog != null) {
                watchdog.cancel();
            }
            if (!reusable) {
                connection.disconnect(); // a half-read connection must never be reused
            }
        }
    }

    /**
     * {@code GET /}, unsigned: DynamoDB answers it with a short health line
     * ({@code healthy: dynamodb.<region>.amazonaws.com}) and needs no credentials for it. The body is
     * read to its end, so the connection (its TLS session established) goes to the JDK's keep-alive
     * cache, where the next {@link #post} takes it. Failures are not retryable: the first read
     * connects anyway.
     */
    @Override
    public void open(URL endpoint, long deadline) throws ExchangeException {
        HttpURLConnection connection = openConnection(endpoint);
        boolean reusable = false;
        ConnectionDeadline watchdog = ConnectionDeadline.arm(connection, deadline);
        try {
            configure(connection, deadline);
            int status = connection.getResponseCode();
            watchdog.cancel();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    readAll(in, deadline);
                }
            }
            reusable = true;
        } catch (IOException e) {
            throw new ExchangeException(false, watchdog.expired() ? "timed out" : e.toString(), e);
        } finally {
            watchdog.cancel();
            if (!reusable) {
                connection.disconnect();
            }
        }
    }

    private static HttpURLConnection openConnection(URL endpoint) throws ExchangeException {
        try {
            return (HttpURLConnection) endpoint.openConnection();
        } catch (IOException e) {
            throw new ExchangeException(true, e.toString(), e);
        }
    }

    private static void configure(HttpURLConnection connection, long deadline) throws SocketTimeoutException {
        int remaining = remainingMillis(deadline);
        connection.setConnectTimeout(remaining);
        connection.setReadTimeout(remaining);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
    }

    /** The first value of each named header (the status line's null name left out). */
    private static Map<String, String> headers(HttpURLConnection connection) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
            if (header.getKey() != null && !header.getValue().isEmpty()) {
                headers.putIfAbsent(header.getKey(), header.getValue().get(0));
            }
        }
        return headers;
    }

    private static byte[] readAll(InputStream in, long deadline) throws IOException, ExchangeException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
            if (buffer.size() + n > MAX_RESPONSE_BYTES) {
                throw new ExchangeException(false, "response larger than " + MAX_RESPONSE_BYTES + " bytes", null);
            }
            buffer.write(chunk, 0, n);
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("attempt timeout reached while reading the response");
            }
        }
        return buffer.toByteArray();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining < 1) {
            // 0 would mean "no timeout" to HttpURLConnection.
            throw new SocketTimeoutException("attempt timeout reached");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }
}
