package dev.tollgate.dynamodb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 for the requests {@link HttpTableReads} sends: {@code POST /} without a
 * query string, a small JSON body, every given header signed.
 *
 * <p>Why tollgate signs itself instead of calling the SDK's {@code AwsV4HttpSigner}: signing the
 * first request costs that signer 74-82 ms in a fresh JVM even after a TLS handshake has loaded
 * JCA's HMAC (~220 classes of SDK core and {@code java.time.format}), against 4-7 ms for this
 * class, measured on the project's machine (bench/README.md, "Levers, each measured under TLS"). It is
 * held to the SDK's signer as an oracle: {@code SigV4SignerTest} signs the same requests with both
 * and requires identical {@code Authorization} headers (that signer always adds and signs
 * {@code x-amz-content-sha256}, which DynamoDB does not need: the test passes it to this class too,
 * and also compares the header set sent here with the SDK's legacy {@code Aws4Signer}). HMAC-SHA256 is RFC 2104 over the JDK's
 * SHA-256 {@link MessageDigest} (also tested against {@code javax.crypto.Mac}); the JCE framework
 * behind {@code Mac} verifies and loads every installed provider on first use, which is most of
 * its cold cost.
 *
 * <p>Thread-safe: no state beyond the immutable region and service.
 */
final class SigV4Signer {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final int BLOCK = 64; // SHA-256 block size in bytes
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String region;
    private final String service;

    SigV4Signer(String region, String service) {
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Signs {@code POST /} to {@code host}.
     *
     * @param host        the Host header as the HTTP client will send it ({@code name} or {@code name:port})
     * @param headers     the headers to send and sign besides Host (names in any case; values canonicalised,
     *                    see {@link #canonicalValue})
     * @param body        the exact request body
     * @param credentials the signing identity; a session token is sent and signed when present
     * @param now         the signing time
     * @return the headers to add to the request: {@code X-Amz-Date}, {@code X-Amz-Security-Token}
     *     (session credentials only) and {@code Authorization}
     */
    Map<String, String> sign(String host, Map<String, String> headers, byte[] body, AwsCredentialsIdentity credentials,
            Instant now) {
        String amzDate = amzDate(now);
        String date = amzDate.substring(0, 8);
        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", amzDate);
        if (credentials instanceof AwsSessionCredentialsIdentity session) {
            added.put("X-Amz-Security-Token", session.sessionToken());
        }

        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
        added.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));

        StringBuilder canonical = new StringBuilder(512).append("POST\n/\n\n");
        StringBuilder signedNames = new StringBuilder(128);
        for (Map.Entry<String, String> header : signed.entrySet()) {
            canonical.append(header.getKey()).append(':').append(header.getValue()).append('\n');
            if (signedNames.length() > 0) {
                signedNames.append(';');
            }
            signedNames.append(header.getKey());
        }
        canonical.append('\n').append(signedNames).append('\n').append(hex(sha256(body)));

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));

        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedNames + ", Signature=" + signature);
        return added;
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC, without java.time.format (a few hundred classes). */
    static String amzDate(Instant now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(16);
        pad(out, t.getYear(), 4);
        pad(out, t.getMonthValue(), 2);
        pad(out, t.getDayOfMonth(), 2);
        out.append('T');
        pad(out, t.getHour(), 2);
        pad(out, t.getMinute(), 2);
        pad(out, t.getSecond(), 2);
        return out.append('Z').toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /**
     * SigV4's canonical header value: leading and trailing whitespace dropped, every inner run of
     * whitespace (not only of spaces: {@code "a\tb"} and {@code "a \t b"} both become {@code "a b"})
     * replaced by one space. Whitespace is ASCII's (space, tab, LF, VT, FF, CR) and nothing else,
     * exactly as the SDK's signers canonicalise ({@link String#strip()} would also drop Unicode spaces
     * and control characters the SDK keeps, and so sign a different value).
     */
    static String canonicalValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** HMAC-SHA256 (RFC 2104). */
    static byte[] hmac(byte[] key, String message) {
        MessageDigest digest = sha256();
        byte[] k = key.length > BLOCK ? digest.digest(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        digest.update(inner);
        byte[] innerHash = digest.digest(message.getBytes(StandardCharsets.UTF_8));
        digest.update(outer);
        return digest.digest(innerHash);
    }

    private static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
