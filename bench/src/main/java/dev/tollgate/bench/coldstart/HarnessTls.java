package dev.tollgate.bench.coldstart;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS the harness serves its dependencies with, so a cold start pays what it pays in
 * production: JSSE, the whole trust store, and a handshake with each dependency.
 *
 * <p>A CA generated for the run signs one server certificate for {@code IP:127.0.0.1} and
 * {@code DNS:localhost}, which the loopback issuer and dynalite both serve. A function JVM trusts a
 * copy of <em>its own JDK's</em> {@code cacerts} with that CA added, in the same keystore type and
 * loaded without a password (as the JDK loads its default trust store), passed as
 * {@code -Djavax.net.ssl.trustStore}: so the JVM parses the full set of public roots, as on Lambda,
 * not a one-certificate store. Node.js gets the CA through {@code NODE_EXTRA_CA_CERTS}, which it adds
 * to its bundled roots.
 */
public final class HarnessTls {

    /** The password keytool and the JDK use for {@code cacerts}; needed only to write the copy. */
    private static final char[] CACERTS_PASSWORD = "changeit".toCharArray();
    private static final String CA_ALIAS = "tollgate-bench-ca";

    private final TestTls ca;
    private final TestTls.ServerCert server;
    private final Path dir;
    private final Path caPem;
    private final Path certPem;
    private final Path keyPem;
    private final Map<Path, Path> trustStores = new LinkedHashMap<>();

    private HarnessTls(TestTls ca, TestTls.ServerCert server, Path dir) throws IOException {
        this.ca = ca;
        this.server = server;
        this.dir = dir;
        Files.createDirectories(dir);
        this.caPem = Files.writeString(dir.resolve("ca.pem"), ca.caPem());
        this.certPem = dir.resolve("server.pem");
        this.keyPem = dir.resolve("server.key.pem");
        server.writePem(certPem, keyPem);
    }

    /**
     * A new CA and server certificate, RSA-2048 as the chains of DynamoDB and of most identity
     * providers are (so the handshake verifies RSA signatures, as in production); files go to {@code dir}.
     */
    public static HarnessTls create(Path dir) throws IOException {
        TestTls ca = TestTls.newCa("tollgate bench CA", TestTls.KeyType.RSA_2048);
        return new HarnessTls(ca, ca.issue("IP:127.0.0.1", "DNS:localhost"), dir);
    }

    /** The servers' side: the loopback issuer's {@code HttpsServer}. */
    public SSLContext serverContext() {
        return server.serverContext();
    }

    /** The CA certificate, PEM ({@code NODE_EXTRA_CA_CERTS}). */
    public Path caPem() {
        return caPem;
    }

    /** The server certificate chain, PEM (dynalite's {@code cert}). */
    public Path certPem() {
        return certPem;
    }

    /** The server's private key, PKCS#8 PEM (dynalite's {@code key}). */
    public Path keyPem() {
        return keyPem;
    }

    /** The certificate and key dynalite serves HTTPS with. */
    public DynaliteServer.Https dynaliteHttps() {
        return new DynaliteServer.Https(certPem, keyPem);
    }

    /** Trust managers that trust the CA only: for the harness's own clients (table setup). */
    public TrustManager[] harnessTrustManagers() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(CA_ALIAS, ca.caCertificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the harness trust managers", e);
        }
    }

    /**
     * The JVM flags that make a function JVM of {@code javaHome} trust this CA on top of its JDK's
     * public roots.
     */
    public synchronized List<String> jvmFlags(Path javaHome) throws IOException {
        Path store = trustStores.get(javaHome);
        if (store == null) {
            store = writeTrustStore(javaHome, dir.resolve("cacerts-" + trustStores.size()));
            trustStores.put(javaHome, store);
        }
        return List.of("-Djavax.net.ssl.trustStore=" + store);
    }

    /** A copy of {@code javaHome}'s {@code lib/security/cacerts} plus the CA, in the same keystore type. */
    private Path writeTrustStore(Path javaHome, Path file) throws IOException {
        Path cacerts = javaHome.resolve("lib/security/cacerts").toRealPath();
        try {
            KeyStore store = KeyStore.getInstance(cacerts.toFile(), CACERTS_PASSWORD);
            store.setCertificateEntry(CA_ALIAS, ca.caCertificate());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, CACERTS_PASSWORD);
            }
            // Sanity: the copy loads the way the JDK loads cacerts (no password), CA included.
            KeyStore check = KeyStore.getInstance(store.getType());
            try (InputStream in = Files.newInputStream(file)) {
                check.load(in, null);
            }
            if (!check.isCertificateEntry(CA_ALIAS)) {
                throw new IOException(file + " lost the CA");
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot copy " + cacerts + " into a trust store", e);
        }
    }
}
