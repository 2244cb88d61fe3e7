package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * {@link SigV4Signer} replaced the SDK's {@code AwsV4HttpSigner} for cold-start reasons, so nothing
 * but these tests stands between a slip in its canonical request and DynamoDB answering every read
 * with "signature does not match". The SDK's signer is the oracle: both sign the same requests
 * (hosts with and without ports, IPv6, unicode and empty bodies, untidy header values, basic and
 * session credentials, times around day and year boundaries) and must produce the same headers. The
 * hand-written HMAC is held to {@code javax.crypto.Mac}, the date to {@code DateTimeFormatter}, and
 * the key derivation to AWS's published example.
 */
class SigV4SignerTest {

    private static final String SERVICE = "dynamodb";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    // ---------------------------------------------------------------------------------------------
    // The SDK's signer as the oracle

    /** An endpoint as HttpTableReads is configured with, and the Host header the JDK sends for it. */
    private record Endpoint(String url) {
        URI uri() {
            return URI.create(url);
        }

        /** As HttpTableReads computes it: the port only when not the scheme's default. */
        String hostHeader() {
            URI uri = uri();
            int port = uri.getPort();
            int defaultPort = uri.getScheme().equals("https") ? 443 : 80;
            return uri.getHost() + (port == -1 || port == defaultPort ? "" : ":" + port);
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("https://dynamodb.eu-west-1.amazonaws.com"),
            new Endpoint("https://dynamodb.us-east-1.amazonaws.com/"),
            new Endpoint("https://dynamodb.eu-central-1.amazonaws.com:443"),
            new Endpoint("https://dynamodb.ap-southeast-2.amazonaws.com:8443"),
            new Endpoint("http://127.0.0.1:8000"),
            new Endpoint("http://localhost:4567"),
            new Endpoint("http://localhost:80"),
            new Endpoint("http://localhost"),
            new Endpoint("http://[::1]:9000"),
            new Endpoint("https://[::1]"),
            new Endpoint("http://[2001:db8::7]:8000"));

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2",
            "us-gov-west-1", "cn-north-1", "local");

    private static final List<String> BODIES = List.of(
            "",
            "{}",
            "{\"TableName\":\"permissions\",\"Key\":{\"pk\":{\"S\":\"user#42\"}},\"ConsistentRead\":true}",
            "{\"RequestItems\":{\"permissions\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}},{\"pk\":{\"S\":\"b\"}}]}}}",
            "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"Grüße, 東京, 🚀, \\u0000\"}}}",
            "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"line\\nbreak  and  spaces\"}}}");

    /**
     * Header values as a caller might pass them. SigV4 canonicalises a value by trimming it and
     * collapsing inner runs of whitespace to one space; the SDK's whitespace is ASCII's (space, tab,
     * LF, VT, FF, CR), nothing beyond.
     */
    private static final List<String> CONTENT_TYPES = List.of(
            CONTENT_TYPE,
            " " + CONTENT_TYPE + " ",
            "application/x-amz-json-1.0;  charset=utf-8",
            "  application/x-amz-json-1.0  ;   charset=utf-8\t",
            "application/x-amz-json-1.0;\tcharset=utf-8",
            "\tapplication/x-amz-json-1.0; \t charset=utf-8 \t",
            "application/x-amz-json-1.0;\u000b\fcharset=utf-8\r",
            "application/x-amz-json-1.0;\u00a0charset=utf-8\u2003", // not ASCII whitespace: kept
            "\u001fapplication/x-amz-json-1.0");

    /** Further headers a caller might sign, sorting before, between and after the two DynamoDB needs. */
    private static final List<Map.Entry<String, String>> EXTRA_HEADERS = List.of(
            Map.entry("Accept-Encoding", "identity"),
            Map.entry("amz-sdk-request", "attempt=1;  max=4"),
            Map.entry("Content-Length", "42"),
            Map.entry("X-Amz-Client-Context", "  e30=  "),
            Map.entry("x-amz-meta-a", "a\t\tb"),
            Map.entry("X-Amz-Target-Suffix", ""),
            Map.entry("Zzz", "last"));

    private static final List<Instant> TIMES = List.of(
            Instant.parse("2012-02-15T00:00:00Z"),
            Instant.parse("2015-08-30T12:36:00Z"),
            Instant.parse("2023-12-31T23:59:59Z"), // end of year: date scope still the old year
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-02-29T23:59:59.999Z"), // leap day, fraction dropped
            Instant.parse("2024-03-01T00:00:00.001Z"),
            Instant.parse("2026-06-30T23:59:59Z"),
            Instant.parse("2026-07-01T00:00:00Z"));

    /** One request to sign: what HttpTableReads would pass to {@link SigV4Signer#sign}, and where to. */
    private record Case(int index, Endpoint endpoint, String region, Map<String, String> headers, byte[] body,
            AwsCredentialsIdentity credentials, Instant now) {

        Map<String, String> sign(Map<String, String> extraHeaders) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(extraHeaders);
            return new SigV4Signer(region, SERVICE).sign(endpoint.hostHeader(), all, body, credentials, now);
        }

        @Override
        public String toString() {
            String shownHeaders = headers.toString().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\u000b", "\\v").replace("\f", "\\f");
            return "request " + index + ": " + endpoint.url() + " " + region + " " + shownHeaders + " "
                    + body.length + " bytes, " + credentials.getClass().getSimpleName() + " at " + now;
        }
    }

    /** Seeded, so a failure names a request that fails again on the next run. */
    private static List<Case> cases() {
        Random random = new Random(20120215);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(random.nextBoolean() ? "Content-Type" : "content-type",
                    CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
            headers.put(random.nextBoolean() ? "X-Amz-Target" : "x-amz-target",
                    "DynamoDB_20120810." + (random.nextBoolean() ? "GetItem" : "BatchGetItem"));
            if (random.nextInt(4) == 0) {
                Map.Entry<String, String> extra = EXTRA_HEADERS.get(random.nextInt(EXTRA_HEADERS.size()));
                headers.put(extra.getKey(), extra.getValue());
            }
            byte[] body = body(random);
            AwsCredentialsIdentity credentials = credentials(random);
            Instant now = random.nextInt(3) == 0 ? TIMES.get(random.nextInt(TIMES.size())) : randomInstant(random);
            cases.add(new Case(i, endpoint, region, headers, body, credentials, now));
        }
        return cases;
    }

    /**
     * The SDK's current signer always adds and signs {@code x-amz-content-sha256} (its checksummer
     * puts the payload hash there before signing; no property turns that off), and so does
     * DynamoDbClient on the wire. DynamoDB does not need that header and HttpTableReads does not send
     * it; it is given here to SigV4Signer as one more header, exactly as the SDK sends it, so both
     * sign the same header set and the comparison is about the algorithm.
     */
    @Test
    void signWhenManyRequestsThenSameHeadersAsSdkSigner() {
        for (Case c : cases()) {
            SdkHttpRequest sdk = sdkSign(c);
            String contentSha256 = sdk.firstMatchingHeader("x-amz-content-sha256").orElseThrow();
            assertThat(contentSha256).as(c.toString()).isEqualTo(sha256Hex(c.body()));

            Map<String, String> ours = c.sign(Map.of("x-amz-content-sha256", contentSha256));

            assertSameSignature(c, ours, sdk);
            assertThat(c.endpoint().hostHeader()).as(c.toString())
                    .isEqualTo(sdk.firstMatchingHeader("Host").orElseThrow());
        }
    }

    /** Authorization, X-Amz-Date and X-Amz-Security-Token as the SDK's signer set them. */
    private static void assertSameSignature(Case c, Map<String, String> ours,
            software.amazon.awssdk.http.SdkHttpHeaders sdk) {
        assertThat(ours.get("Authorization")).as(c.toString())
                .isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Date")).as(c.toString())
                .isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).as(c.toString())
                .isEqualTo(sdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null));
    }

    /**
     * The exact header set HttpTableReads signs (no {@code x-amz-content-sha256}), against the SDK's
     * previous V4 signer, which DynamoDbClient used before the SDK's signer rewrite and which adds no
     * payload-hash header for services other than S3.
     */
    @Test
    void signWhenHeadersAsHttpTableReadsSendsThenSameHeadersAsLegacySdkSigner() {
        for (Case c : cases()) {
            SdkHttpFullRequest sdk = legacySdkSign(c);
            Map<String, String> ours = c.sign(Map.of());

            assertThat(sdk.firstMatchingHeader("x-amz-content-sha256")).as(c.toString()).isEmpty();
            assertSameSignature(c, ours, sdk);
        }
    }

    /**
     * The SDK signs the Host it will send: the URI's host (an IPv6 literal keeps its brackets) and the
     * port only when it is not the scheme's default, which is also what HttpTableReads computes and
     * what HttpURLConnection writes.
     */
    @Test
    void signWhenPortsAndIpv6ThenHostAsSdkSignsIt() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("https://dynamodb.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com");
        expected.put("https://dynamodb.eu-central-1.amazonaws.com:443", "dynamodb.eu-central-1.amazonaws.com");
        expected.put("https://dynamodb.ap-southeast-2.amazonaws.com:8443", "dynamodb.ap-southeast-2.amazonaws.com:8443");
        expected.put("http://127.0.0.1:8000", "127.0.0.1:8000");
        expected.put("http://localhost:80", "localhost");
        expected.put("http://[::1]:9000", "[::1]:9000");
        expected.put("https://[::1]", "[::1]");
        AwsBasicCredentials credentials = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
        Map<String, String> headers = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", "DynamoDB_20120810.GetItem");

        expected.forEach((url, host) -> {
            Case c = new Case(0, new Endpoint(url), "eu-west-1", headers, new byte[0], credentials,
                    Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(c.endpoint().hostHeader()).as(url).isEqualTo(host);
            assertThat(sdkSign(c).firstMatchingHeader("Host")).as(url).contains(host);
            assertThat(legacySdkSign(c).firstMatchingHeader("Host")).as(url).contains(host);
        });
    }

    @Test
    void canonicalValueWhenWhitespaceThenTrimmedAndRunsCollapsedLikeSdk() {
        assertThat(SigV4Signer.canonicalValue("")).isEmpty();
        assertThat(SigV4Signer.canonicalValue(" \t\r\n ")).isEmpty();
        assertThat(SigV4Signer.canonicalValue("  a  b  ")).isEqualTo("a b");
        assertThat(SigV4Signer.canonicalValue("\ta\tb\t")).isEqualTo("a b");
        assertThat(SigV4Signer.canonicalValue("a \t\u000b\f\r\n b")).isEqualTo("a b");
        assertThat(SigV4Signer.canonicalValue("DynamoDB_20120810.GetItem")).isEqualTo("DynamoDB_20120810.GetItem");
        // Not ASCII whitespace: the SDK keeps them, so must the signer.
        assertThat(SigV4Signer.canonicalValue("\u00a0a\u2003b\u001f")).isEqualTo("\u00a0a\u2003b\u001f");
    }

    @Test
    void signWhenSessionCredentialsThenTokenSentAndSigned() {
        AwsSessionCredentials credentials = AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "token/with+chars==");
        Map<String, String> headers = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", "DynamoDB_20120810.GetItem");

        Map<String, String> signature = new SigV4Signer("eu-west-1", SERVICE).sign("dynamodb.eu-west-1.amazonaws.com",
                headers, "{}".getBytes(StandardCharsets.UTF_8), credentials, Instant.parse("2026-01-02T03:04:05Z"));

        assertThat(signature).containsOnlyKeys("X-Amz-Date", "X-Amz-Security-Token", "Authorization");
        assertThat(signature.get("X-Amz-Security-Token")).isEqualTo("token/with+chars==");
        assertThat(signature.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260102/eu-west-1/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=");
    }

    @Test
    void signWhenBasicCredentialsThenNoTokenAndHeadersInOrder() {
        AwsBasicCredentials credentials = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
        Map<String, String> headers = Map.of("X-Amz-Target", "DynamoDB_20120810.BatchGetItem", "Content-Type", CONTENT_TYPE);

        Map<String, String> signature = new SigV4Signer("us-east-1", SERVICE).sign("127.0.0.1:8000", headers,
                new byte[0], credentials, Instant.parse("2026-01-02T03:04:05Z"));

        assertThat(signature.keySet()).containsExactly("X-Amz-Date", "Authorization");
        assertThat(signature.get("X-Amz-Date")).isEqualTo("20260102T030405Z");
        assertThat(signature.get("Authorization")).matches(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}");
    }

    /** The request DynamoDbClient would build: POST / to the endpoint's host and port, the same headers. */
    private static SdkHttpFullRequest sdkRequest(Case c) {
        URI uri = c.endpoint().uri();
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol(uri.getScheme())
                .host(uri.getHost()) // IPv6 in brackets, as URI and URL give it
                .encodedPath("/")
                .contentStreamProvider(ContentStreamProvider.fromByteArray(c.body()));
        if (uri.getPort() != -1) {
            request.port(uri.getPort());
        }
        c.headers().forEach(request::putHeader);
        return request.build();
    }

    /** Signs as DynamoDbClient does: the SDK's V4 signer with its defaults for service "dynamodb". */
    private static SdkHttpRequest sdkSign(Case c) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(c.credentials())
                .request(sdkRequest(c))
                .payload(ContentStreamProvider.fromByteArray(c.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, c.region())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(c.now(), ZoneOffset.UTC)));
        return signed.request();
    }

    @SuppressWarnings("deprecation") // the legacy signer is the point
    private static SdkHttpFullRequest legacySdkSign(Case c) {
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials((AwsCredentials) c.credentials())
                .signingName(SERVICE)
                .signingRegion(Region.of(c.region()))
                .signingClockOverride(Clock.fixed(c.now(), ZoneOffset.UTC))
                .build();
        return Aws4Signer.create().sign(sdkRequest(c), params);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] body(Random random) {
        if (random.nextInt(4) > 0) {
            return BODIES.get(random.nextInt(BODIES.size())).getBytes(StandardCharsets.UTF_8);
        }
        // Random code points, surrogate pairs included, in a JSON string.
        StringBuilder s = new StringBuilder("{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"");
        int length = random.nextInt(200);
        for (int j = 0; j < length; j++) {
            int codePoint;
            do {
                codePoint = random.nextInt(4) == 0 ? random.nextInt(0x110000) : 0x20 + random.nextInt(0x5f);
            } while (Character.getType(codePoint) == Character.SURROGATE || codePoint == '"' || codePoint == '\\');
            s.appendCodePoint(codePoint);
        }
        return s.append("\"}}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static AwsCredentialsIdentity credentials(Random random) {
        String accessKey = (random.nextBoolean() ? "AKIA" : "ASIA") + randomString(random, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        String secret = randomString(random, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        if (random.nextBoolean()) {
            return AwsBasicCredentials.create(accessKey, secret);
        }
        String token = randomString(random, 100 + random.nextInt(700),
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
        return AwsSessionCredentials.create(accessKey, secret, token);
    }

    private static String randomString(Random random, int length, String alphabet) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Anywhere from 1970 to 2100, to the millisecond. */
    private static Instant randomInstant(Random random) {
        long max = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        return Instant.ofEpochMilli((long) (random.nextDouble() * max));
    }

    // ---------------------------------------------------------------------------------------------
    // HMAC-SHA256 against the JCA

    @Test
    void hmacWhenRandomKeysAndMessagesThenSameAsJcaMac() throws GeneralSecurityException {
        Random random = new Random(2104);
        for (int keyLength = 0; keyLength <= 200; keyLength++) {
            for (int round = 0; round < 5; round++) {
                byte[] key = new byte[keyLength];
                random.nextBytes(key);
                StringBuilder message = new StringBuilder();
                int messageLength = random.nextInt(300);
                for (int j = 0; j < messageLength; j++) {
                    message.appendCodePoint(random.nextInt(8) == 0 ? 0x80 + random.nextInt(0xd000) : random.nextInt(0x80));
                }

                assertThat(SigV4Signer.hmac(key, message.toString()))
                        .as("key of %d bytes, message of %d chars", keyLength, messageLength)
                        .isEqualTo(jcaHmac(key, message.toString()));
            }
        }
    }

    @Test
    void hmacWhenRfc4231TestCasesThenPublishedValues() {
        // RFC 4231, test case 2: a key shorter than the block.
        assertThat(SigV4Signer.hex(SigV4Signer.hmac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?")))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // RFC 4231, test case 6: a 131-byte key, longer than the block, so hashed first.
        byte[] longKey = new byte[131];
        Arrays.fill(longKey, (byte) 0xaa);
        assertThat(SigV4Signer.hex(SigV4Signer.hmac(longKey,
                "Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    private static byte[] jcaHmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        // SecretKeySpec rejects an empty key; HMAC pads an empty key with zeros like any short one,
        // so a one-zero-byte key is the same key.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------
    // X-Amz-Date

    @Test
    void amzDateWhenFixedInstantsThenSameAsDateTimeFormatter() {
        List<Instant> instants = new ArrayList<>(TIMES);
        instants.addAll(List.of(
                Instant.EPOCH,
                Instant.parse("1970-01-01T00:00:00.999Z"),
                Instant.parse("2000-02-29T12:00:00Z"), // leap day of a century leap year
                Instant.parse("2024-02-29T00:00:00Z"),
                Instant.parse("2025-12-31T23:59:59.999999999Z"),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-09T09:09:09Z"), // single digits everywhere
                Instant.parse("9999-12-31T23:59:59.999999999Z")));
        Random random = new Random(8601);
        for (int i = 0; i < 1_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()),
                    random.nextInt(1_000_000_000)));
        }

        for (Instant instant : instants) {
            assertThat(SigV4Signer.amzDate(instant)).as(instant.toString()).isEqualTo(AMZ_DATE.format(instant));
        }
        assertThat(SigV4Signer.amzDate(Instant.EPOCH)).isEqualTo("19700101T000000Z");
        assertThat(SigV4Signer.amzDate(Instant.parse("2024-02-29T23:59:59.999Z"))).isEqualTo("20240229T235959Z");
        assertThat(SigV4Signer.amzDate(Instant.parse("9999-12-31T23:59:59.999999999Z"))).isEqualTo("99991231T235959Z");
    }

    // ---------------------------------------------------------------------------------------------
    // AWS's published key derivation

    @Test
    void hmacChainWhenAwsDocumentedExampleThenPublishedSigningKey() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
        byte[] kDate = SigV4Signer.hmac(
                "AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8), "20120215");
        byte[] kRegion = SigV4Signer.hmac(kDate, "us-east-1");
        byte[] kService = SigV4Signer.hmac(kRegion, "iam");
        byte[] kSigning = SigV4Signer.hmac(kService, "aws4_request");

        assertThat(SigV4Signer.hex(kDate)).isEqualTo("969fbb94feb542b71ede6f87fe4d5fa29c789342b0f407474670f0c2489e0a0d");
        assertThat(SigV4Signer.hex(kRegion)).isEqualTo("69daa0209cd9c5ff5c8ced464a696fd4252e981430b10e3d3fd8e2f197d7a70c");
        assertThat(SigV4Signer.hex(kService)).isEqualTo("f72cfd46f26bc4643f06a11eabb6c0ba18780c19a8da0c31ace671265e3c87fa");
        assertThat(SigV4Signer.hex(kSigning)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    // ---------------------------------------------------------------------------------------------
    // hex

    @Test
    void hexWhenBytesThenLowercaseTwoDigitsEach() {
        assertThat(SigV4Signer.hex(new byte[0])).isEmpty();
        assertThat(SigV4Signer.hex(new byte[] {0, 1, 0x0f, 0x10, 0x7f, (byte) 0x80, (byte) 0xab, (byte) 0xff}))
                .isEqualTo("00010f107f80abff");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(SigV4Signer.hex(all)).isEqualTo(HexFormat.of().formatHex(all));
        Random random = new Random(16);
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[random.nextInt(100)];
            random.nextBytes(bytes);
            assertThat(SigV4Signer.hex(bytes)).isEqualTo(HexFormat.of().formatHex(bytes));
        }
    }
}
