package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link TableReads} as DynamoDB's JSON protocol ({@link DynamoDbJson}): a {@code POST /} with
 * {@code X-Amz-Target: DynamoDB_20120810.<Operation>}, signed with SigV4 ({@link SigV4Signer}, held
 * to the SDK's signer by tests) with credentials from the AWS SDK's providers, sent through a
 * {@link DynamoDbExchange} ({@link UrlConnectionExchange} in production).
 *
 * <p>Semantics, the SDK's where they matter:
 * <ul>
 *   <li>Budget and retries: {@link RetryPolicy}. Each attempt, credentials lookup included, runs
 *       within the attempt's deadline; I/O failures and timeouts, HTTP 5xx, throttling errors and a
 *       response whose {@code x-amz-crc32} does not match its body are retried. Other errors
 *       (validation, missing table, access denied, bad credentials) fail at once.
 *   <li>Responses above {@link UrlConnectionExchange#MAX_RESPONSE_BYTES} and malformed responses
 *       fail the read ({@link DynamoDbJson}).
 * </ul>
 * Thread-safe: nothing mutable is shared between calls.
 */
final class HttpTableReads implements TableReads {

    private final URL endpoint;
    private final String host;
    private final AwsCredentialsProvider credentials;
    private final DynamoDbExchange exchange;
    private final SigV4Signer signer;
    private final Clock clock;
    private final RetryPolicy retries;

    /**
     * @param settings    region, endpoint (or FIPS and dual-stack), timeouts and retries
     * @param credentials resolved on every request (providers cache and refresh themselves)
     * @param exchange    the network: {@link UrlConnectionExchange} in production
     * @throws IllegalArgumentException when the endpoint is not a URL
     */
    HttpTableReads(DynamoDbSettings settings, AwsCredentialsProvider credentials,
            DynamoDbExchange exchange) {
        this(settings, credentials, exchange, Clock.systemUTC());
    }

    /** @param clock the signing time (tests pin it to compare signatures) */
    HttpTableReads(DynamoDbSettings settings, AwsCredentialsProvider credentials, DynamoDbExchange exchange,
            Clock clock) {
        Objects.requireNonNull(settings.region(), "settings.region");
        URI resolved = DynamoDbEndpoints.of(settings);
        try {
            this.endpoint = resolved.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("DynamoDB endpoint is not a URL: " + resolved, e);
        }
        this.host = hostHeader(endpoint);
        this.signer = new SigV4Signer(settings.region(), "dynamodb");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.retries = new RetryPolicy(settings);
    }

    /** The Host header exactly as {@link HttpURLConnection} writes it: the port only when not the scheme's default. */
    static String hostHeader(URL endpoint) {
        int port = endpoint.getPort();
        return endpoint.getHost() + (port == -1 || port == endpoint.getDefaultPort() ? "" : ":" + port);
    }

    @Override
    public Map<String, Attribute> getItem(ItemRead read) {
        JsonNode response = call("GetItem", read.table(), DynamoDbJson.getItemRequest(read));
        return DynamoDbJson.item(response, read.table());
    }

    @Override
    public BatchResult batchGetItem(ItemRead read) {
        JsonNode response = call("BatchGetItem", read.table(), DynamoDbJson.batchGetItemRequest(read));
        return DynamoDbJson.batchResult(response, read.table(), read.keyName());
    }

    /**
     * Opens a connection to DynamoDB (TLS handshake included) and leaves it where the next read
     * finds it ({@link DynamoDbExchange#open}); reads nothing, signs nothing. Bounded by one
     * attempt's timeout, whatever the server drips.
     *
     * @throws IOException when DynamoDB cannot be reached in that time
     */
    @Override
    public void connect() throws IOException {
        long deadline = retries.attemptDeadline();
        try {
            RetryPolicy.withinDeadline(() -> {
                exchange.open(endpoint, deadline);
                return null;
            }, deadline);
        } catch (AttemptFailure e) {
            throw new IOException("opening the DynamoDB connection failed: " + e.getMessage(), e);
        }
    }

    private JsonNode call(String operation, String table, byte[] body) {
        Map<String, String> headers = Map.of("Content-Type", DynamoDbJson.CONTENT_TYPE,
                "X-Amz-Target", DynamoDbJson.TARGET_PREFIX + operation);
        return retries.call(operation, table, deadline -> attempt(headers, body, deadline));
    }

    /** Runs on the exchange pool, within {@code deadline} ({@link RetryPolicy#withinDeadline}). */
    private JsonNode attempt(Map<String, String> headers, byte[] body, long deadline) throws AttemptFailure {
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (RuntimeException e) {
            // Retried within the budget: the container credentials endpoint can fail for a moment.
            throw new AttemptFailure(true, false, "no AWS credentials: " + e.getMessage(), e);
        }
        Map<String, String> signed = new HashMap<>(headers);
        signed.putAll(signer.sign(host, headers, body, identity, clock.instant()));
        DynamoDbExchange.Response response;
        try {
            response = exchange.post(endpoint, signed, body, deadline);
        } catch (ExchangeException e) {
            throw new AttemptFailure(e.retryable(), false, e.getMessage(), e.getCause());
        }
        String crc = response.header("x-amz-crc32");
        if (crc != null && !crc.strip().equals(Long.toString(crc32(response.body())))) {
            throw new AttemptFailure(true, false, "response body does not match its x-amz-crc32", null);
        }
        if (response.status() == HttpURLConnection.HTTP_OK) {
            return DynamoDbJson.document(response.body());
        }
        throw DynamoDbJson.error(response.status(), response.body());
    }

    static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
