package dev.tollgate.dynamodb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.permission.PermissionStoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import dev.tollgate.net.ConnectionDeadline;
import dev.tollgate.net.ExchangePool;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link TableReads} as DynamoDB's JSON protocol over HTTPS: a {@code POST /} with
 * {@code X-Amz-Target: DynamoDB_20120810.<Operation>}, signed with SigV4 ({@link SigV4Signer}, held
 * to the SDK's signer by tests) with credentials from the AWS SDK's providers, sent with the JDK's
 * {@link HttpURLConnection}.
 *
 * <p>Why not the SDK's {@code DynamoDbClient}: it loads ~1,580 classes more (endpoint rules,
 * protocol marshallers, interceptors, the model) before its first call: 1,402 against 882 ms to the
 * first response of a cold start with both dependencies over TLS on the project's machine
 * (bench/README.md, "Levers, each measured under TLS"). Only
 * the two read operations tollgate uses exist here; the SDK client stays available
 * ({@code TOLLGATE_DYNAMODB_CLIENT=sdk}).
 *
 * <p>Semantics, the SDK's where they matter:
 * <ul>
 *   <li>Budget: the whole call (attempts and backoff) ends by {@code apiCallTimeout}; each attempt by
 *       {@code apiCallAttemptTimeout}, credentials lookup included. The caller stops waiting at the
 *       deadline whatever the server does ({@link #withinDeadline}); the late exchange is also cut
 *       short where the JDK allows (a timer closes a connection still short of its response
 *       headers, and the body's deadline is checked between reads).
 *   <li>Retries ({@code maxRetries}): I/O failures and timeouts, HTTP 5xx, throttling errors and a
 *       response whose {@code x-amz-crc32} does not match its body; exponential backoff with full
 *       jitter (base 25 ms, 100 ms when throttled), never past the call's deadline. Other errors
 *       (validation, missing table, access denied, bad credentials) fail at once.
 *   <li>Responses above {@link #MAX_RESPONSE_BYTES} and malformed responses fail the read; an
 *       attribute value of an unexpected shape is passed on as {@link Attribute#MALFORMED}, which the
 *       item rules read as "no permissions" (or "disabled").
 *   <li>Connections are reused (the JDK's keep-alive cache) across requests; none exists before the
 *       first real request: priming's one exchange goes to a responder inside the process that
 *       closes its connection, so a SnapStart snapshot carries no socket.
 * </ul>
 * Thread-safe: nothing mutable is shared between calls.
 */
final class HttpTableReads implements TableReads {

    /** Exchanges running at once, stuck ones included (see {@link #withinDeadline}). */
    static final int MAX_IN_FLIGHT = ExchangePool.MAX_IN_FLIGHT;

    /** DynamoDB answers at most 16 MB (BatchGetItem); a larger body is not DynamoDB's. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final long BASE_BACKOFF_MILLIS = 25;
    private static final long THROTTLED_BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final Set<String> THROTTLING = Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "RequestLimitExceeded", "Throttling", "TooManyRequestsException");
    private static final java.util.regex.Pattern TYPE_NAME = java.util.regex.Pattern.compile("[A-Z]{1,4}");
    private static final AwsCredentialsIdentity PRIMING_CREDENTIALS = AwsBasicCredentials.create("priming", "priming");

    private final URL endpoint;
    private final String host;
    private final AwsCredentialsProvider credentials;
    private final SigV4Signer signer;
    private final Clock clock;
    private final long callTimeoutNanos;
    private final long attemptTimeoutNanos;
    private final int maxRetries;

    /**
     * @param settings    {@code transport() == HTTP}: endpoint, region, timeouts and retries; not null
     * @param credentials resolved on every request (providers cache and refresh themselves); not null
     */
    HttpTableReads(DynamoDbSettings settings, AwsCredentialsProvider credentials) {
        this(settings, credentials, Clock.systemUTC());
    }

    /** @param clock the signing time (tests pin it to compare signatures) */
    HttpTableReads(DynamoDbSettings settings, AwsCredentialsProvider credentials, Clock clock) {
        Objects.requireNonNull(settings.region(), "settings.region (TOLLGATE_DYNAMODB_CLIENT=http needs one)");
        URI resolved = DynamoDbEndpoints.of(settings);
        try {
            this.endpoint = resolved.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("DynamoDB endpoint is not a URL: " + resolved, e);
        }
        // The Host header exactly as HttpURLConnection writes it: the port only when not the scheme's default.
        int port = endpoint.getPort();
        this.host = endpoint.getHost() + (port == -1 || port == endpoint.getDefaultPort() ? "" : ":" + port);
        this.signer = new SigV4Signer(Objects.requireNonNull(settings.region(), "settings.region"), "dynamodb");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.callTimeoutNanos = settings.apiCallTimeout().toNanos();
        this.attemptTimeoutNanos = settings.apiCallAttemptTimeout().toNanos();
        this.maxRetries = settings.maxRetries();
    }

    @Override
    public Map<String, Attribute> getItem(ItemRead read) {
        byte[] body = json(generator -> {
            generator.writeStringField("TableName", read.table());
            generator.writeFieldName("Key");
            key(generator, read.keyName(), read.keys().get(0));
            readOptions(generator, read);
        });
        JsonNode response = call("GetItem", read, body);
        JsonNode item = response.get("Item");
        if (item == null || (item.isObject() && item.isEmpty())) {
            return null; // no such item
        }
        if (!item.isObject()) {
            throw malformed("GetItem", read.table(), "Item is not an object");
        }
        return attributes(item);
    }

    @Override
    public BatchResult batchGetItem(ItemRead read) {
        byte[] body = json(generator -> {
            generator.writeObjectFieldStart("RequestItems");
            generator.writeObjectFieldStart(read.table());
            generator.writeArrayFieldStart("Keys");
            for (String key : read.keys()) {
                key(generator, read.keyName(), key);
            }
            generator.writeEndArray();
            readOptions(generator, read);
            generator.writeEndObject();
            generator.writeEndObject();
        });
        JsonNode response = call("BatchGetItem", read, body);
        List<Map<String, Attribute>> items = new ArrayList<>();
        JsonNode found = response.path("Responses").path(read.table());
        if (!found.isMissingNode()) {
            if (!found.isArray()) {
                throw malformed("BatchGetItem", read.table(), "Responses is not a list of items");
            }
            for (JsonNode item : found) {
                if (!item.isObject()) {
                    throw malformed("BatchGetItem", read.table(), "an item is not an object");
                }
                items.add(attributes(item));
            }
        }
        List<String> unprocessed = new ArrayList<>();
        JsonNode left = response.path("UnprocessedKeys").path(read.table());
        if (!left.isMissingNode() && !(left.isObject() && left.path("Keys").isArray())) {
            // Iterating a string, an object or a missing node would read as "nothing left": never drop keys.
            throw malformed("BatchGetItem", read.table(), "UnprocessedKeys has no list of keys");
        }
        for (JsonNode key : left.path("Keys")) {
            JsonNode value = key.path(read.keyName()).path("S");
            if (!value.isTextual()) {
                // Never drop a key silently: an unreadable unprocessed key fails the read.
                throw malformed("BatchGetItem", read.table(), "an unprocessed key has no string " + read.keyName());
            }
            unprocessed.add(value.textValue());
        }
        return new BatchResult(items, unprocessed);
    }

    // ---- the call: attempts, backoff, budget ----------------------------------------------------

    private JsonNode call(String operation, ItemRead read, byte[] body) {
        long deadline = System.nanoTime() + callTimeoutNanos;
        AttemptFailure last = null;
        int attempts = 0;
        while (attempts <= maxRetries) {
            if (attempts > 0) {
                long backoff = backoffMillis(attempts, last.throttled);
                if (deadline - System.nanoTime() <= backoff * 1_000_000) {
                    break; // the wait alone would outlast the budget
                }
                sleep(backoff, operation, read.table());
            }
            long attemptDeadline = Math.min(deadline, System.nanoTime() + attemptTimeoutNanos);
            attempts++;
            try {
                return attempt(operation, read, body, attemptDeadline);
            } catch (AttemptFailure failure) {
                last = failure;
                if (!failure.retryable) {
                    break;
                }
            }
        }
        String reason = last == null ? "no attempt fitted in the call timeout" : last.getMessage();
        throw new PermissionStoreException("DynamoDB " + operation + " on table " + read.table() + " failed: " + reason
                + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"), last == null ? null : last.getCause());
    }

    private JsonNode attempt(String operation, ItemRead read, byte[] body, long deadline) throws AttemptFailure {
        Map<String, String> headers = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + operation);
        if (read.priming()) {
            // Signed like a real request; answered without the network (see TableReads).
            signer.sign(host, headers, body, PRIMING_CREDENTIALS, clock.instant());
            String canned = operation.equals("GetItem") ? PrimingResponses.getItem()
                    : PrimingResponses.batchGetItem(read.table());
            return parse(canned.getBytes(StandardCharsets.UTF_8));
        }
        return withinDeadline(() -> {
            AwsCredentialsIdentity identity;
            try {
                identity = credentials.resolveCredentials();
            } catch (RuntimeException e) {
                // Retried within the budget: the container credentials endpoint can fail for a moment.
                throw new AttemptFailure(true, false, "no AWS credentials: " + e.getMessage(), e);
            }
            Map<String, String> signature = signer.sign(host, headers, body, identity, clock.instant());
            return send(endpoint, headers, signature, body, deadline);
        }, deadline);
    }

    /**
     * Runs an exchange on a pool thread and waits for it no longer than {@code deadline}. The JDK's
     * HTTP client cannot be stopped reliably from outside: its socket timeouts bound each read, not a
     * response, and closing a connection waits for the read in progress. So the caller stops waiting
     * instead; a late exchange ends on its own (its socket timeout, the deadline checks between reads,
     * or the {@link Watchdog}) and its result is dropped. At most {@link #MAX_IN_FLIGHT} exchanges run
     * at once; past that an attempt fails at once rather than queue behind stuck ones.
     */
    private static JsonNode withinDeadline(Callable<JsonNode> exchange, long deadline) throws AttemptFailure {
        Future<JsonNode> future;
        try {
            future = ExchangePool.POOL.submit(exchange);
        } catch (RejectedExecutionException e) {
            throw new AttemptFailure(false, false, MAX_IN_FLIGHT + " DynamoDB exchanges already in flight", e);
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptFailure(true, false, "timed out (attempt deadline reached)", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AttemptFailure failure) {
                throw failure;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AttemptFailure(true, false, String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new AttemptFailure(false, false, "interrupted while waiting for DynamoDB", e);
        }
    }

    /**
     * Runs one signed GetItem through {@link #send} to a throw-away HTTP responder on loopback inside
     * this process, which answers with the canned priming item and {@code Connection: close}: the
     * connect, write, header and body paths and the deadline timer are loaded and run before a
     * SnapStart checkpoint (otherwise the first request after a restore pays for them), while no
     * request leaves the process, no credentials are looked up and no socket is left open or pooled.
     */
    @Override
    public void primeConnection() throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(2_000);
            Thread responder = new Thread(() -> PrimingResponder.answerOnce(server), "tollgate-priming-responder");
            responder.setDaemon(true);
            responder.start();
            URL loopback = new URL("http", server.getInetAddress().getHostAddress(), server.getLocalPort(), "/");
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + "GetItem");
            Map<String, String> signature = signer.sign(loopback.getHost() + ":" + loopback.getPort(), headers, body,
                    PRIMING_CREDENTIALS, clock.instant());
            long deadline = System.nanoTime() + attemptTimeoutNanos;
            try {
                JsonNode answer = withinDeadline(() -> send(loopback, headers, signature, body, deadline), deadline);
                attributes(answer.path("Item"));
            } catch (AttemptFailure e) {
                throw new IOException("priming exchange failed: " + e.getMessage(), e);
            }
            try {
                responder.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code GET /} to the endpoint, unsigned: DynamoDB answers it with a short health line
     * ({@code healthy: dynamodb.<region>.amazonaws.com}) and needs no credentials for it. The body is
     * read to its end, so the connection (its TLS session established) goes to the JDK's keep-alive
     * cache, where the first signed read takes it. Bounded by the attempt timeout.
     */
    @Override
    public void connect() throws IOException {
        long deadline = System.nanoTime() + attemptTimeoutNanos;
        try {
            // On the exchange pool, as every exchange: the caller waits no longer than the deadline,
            // whatever the server drips.
            withinDeadline(() -> healthCheck(deadline), deadline);
        } catch (AttemptFailure e) {
            throw new IOException("opening the DynamoDB connection failed: " + e.getMessage(), e);
        }
    }

    private JsonNode healthCheck(long deadline) throws AttemptFailure {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) endpoint.openConnection();
        } catch (IOException e) {
            throw new AttemptFailure(false, false, e.toString(), e);
        }
        boolean reusable = false;
        ConnectionDeadline watchdog = ConnectionDeadline.arm(connection, deadline);
        try {
            int remaining = remainingMillis(deadline);
            connection.setConnectTimeout(remaining);
            connection.setReadTimeout(remaining);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            watchdog.cancel();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    readAll(in, deadline);
                }
            }
            reusable = true;
            return null;
        } catch (IOException e) {
            throw new AttemptFailure(false, false, watchdog.expired() ? "timed out" : e.toString(), e);
        } finally {
            watchdog.cancel();
            if (!reusable) {
                connection.disconnect();
            }
        }
    }

    private JsonNode send(URL url, Map<String, String> headers, Map<String, String> signature, byte[] body,
            long deadline) throws AttemptFailure {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) url.openConnection();
        } catch (IOException e) {
            throw new AttemptFailure(true, false, e.toString(), e);
        }
        boolean reusable = false;
        // The caller stops waiting at the deadline (withinDeadline); this frees the pool thread too,
        // where the JDK lets it: up to the headers the deadline closes the connection (ConnectionDeadline);
        // the body is read below with the deadline checked between reads.
        ConnectionDeadline watchdog = null;
        try {
            watchdog = ConnectionDeadline.arm(connection, deadline);
            int remaining = remainingMillis(deadline);
            connection.setConnectTimeout(remaining);
            connection.setReadTimeout(remaining);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            // Host and Content-Length come from the JDK (from the URL and the fixed-length body); the
            // signer signed Host exactly as the JDK writes it.
            headers.forEach(connection::setRequestProperty);
            signature.forEach(connection::setRequestProperty);
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
            String crc = connection.getHeaderField("x-amz-crc32");
            if (crc != null && !crc.strip().equals(Long.toString(crc32(response)))) {
                throw new AttemptFailure(true, false, "response body does not match its x-amz-crc32", null);
            }
            if (status == HttpURLConnection.HTTP_OK) {
                return parse(response);
            }
            throw error(status, response);
        } catch (SocketTimeoutException e) {
            throw new AttemptFailure(true, false, "timed out (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (watchdog != null && watchdog.expired()) {
                throw new AttemptFailure(true, false, "timed out (attempt timeout reached; connection closed)", e);
            }
            throw new AttemptFailure(true, false, e.toString(), e);
        } catch (RuntimeException e) {
            if (watchdog != null && watchdog.expired()) {
                // HttpURLConnection is not meant to be closed under a reader, which may trip over it
                throw new AttemptFailure(true, false, "timed out (attempt timeout reached; connection closed)", e);
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

    private static JsonNode parse(byte[] response) throws AttemptFailure {
        try {
            JsonNode root = JsonTrees.read(response);
            if (root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // reported below
        }
        // A cut or garbled body is a transport fault like any other: worth another attempt.
        throw new AttemptFailure(true, false, "response is not a JSON object", null);
    }

    /** An error response: {@code {"__type": "...#Name", "message": "..."}}. */
    private static AttemptFailure error(int status, byte[] response) {
        String type = null;
        String message = null;
        try {
            JsonNode error = JsonTrees.read(response);
            JsonNode typeNode = error.path("__type");
            if (typeNode.isTextual()) {
                String text = typeNode.textValue();
                type = text.substring(text.lastIndexOf('#') + 1);
            }
            JsonNode messageNode = error.has("message") ? error.get("message") : error.path("Message");
            message = messageNode.isTextual() ? messageNode.textValue() : null;
        } catch (IOException | RuntimeException e) {
            // not a JSON error document: the status says enough
        }
        boolean throttled = status == 429 || (type != null && THROTTLING.contains(type));
        boolean retryable = throttled || status >= 500;
        String description = (type == null ? "HTTP " + status : type + " (HTTP " + status + ")")
                + (message == null ? "" : ": " + abbreviate(message));
        return new AttemptFailure(retryable, throttled, description, null);
    }

    private static byte[] readAll(InputStream in, long deadline) throws IOException, AttemptFailure {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
            if (buffer.size() + n > MAX_RESPONSE_BYTES) {
                throw new AttemptFailure(false, false, "response larger than " + MAX_RESPONSE_BYTES + " bytes", null);
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

    /** Full jitter: uniform in [0, min(cap, base * 2^(retry-1))]. */
    static long backoffMillis(int retry, boolean throttled) {
        long base = throttled ? THROTTLED_BASE_BACKOFF_MILLIS : BASE_BACKOFF_MILLIS;
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, base << Math.min(retry - 1, 10));
        return Long.remainderUnsigned(mix(System.nanoTime()), ceiling + 1);
    }

    /**
     * The jitter's randomness: the clock at the moment of the retry, its bits spread by SplitMix64's
     * finalizer. Not {@code ThreadLocalRandom}: its seed sequence is set up once per process and
     * would be captured in a SnapStart snapshot, so every instance restored from it would draw the
     * same delays and retry in step, which jitter exists to prevent. The moment of a retry, to the
     * nanosecond, differs between instances.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void sleep(long millis, String operation, String table) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PermissionStoreException("interrupted while retrying DynamoDB " + operation + " on table " + table, e);
        }
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    // ---- JSON in and out ------------------------------------------------------------------------

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JsonTrees.FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            body.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void key(JsonGenerator generator, String keyName, String key) throws IOException {
        generator.writeStartObject();
        generator.writeObjectFieldStart(keyName);
        generator.writeStringField("S", key);
        generator.writeEndObject();
        generator.writeEndObject();
    }

    private static void readOptions(JsonGenerator generator, ItemRead read) throws IOException {
        generator.writeStringField("ProjectionExpression", read.projection());
        generator.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : read.names().entrySet()) {
            generator.writeStringField(name.getKey(), name.getValue());
        }
        generator.writeEndObject();
        generator.writeBooleanField("ConsistentRead", read.consistentRead());
    }

    /** An item in DynamoDB's JSON: {@code {"name": {"S": "..."}, ...}}. */
    static Map<String, Attribute> attributes(JsonNode item) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.put(field.getKey(), attribute(field.getValue()));
        }
        return attributes;
    }

    /** One attribute value: an object with exactly one member, named by the type. */
    static Attribute attribute(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return Attribute.other(Attribute.MALFORMED);
        }
        Map.Entry<String, JsonNode> only = value.fields().next();
        String type = only.getKey();
        JsonNode content = only.getValue();
        switch (type) {
            case Attribute.S:
                return content.isTextual() ? Attribute.s(content.textValue()) : Attribute.other(Attribute.MALFORMED);
            case Attribute.SS: {
                if (!content.isArray()) {
                    return Attribute.other(Attribute.MALFORMED);
                }
                List<String> strings = new ArrayList<>(content.size());
                for (JsonNode element : content) {
                    if (!element.isTextual()) {
                        return Attribute.other(Attribute.MALFORMED);
                    }
                    strings.add(element.textValue());
                }
                return Attribute.ss(strings);
            }
            case Attribute.L: {
                if (!content.isArray()) {
                    return Attribute.other(Attribute.MALFORMED);
                }
                List<Attribute> elements = new ArrayList<>(content.size());
                for (JsonNode element : content) {
                    elements.add(attribute(element));
                }
                return Attribute.l(elements);
            }
            case Attribute.BOOL:
                return content.isBoolean() ? Attribute.bool(content.booleanValue()) : Attribute.other(Attribute.MALFORMED);
            default:
                // Only DynamoDB's own type names reach a log line; anything else is just "malformed".
                return Attribute.other(TYPE_NAME.matcher(type).matches() ? type : Attribute.MALFORMED);
        }
    }

    private static PermissionStoreException malformed(String operation, String table, String what) {
        return new PermissionStoreException("DynamoDB " + operation + " on table " + table
                + " failed: malformed response (" + what + ")", null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** The threads exchanges run on (see {@link #withinDeadline}); daemons, made on demand, idle ones end. */
    /** The loopback side of {@link #primeConnection()}: one request, the canned item, then close. */
    private static final class PrimingResponder {
        private PrimingResponder() {}

        static void answerOnce(java.net.ServerSocket server) {
            try (java.net.Socket socket = server.accept()) {
                socket.setSoTimeout(2_000);
                InputStream in = socket.getInputStream();
                int contentLength = 0;
                StringBuilder line = new StringBuilder();
                for (int b = in.read(); b != -1; b = in.read()) {
                    if (b != '\n') {
                        if (b != '\r') {
                            line.append((char) b);
                        }
                        continue;
                    }
                    if (line.length() == 0) {
                        break; // end of the headers
                    }
                    String header = line.toString();
                    if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        contentLength = Integer.parseInt(header.substring(15).strip());
                    }
                    line.setLength(0);
                }
                in.readNBytes(contentLength);
                byte[] item = PrimingResponses.getItem().getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + CONTENT_TYPE + "\r\nContent-Length: " + item.length
                        + "\r\nx-amz-crc32: " + crc32(item) + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(item);
                out.flush();
            } catch (IOException | RuntimeException e) {
                // the priming exchange fails on its side and is logged there
            }
        }
    }

    /** Why one attempt failed, and whether another may help. */
    static final class AttemptFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean retryable;
        final boolean throttled;

        AttemptFailure(boolean retryable, boolean throttled, String message, Throwable cause) {
            super(message, cause, false, false);
            this.retryable = retryable;
            this.throttled = throttled;
        }
    }
}
