package dev.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes this JVM trust a {@link TestTls} CA (on top of the JDK's public CAs) the way a deployment
 * would with {@code -Djavax.net.ssl.trustStore=...}, for in-process tests, and restores the previous
 * state on {@link #close()}.
 *
 * <p>The production code never builds a trust manager: it takes the JVM's defaults, through two
 * doors, and both are set here to the same store ({@link TestTls#trustStoreWithJdkCacerts()}):
 * <ul>
 *   <li>{@link HttpsURLConnection#setDefaultSSLSocketFactory} (and {@link SSLContext#setDefault}):
 *       what {@code HttpFetcher} (JWKS, discovery) and {@code UrlConnectionExchange} (DynamoDB) get
 *       from {@code URL.openConnection()}. The JDK reads the {@code javax.net.ssl.trustStore}
 *       property only once, when the default context is first made, which in a shared test JVM has
 *       happened long before: the default factory is the door that still works.
 *   <li>the {@code javax.net.ssl.trustStore*} system properties: a client that builds its own
 *       {@link SSLContext} with no trust managers makes the JDK read the trust store they name.
 * </ul>
 * The host name check is never touched: it stays the JDK's ({@code HttpsURLConnection}'s default
 * verifier, i.e. endpoint identification "HTTPS").
 *
 * <p>Not thread-safe with other tests that change the same JVM-wide defaults at the same time; the
 * integration tests run one class at a time.
 */
public final class JvmDefaultTrust implements AutoCloseable {
    private static final String[] PROPERTIES = {
        "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};

    private final SSLSocketFactory previousFactory;
    private final SSLContext previousContext;
    private final Map<String, String> previousProperties = new LinkedHashMap<>();
    private final Path trustStoreFile;
    private final SSLContext context;

    private JvmDefaultTrust(TestTls ca) {
        KeyStore store = ca.trustStoreWithJdkCacerts();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            previousContext = SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try {
            trustStoreFile = ca.writeTrustStore(Files.createTempFile("tollgate-trust", ".p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        for (String name : PROPERTIES) {
            previousProperties.put(name, System.getProperty(name));
        }
        System.setProperty("javax.net.ssl.trustStore", trustStoreFile.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TestTls.TRUST_STORE_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        SSLContext.setDefault(context);
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    }

    /** From now until {@link #close()}, this JVM's default TLS trust is the JDK's CAs plus {@code ca}. */
    public static JvmDefaultTrust install(TestTls ca) {
        return new JvmDefaultTrust(ca);
    }

    /** The context now in force (for a test's own clients). */
    public SSLContext context() {
        return context;
    }

    @Override
    public void close() {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
        SSLContext.setDefault(previousContext);
        previousProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        try {
            Files.deleteIfExists(trustStoreFile);
        } catch (IOException e) {
            // a temp file: left for the OS
        }
    }
}
