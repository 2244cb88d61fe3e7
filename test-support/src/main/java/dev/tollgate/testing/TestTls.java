package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority for tests: a self-signed CA and the server certificates it
 * issues, as JDK objects ({@link SSLContext}, {@link KeyStore}) and as PEM files (for Node.js, or a
 * JVM started with {@code -Djavax.net.ssl.trustStore}). Nothing is ever written unless a test asks
 * for a file, and no key outlives the test JVM.
 *
 * <p>Keys are EC P-256 by default (generation takes milliseconds, unlike RSA), signatures ECDSA with
 * SHA-256, or RSA-2048 ({@link KeyType}) where the handshake's cost matters, as in the benchmark;
 * both are accepted by the JDK's TLS 1.2/1.3 stack and by Node.js {@code tls}. The certificates are
 * built with BouncyCastle's {@code bcpkix} ({@link Certificates}); signing and everything TLS uses the JDK's providers, so
 * no BouncyCastle provider is registered.
 *
 * <pre>{@code
 * TestTls ca = TestTls.newCa("tollgate test CA");
 * TestTls.ServerCert server = ca.issue("IP:127.0.0.1", "DNS:localhost");
 * httpsServer.setHttpsConfigurator(new HttpsConfigurator(server.serverContext()));
 * HttpsURLConnection c = ...; c.setSSLSocketFactory(ca.clientContext().getSocketFactory());
 * }</pre>
 */
public final class TestTls {
    /** Password of every key store this class makes (trust stores and the servers' key stores). */
    public static final String TRUST_STORE_PASSWORD = "changeit";


    /** The keys of a CA and of the certificates it issues. */
    public enum KeyType {
        /** EC P-256, SHA256withECDSA: generated in milliseconds (the tests' default). */
        EC_P256,
        /**
         * RSA-2048, SHA256withRSA: what the public endpoints tollgate talks to present (DynamoDB's and
         * most identity providers' chains are RSA), so the handshake does the same work; the benchmark's
         * choice.
         */
        RSA_2048
    }

    private final String name;
    private final KeyType keyType;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private TestTls(String name, KeyType keyType, KeyPair caKeys, X509Certificate caCertificate) {
        this.name = name;
        this.keyType = keyType;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    /** A new self-signed EC CA named {@code CN=<name>}, valid from a day ago for 30 days. */
    public static TestTls newCa(String name) {
        return newCa(name, KeyType.EC_P256);
    }

    /** As {@link #newCa(String)}, with keys of {@code keyType} for the CA and what it issues. */
    public static TestTls newCa(String name, KeyType keyType) {
        Objects.requireNonNull(name, "name");
        KeyPair keys = Certificates.newKeyPair(keyType);
        Instant now = Instant.now();
        try {
            return new TestTls(name, keyType, keys, Certificates.selfSignedCa(name, keyType, keys,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create test CA " + name, e);
        }
    }

    /** The CA's name as given to {@link #newCa}. */
    public String name() {
        return name;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA certificate as PEM ({@code -----BEGIN CERTIFICATE-----}). */
    public String caPem() {
        return Pem.of(caCertificate);
    }

    /**
     * A server (and client) certificate signed by this CA, valid from an hour ago for seven days.
     *
     * @param subjectAltNames entries {@code "IP:127.0.0.1"}, {@code "DNS:localhost"}; the first one's
     *     value also becomes the subject CN. None at all is allowed (a certificate no host name matches).
     */
    public ServerCert issue(String... subjectAltNames) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), subjectAltNames);
    }

    /** Like {@link #issue} but expired: valid from three hours ago until an hour ago. */
    public ServerCert issueExpired(String... subjectAltNames) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1)), subjectAltNames);
    }

    /** Like {@link #issue} but with the validity given (e.g. not yet valid). */
    public ServerCert issue(Instant notBefore, Instant notAfter, String... subjectAltNames) {
        KeyPair keys = Certificates.newKeyPair(keyType);
        try {
            return new ServerCert(keys.getPrivate(), Certificates.leaf(caCertificate, caKeys.getPrivate(), keyType,
                    keys.getPublic(), notBefore, notAfter, subjectAltNames), caCertificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    /**
     * A copy of the JDK's trust store ({@code $JAVA_HOME/lib/security/cacerts}) with this CA added
     * (alias {@code tollgate-test-ca}): what a JVM trusting this CA <em>in addition to</em> the
     * public ones sees. A PKCS12 store with password {@link #TRUST_STORE_PASSWORD}.
     */
    public KeyStore trustStoreWithJdkCacerts() {
        try {
            KeyStore copy = KeyStore.getInstance("PKCS12");
            copy.load(null, null);
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isRegularFile(cacerts)) {
                KeyStore jdk = KeyStore.getInstance(cacerts.toFile(), TRUST_STORE_PASSWORD.toCharArray());
                for (String alias : Collections.list(jdk.aliases())) {
                    Certificate certificate = jdk.getCertificate(alias);
                    if (certificate != null) {
                        copy.setCertificateEntry(alias, certificate);
                    }
                }
            }
            copy.setCertificateEntry("tollgate-test-ca", caCertificate);
            return copy;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot copy the JDK trust store", e);
        }
    }

    /**
     * Writes {@link #trustStoreWithJdkCacerts()} to {@code file} as PKCS12 (password
     * {@link #TRUST_STORE_PASSWORD}), for {@code -Djavax.net.ssl.trustStore=<file>}.
     *
     * @return {@code file}
     */
    public Path writeTrustStore(Path file) {
        KeyStore store = trustStoreWithJdkCacerts();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding only this CA (a trusted certificate entry), password {@link #TRUST_STORE_PASSWORD}. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("tollgate-test-ca", caCertificate);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context that trusts exactly this CA (no public CA), with default host checks. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server's key and certificate, issued by {@link #ca}.
     *
     * @param key         the leaf's private key (EC P-256)
     * @param certificate the leaf certificate
     * @param ca          the issuing CA's certificate
     */
    public record ServerCert(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        /** A TLS server context whose key manager presents the chain [certificate, ca]. */
        public SSLContext serverContext() {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(), TRUST_STORE_PASSWORD.toCharArray());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A PKCS12 key store with one key entry {@code server} (chain [certificate, ca]), password {@link #TRUST_STORE_PASSWORD}. */
        public KeyStore keyStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, TRUST_STORE_PASSWORD.toCharArray(),
                        new Certificate[] {certificate, ca});
                return store;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The leaf then the CA certificate, PEM (what Node.js {@code tls} takes as {@code cert}). */
        public String certificatePem() {
            return Pem.of(certificate) + Pem.of(ca);
        }

        /** The leaf certificate alone, PEM: what API Gateway forwards as a mutual-TLS client's {@code clientCertPem}. */
        public String leafPem() {
            return Pem.of(certificate);
        }

        /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
        public String privateKeyPem() {
            return Pem.of("PRIVATE KEY", key.getEncoded());
        }

        /** Writes {@link #certificatePem()} and {@link #privateKeyPem()} (the key file owner-readable only where supported). */
        public void writePem(Path certFile, Path keyFile) {
            try {
                write(certFile, certificatePem());
                write(keyFile, privateKeyPem());
                try {
                    Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: leave the default
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void write(Path file, String text) throws IOException {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        }
    }

    /** Reads back a certificate PEM (for tests of this class). */
    static List<X509Certificate> readCertificates(InputStream pem) throws GeneralSecurityException {
        return Pem.readCertificates(pem);
    }
}
