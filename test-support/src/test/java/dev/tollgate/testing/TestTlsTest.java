package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS fixture itself: its certificates work (and fail) with the JDK's own TLS stack. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestTlsTest {
    private static final TestTls CA = TestTls.newCa("tollgate TestTlsTest CA");

    /** A JDK HttpsServer on 127.0.0.1 answering "ok" on every path with the given context. */
    private static HttpsServer serve(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpsURLConnection open(String url, SSLContext client) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        connection.setSSLSocketFactory(client.getSocketFactory());
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(2000);
        return connection;
    }

    private static String get(String url, SSLContext client) throws IOException {
        HttpsURLConnection connection = open(url, client);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void serverContextWhenIssuedForLoopbackThenClientContextConnectsByIpAndByLocalhost() throws Exception {
        HttpsServer server = serve(CA.issue("IP:127.0.0.1", "DNS:localhost").serverContext());
        try {
            int port = server.getAddress().getPort();
            assertThat(get("https://127.0.0.1:" + port + "/", CA.clientContext())).isEqualTo("ok");
            assertThat(get("https://localhost:" + port + "/", CA.clientContext())).isEqualTo("ok");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serverContextWhenCertificateExpiredThenHandshakeRefused() throws Exception {
        HttpsServer server = serve(CA.issueExpired("IP:127.0.0.1", "DNS:localhost").serverContext());
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThatThrownBy(() -> get(url, CA.clientContext()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(CertificateExpiredException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void clientContextWhenServerFromAnotherCaThenHandshakeRefused() throws Exception {
        TestTls other = TestTls.newCa("another CA");
        HttpsServer server = serve(other.issue("IP:127.0.0.1").serverContext());
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThatThrownBy(() -> get(url, CA.clientContext())).isInstanceOf(SSLHandshakeException.class);
            assertThat(get(url, other.clientContext())).isEqualTo("ok");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void clientContextWhenCertificateNamesAnotherHostThenHandshakeRefused() throws Exception {
        HttpsServer server = serve(CA.issue("DNS:example.invalid").serverContext());
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThatThrownBy(() -> get(url, CA.clientContext()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pemWhenReadBackThenSameCertificatesAndPkcs8Key() throws Exception {
        TestTls.ServerCert server = CA.issue("IP:127.0.0.1", "DNS:localhost");

        List<X509Certificate> chain = TestTls.readCertificates(
                new ByteArrayInputStream(server.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> ca = TestTls.readCertificates(
                new ByteArrayInputStream(CA.caPem().getBytes(StandardCharsets.US_ASCII)));

        assertThat(chain).containsExactly(server.certificate(), CA.caCertificate());
        assertThat(ca).containsExactly(CA.caCertificate());
        assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(server.key().getFormat()).isEqualTo("PKCS#8");
        server.certificate().verify(CA.caCertificate().getPublicKey());
        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(entry -> (Object) entry.get(1))
                .containsExactly((Object) "127.0.0.1", "localhost");
    }

    @Test
    void writeTrustStoreWhenLoadedThenHoldsJdkCacertsAndThisCa(@TempDir Path dir) throws Exception {
        Path file = CA.writeTrustStore(dir.resolve("trust.p12"));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestTls.TRUST_STORE_PASSWORD.toCharArray());
        }

        assertThat(store.getCertificateAlias(CA.caCertificate())).isNotNull();
        assertThat(Collections.list(store.aliases()).size()).isGreaterThan(1); // the JDK's public CAs too
    }

    @Test
    void writePemWhenWrittenThenFilesHoldChainAndKey(@TempDir Path dir) throws Exception {
        TestTls.ServerCert server = CA.issue("DNS:localhost");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");

        server.writePem(cert, key);

        assertThat(Files.readString(cert)).isEqualTo(server.certificatePem());
        assertThat(Files.readString(key)).isEqualTo(server.privateKeyPem());
    }
}
