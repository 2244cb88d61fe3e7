package dev.tollgate.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Enumeration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS priming before a SnapStart checkpoint: HTTPS exchanges through {@link HttpsURLConnection}
 * (the client both the JWKS fetch and the DynamoDB transport use) against a responder on loopback
 * inside the process, so the snapshot holds JSSE loaded, the JDK's trust store parsed and the
 * handshake, certificate-path and record-layer code compiled. After a restore the two real
 * handshakes (issuer and DynamoDB) then run compiled code instead of the interpreter.
 *
 * <p>What is and is not kept:
 * <ul>
 *   <li>The responder's key and certificate come from {@link Priming#MATERIAL_RESOURCE}: a throw-away
 *       RSA-2048 key for a self-signed certificate of {@code 127.0.0.1} that nothing trusts but the
 *       disposable client context built here (the production trust store never holds it; a test
 *       proves the JDK's default context refuses it). A TLS handshake signs fresh randoms, so unlike
 *       the priming tokens it cannot be pre-signed: the server side needs the key.
 *   <li>Both priming contexts are local and dropped: no socket, no session, no key material of
 *       theirs survives into the snapshot. Every exchange sends {@code Connection: close}, so the
 *       keep-alive cache holds nothing either.
 *   <li>The default context's client sessions (the issuer's, when its keys were fetched during init)
 *       are invalidated ({@link #forgetSessions()}): a TLS 1.3 resumption ticket in a snapshot would
 *       be presented by every environment restored from it.
 *   <li>Randomness: JSSE draws from {@code SecureRandom}, which on Linux is {@code NativePRNG}
 *       reading {@code /dev/urandom} on every call; Lambda lists {@code java.security.SecureRandom}
 *       among the generators that stay random across SnapStart restores.
 * </ul>
 */
public final class TlsPriming {
    private static final int SOCKET_TIMEOUT_MS = 2_000;
    private static final byte[] ANSWER = "{}".getBytes(StandardCharsets.UTF_8);

    private TlsPriming() {}

    /**
     * Loads the default SSL context (and with it the JDK's trust store), then runs {@code rounds}
     * HTTPS exchanges with an in-process responder, alternately a GET (the JWKS fetch's shape) and
     * a fixed-length POST (the DynamoDB transport's).
     *
     * @param material the priming material ({@link Priming#MATERIAL_RESOURCE}), with its {@code tls} entry
     * @return how many exchanges completed
     * @throws IOException when the material is unusable or an exchange fails
     */
    public static int run(JsonNode material, int rounds) throws IOException {
        SSLContext client;
        SSLContext server;
        try {
            // What production connections use; its trust managers parse the JDK's cacerts once, here.
            SSLContext.getDefault();
            JsonNode tls = material.path("tls");
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(decode(tls, "certificate")));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decode(tls, "privateKey")));
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("priming", certificate);
            // The default algorithm (PKIX), as the default context: the same validator, the same host check.
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);

            char[] password = new char[0];
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("priming", key, password, new Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);
            server = SSLContext.getInstance("TLS");
            server.init(keys.getKeyManagers(), null, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("TLS priming material unusable: " + e, e);
        }
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, rounds, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(SOCKET_TIMEOUT_MS);
            Thread responder = new Thread(() -> answer(listener, rounds), "tollgate-tls-priming-responder");
            responder.setDaemon(true);
            responder.start();
            URL url = new URL("https", "127.0.0.1", listener.getLocalPort(), "/");
            int done = 0;
            for (int round = 0; round < rounds; round++) {
                exchange(url, client, round % 2 == 1);
                done++;
            }
            try {
                responder.join(SOCKET_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return done;
        }
    }

    /**
     * Invalidates every client session of the default SSL context, so a snapshot taken after this
     * holds no session that later handshakes could resume.
     *
     * @return how many sessions were dropped
     */
    static int forgetSessions() {
        try {
            SSLSessionContext sessions = SSLContext.getDefault().getClientSessionContext();
            int dropped = 0;
            for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements();) {
                javax.net.ssl.SSLSession session = sessions.getSession(ids.nextElement());
                if (session != null) {
                    session.invalidate();
                    dropped++;
                }
            }
            return dropped;
        } catch (GeneralSecurityException e) {
            return 0; // no default context: no sessions either
        }
    }

    private static void exchange(URL url, SSLContext client, boolean post) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
        try {
            connection.setSSLSocketFactory(client.getSocketFactory());
            connection.setConnectTimeout(SOCKET_TIMEOUT_MS);
            connection.setReadTimeout(SOCKET_TIMEOUT_MS);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            if (post) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(ANSWER.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(ANSWER);
                }
            }
            if (connection.getResponseCode() != 200) {
                throw new IOException("TLS priming responder answered HTTP " + connection.getResponseCode());
            }
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
        } finally {
            connection.disconnect();
        }
    }

    /** The responder: {@code rounds} connections, each one request answered with {@code {}} and closed. */
    private static void answer(SSLServerSocket listener, int rounds) {
        for (int i = 0; i < rounds; i++) {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.setSoTimeout(SOCKET_TIMEOUT_MS);
                InputStream in = socket.getInputStream();
                int contentLength = readHeaders(in);
                in.readNBytes(contentLength);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + ANSWER.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(ANSWER);
                out.flush();
            } catch (IOException e) {
                return; // the client side reports the failure
            }
        }
    }

    /** Reads a request's head; returns its Content-Length (0 when absent). */
    private static int readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut short");
            }
            head.append((char) b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        for (String line : head.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).strip());
            }
        }
        return 0;
    }

    private static byte[] decode(JsonNode tls, String field) throws IOException {
        JsonNode value = tls.path(field);
        if (!value.isTextual()) {
            throw new IOException(Priming.MATERIAL_RESOURCE + " has no tls." + field);
        }
        return Base64.getDecoder().decode(value.textValue());
    }
}
