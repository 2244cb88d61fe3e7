package dev.tollgate.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import dev.tollgate.net.ConnectionDeadline;
import dev.tollgate.net.ExchangePool;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs a small JSON document (a JWKS or an OIDC discovery document) over HTTP(S).
 *
 * <p>Built on {@link HttpURLConnection} on purpose: it is in the JDK, already loaded by the Lambda
 * runtime, and costs far less at cold start than {@code java.net.http.HttpClient}, which starts a
 * selector thread (a thread SnapStart would also have to freeze). Redirects are not followed (a key
 * set must come from the configured place), only 200 is accepted, and bodies above the size limit
 * are refused while reading.
 */
public class HttpFetcher {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxBytes;

    /**
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    timeout between bytes read
     * @param maxBytes       larger bodies are refused
     */
    public HttpFetcher(Duration connectTimeout, Duration readTimeout, int maxBytes) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    /**
     * @return the body as UTF-8 text
     * @throws IOException on connect/read failure or timeout, a status other than 200 (an
     *     {@link HttpStatusException}), or a body over the size limit; the message names the URI and the cause
     */
    public String get(URI uri) throws IOException {
        // The read timeout bounds each read, not the whole exchange: a server dripping the handshake,
        // the headers or the body would otherwise hold the fetch, and every request waiting on this
        // issuer's keys, indefinitely. The exchange runs on the pool; this thread waits for it until
        // the deadline and no longer.
        long deadline = System.nanoTime() + connectTimeout.toNanos() + 2 * readTimeout.toNanos();
        java.util.concurrent.Future<String> exchange;
        try {
            exchange = ExchangePool.POOL.submit(() -> exchange(uri, deadline));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("GET " + uri + ": " + ExchangePool.MAX_IN_FLIGHT + " exchanges already in flight", e);
        }
        try {
            return exchange.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("GET " + uri + " took longer than its time budget");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("GET " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            throw new IOException("GET " + uri + " interrupted", e);
        }
    }

    private String exchange(URI uri, long deadline) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        // The TLS handshake, status line and headers are bounded per read only: a server dripping
        // them would hold the fetch, and every request waiting on this issuer's keys, indefinitely.
        ConnectionDeadline timer = ConnectionDeadline.arm(connection, deadline);
        try {
            connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json, application/jwk-set+json");
            // Key sets are fetched every few minutes at most: a pooled connection saves nothing and
            // would otherwise sit in a SnapStart snapshot, dead on restore.
            connection.setRequestProperty("Connection", "close");
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException e) {
                if (timer.expired()) {
                    throw new IOException("GET " + uri + " took longer than its time budget", e);
                }
                throw e;
            }
            timer.cancel(); // the body is read below with the deadline checked between reads
            if (status != HttpURLConnection.HTTP_OK) {
                throw new HttpStatusException(uri, status);
            }
            long declared = connection.getContentLengthLong();
            if (declared > maxBytes) {
                throw new IOException("GET " + uri + " body of " + declared + " bytes exceeds " + maxBytes);
            }
            try (InputStream in = connection.getInputStream()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (body.size() + read > maxBytes) {
                        throw new IOException("GET " + uri + " body exceeds " + maxBytes + " bytes");
                    }
                    body.write(buffer, 0, read);
                    if (System.nanoTime() > deadline) {
                        throw new IOException("GET " + uri + " took longer than its time budget");
                    }
                }
                return body.toString(StandardCharsets.UTF_8);
            }
        } finally {
            timer.cancel();
            connection.disconnect();
        }
    }
}
