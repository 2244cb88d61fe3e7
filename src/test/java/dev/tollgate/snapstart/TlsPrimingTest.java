package dev.tollgate.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * TLS priming: real handshakes against the in-process responder (loopback, nothing leaves the
 * process), and what a snapshot taken afterwards holds.
 */
class TlsPrimingTest {

    @Test
    void runWhenShippedMaterialThenEveryExchangeCompletesOverTls() throws Exception {
        assertThat(TlsPriming.run(Priming.material(), 4)).isEqualTo(4);
    }

    @Test
    void runWhenDoneThenDefaultContextHoldsNoClientSession() throws Exception {
        TlsPriming.run(Priming.material(), 2);
        TlsPriming.forgetSessions();
        assertThat(Collections.list(SSLContext.getDefault().getClientSessionContext().getIds())).isEmpty();
    }

    @Test
    void primingCertificateWhenCheckedByTheJdkTrustStoreThenRefused() throws Exception {
        JsonNode tls = Priming.material().path("tls");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(tls.path("certificate").asText())));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null); // the JDK's default trust store, as every production connection
        X509TrustManager production = (X509TrustManager) factory.getTrustManagers()[0];
        assertThatThrownBy(() -> production.checkServerTrusted(new X509Certificate[] {certificate}, "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void defaultSecureRandomOnLinuxThenNativePrngThatReadsTheKernelOnEveryCall() {
        // JSSE's randomness comes from here; NativePRNG mixes /dev/urandom into every output, so a
        // generator captured in a SnapStart snapshot still differs between restored environments.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        assertThat(new SecureRandom().getAlgorithm()).isEqualTo("NativePRNG");
    }
}
