package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: a self-signed CA and the server certificates it
 * issues, as JDK objects ({@link SSLContext}, {@link KeyStore}) and as PEM files (for Node.js, or a
 * JVM started with {@code -Djavax.net.ssl.trustStore}). Nothing is ever written unless a test asks
 * for a file, and no key outlives the test JVM.
 *
 * <p>Keys are EC P-256 by default (generation takes milliseconds, unlike RSA), signatures ECDSA with
 * SHA-256, or RSA-2048 ({@link KeyType}) where the handshake's cost matters, as in the benchmark;
 * both are accepted by the JDK's TLS 1.2/1.3 stack and by Node.js {@code tls}. The certificates are
 * built with BouncyCastle's {@code bcpkix}; signing and everything TLS uses the JDK's providers, so
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

    private static final SecureRandom RANDOM = new SecureRandom();

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
        KeyPair keys = newKeyPair(keyType);
        Instant now = Instant.now();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "tollgate tests")
                .addRDN(BCStyle.CN, name)
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestTls(name, keyType, keys, sign(builder, keyType, keys.getPrivate()));
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
        return pem(caCertificate);
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
        KeyPair keys = newKeyPair(keyType);
        List<GeneralName> names = new ArrayList<>();
        for (String entry : subjectAltNames) {
            names.add(generalName(entry));
        }
        String cn = subjectAltNames.length > 0
                ? subjectAltNames[0].substring(subjectAltNames[0].indexOf(':') + 1)
                : "tollgate test server";
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "tollgate tests")
                .addRDN(BCStyle.CN, cn)
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCertificate));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new ServerCert(keys.getPrivate(), sign(builder, keyType, caKeys.getPrivate()), caCertificate);
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
            return pem(certificate) + pem(ca);
        }

        /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
        public String privateKeyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
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
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate certificate : java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificates(pem)) {
            out.add((X509Certificate) certificate);
        }
        return out;
    }

    private static KeyPair newKeyPair(KeyType keyType) {
        try {
            if (keyType == KeyType.RSA_2048) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, RANDOM);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyType keyType, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(
                    keyType == KeyType.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralName generalName(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("subject alternative name must be IP:<address> or DNS:<name>: " + entry);
        }
        String type = entry.substring(0, colon).trim();
        String value = entry.substring(colon + 1).trim();
        if (type.equalsIgnoreCase("DNS")) {
            return new GeneralName(GeneralName.dNSName, value);
        }
        if (type.equalsIgnoreCase("IP")) {
            // BouncyCastle parses the literal (IPv4 or IPv6) itself: no name lookup
            if (!value.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("not an IP address literal: " + entry);
            }
            return new GeneralName(GeneralName.iPAddress, value);
        }
        throw new IllegalArgumentException("unsupported subject alternative name type (IP or DNS): " + entry);
    }

    private static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
