package dev.tollgate.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM, as {@link TestTls} writes it: 64-column Base64 between {@code -----BEGIN/END <type>-----} lines. */
final class Pem {

    private Pem() {}

    /** {@code certificate} as a {@code CERTIFICATE} block. */
    static String of(X509Certificate certificate) {
        try {
            return of("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code der} as a block of {@code type} ({@code PRIVATE KEY}, ...), ending in a newline. */
    static String of(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The certificates of a PEM stream, in order. */
    static List<X509Certificate> readCertificates(InputStream pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
            out.add((X509Certificate) certificate);
        }
        return out;
    }
}
