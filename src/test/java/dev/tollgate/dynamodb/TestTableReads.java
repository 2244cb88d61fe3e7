package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dynamodb.ScriptedHttpServer.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.BinaryUtils;

/** Fixtures of the HTTP transport's tests: settings, reads, credentials, and the SigV4 oracle. */
final class TestTableReads {
    static final String TABLE = "tollgate-permissions";
    static final String REGION = "eu-west-1";
    static final Instant NOW = Instant.parse("2026-03-14T15:09:26.535Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String AMZ_DATE = "20260314T150926Z";
    static final AwsBasicCredentials BASIC =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final AwsSessionCredentials SESSION =
            AwsSessionCredentials.create("ASIAEXAMPLE", "c2VjcmV0LXNlc3Npb24ta2V5", "FwoGZXIvYXdzEXAMPLE//token+/=");
    static final Map<String, String> PRINCIPAL_NAMES = Map.of(
            "#p", "permissions", "#r", "roles", "#t", "tenant", "#u", "usageIdentifierKey", "#d", "disabled",
            "#v", "tokensValidAfter");
    static final Map<String, String> ROLE_NAMES = Map.of("#k", "principal", "#p", "permissions");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TestTableReads() {}

    static DynamoDbSettings settingsAt(URI endpoint, Duration callTimeout, Duration attemptTimeout,
            int maxRetries) {
        return new DynamoDbSettings(false, callTimeout, attemptTimeout, maxRetries,
                REGION, endpoint);
    }

    /** The settings of the tests that do not exercise the timeouts: 2 s a call, 1 s an attempt, 2 retries. */
    static DynamoDbSettings settingsAt(URI endpoint) {
        return settingsAt(endpoint, Duration.ofSeconds(2), Duration.ofMillis(1000), 2);
    }

    /** {@link HttpTableReads} over {@link UrlConnectionExchange} to {@code endpoint} with {@link #settingsAt(URI)} and {@link #CLOCK}. */
    static HttpTableReads readsAt(URI endpoint, AwsCredentials credentials) {
        return readsAt(settingsAt(endpoint), StaticCredentialsProvider.create(credentials));
    }

    /** As {@link #readsAt(URI, AwsCredentials)}, with the timeouts and retries given. */
    static HttpTableReads readsAt(URI endpoint, AwsCredentials credentials, Duration callTimeout,
            Duration attemptTimeout, int maxRetries) {
        return readsAt(settingsAt(endpoint, callTimeout, attemptTimeout, maxRetries),
                StaticCredentialsProvider.create(credentials));
    }

    /** {@link HttpTableReads} over {@link UrlConnectionExchange} with {@code settings} and {@link #CLOCK}. */
    static HttpTableReads readsAt(DynamoDbSettings settings, AwsCredentialsProvider credentials) {
        return new HttpTableReads(settings, credentials, new UrlConnectionExchange(), CLOCK);
    }

    /** {@code http://127.0.0.1:<port>}: a loopback server's endpoint. */
    static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    static TableReads.ItemRead getRead(String principal) {
        return new TableReads.ItemRead(TABLE, "principal", List.of(principal), "#p, #r, #t, #u, #d, #v", PRINCIPAL_NAMES,
                false);
    }

    static TableReads.ItemRead batchRead(List<String> keys, boolean consistentRead) {
        return new TableReads.ItemRead(TABLE, "principal", keys, "#k, #p", ROLE_NAMES, consistentRead);
    }

    static List<String> signedHeaderNames(Received request) {
        String authorization = request.header("Authorization");
        int start = authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length();
        return List.of(authorization.substring(start, authorization.indexOf(',', start)).split(";"));
    }

    /**
     * The oracle: the expected {@code Authorization} of the request as received (same Host value, same
     * signed headers, same body, the clock given to HttpTableReads), computed by the AWS SDK.
     *
     * <p>The SDK's {@link AwsV4HttpSigner} always adds and signs an {@code x-amz-content-sha256} header,
     * which tollgate does not send (DynamoDB does not need it), so its {@code Authorization} cannot be
     * byte-equal to tollgate's. It is used in three steps instead: (1) it signs the received request,
     * which must give the same date, a payload hash equal to SHA-256 of the received body, and the
     * received signed headers plus {@code x-amz-content-sha256}; (2) the building blocks that signer
     * is made of ({@link V4CanonicalRequest}, {@link CredentialScope}, {@link SignerUtils}) must
     * reproduce its {@code Authorization} exactly for its own request; (3) the same building blocks
     * then sign the headers as received.
     */
    static String sdkAuthorization(Received request, AwsCredentialsIdentity identity) {
        List<String> signedNames = signedHeaderNames(request);
        // https, as in production (the scheme is not signed); Host as received (it carries the port).
        SdkHttpRequest.Builder asReceived = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("https://" + request.header("Host") + request.path()));
        SdkHttpRequest.Builder unsigned = asReceived.copy();
        for (String name : signedNames) {
            asReceived.putHeader(name, request.header(name));
            if (!name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
                unsigned.putHeader(name, request.header(name)); // the signer adds these two itself
            }
        }
        String payloadHash = BinaryUtils.toHex(SignerUtils.hash(request.body()));

        // (1)
        SdkHttpRequest sdkSigned = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK))
                .request();
        assertThat(sdkSigned.firstMatchingHeader("X-Amz-Date")).contains(request.header("X-Amz-Date"));
        assertThat(sdkSigned.firstMatchingHeader("x-amz-content-sha256")).contains(payloadHash);
        String sdkAuthorization = sdkSigned.firstMatchingHeader("Authorization").orElseThrow();
        List<String> withPayloadHash = new ArrayList<>(signedNames);
        withPayloadHash.add("x-amz-content-sha256");
        Collections.sort(withPayloadHash);
        assertThat(sdkAuthorization).contains("SignedHeaders=" + String.join(";", withPayloadHash) + ", ");

        // (2)
        assertThat(authorization(sdkSigned.toBuilder().removeHeader("Authorization").build(), payloadHash, identity))
                .as("the SDK signer's building blocks reproduce its signature")
                .isEqualTo(sdkAuthorization);

        // (3)
        return authorization(asReceived.build(), payloadHash, identity);
    }

    /** SigV4 as the SDK's {@code DefaultV4RequestSigner} assembles it, over exactly the request's headers. */
    static String authorization(SdkHttpRequest request, String payloadHash, AwsCredentialsIdentity identity) {
        // AwsV4HttpSigner's defaults: double URL encoding and path normalisation on.
        V4CanonicalRequest canonical = new V4CanonicalRequest(request, payloadHash, new V4CanonicalRequest.Options(true, true));
        CredentialScope scope = new CredentialScope(REGION, "dynamodb", NOW);
        String stringToSign = "AWS4-HMAC-SHA256\n" + scope.getDatetime() + "\n" + scope.scope() + "\n"
                + SignerUtils.hashCanonicalRequest(canonical.getCanonicalRequestString());
        String signature = BinaryUtils.toHex(
                SignerUtils.computeSignature(stringToSign, SignerUtils.deriveSigningKey(identity, scope)));
        return "AWS4-HMAC-SHA256 Credential=" + scope.scope(identity) + ", SignedHeaders="
                + canonical.getSignedHeadersString() + ", Signature=" + signature;
    }

    static boolean resolvesToLoopbackV4First(String name) {
        try {
            return InetAddress.getByName(name).getHostAddress().equals("127.0.0.1");
        } catch (IOException e) {
            return false;
        }
    }

    static long crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(UTF_8));
        return crc.getValue();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
