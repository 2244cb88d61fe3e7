package dev.tollgate.testing;

import dev.tollgate.testing.TestTls.KeyType;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * The certificates of {@link TestTls}, and the only class of the fixtures that talks to
 * BouncyCastle ({@code bcpkix}): key pairs, a self-signed CA certificate and the leaf certificates
 * it signs, with the extensions a TLS stack checks. Signing uses the JDK's providers.
 */
final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /**
     * A CA certificate for {@code O=tollgate tests, CN=<name>}, self-signed with {@code keys}:
     * basic constraints CA (path length 0), key usage for signing certificates and CRLs.
     */
    static X509Certificate selfSignedCa(String name, KeyType keyType, KeyPair keys, Instant notBefore,
            Instant notAfter) throws IOException, GeneralSecurityException {
        X500Name subject = subject(name);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keyType, keys.getPrivate());
    }

    /**
     * A leaf certificate for {@code key}, signed by {@code ca} ({@code caKey}): server and client
     * authentication, the subject alternative names given (none: no extension), the first one's
     * value as CN.
     *
     * @throws IllegalArgumentException for a name that is not {@code IP:<literal>} or {@code DNS:<name>}
     */
    static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, KeyType keyType, PublicKey key,
            Instant notBefore, Instant notAfter, String... subjectAltNames) throws IOException, GeneralSecurityException {
        List<GeneralName> names = new ArrayList<>();
        for (String entry : subjectAltNames) {
            names.add(generalName(entry));
        }
        String cn = subjectAltNames.length > 0
                ? subjectAltNames[0].substring(subjectAltNames[0].indexOf(':') + 1)
                : "tollgate test server";
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(notBefore), Date.from(notAfter), subject(cn), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return sign(builder, keyType, caKey);
    }

    /** A new key pair of {@code keyType}. */
    static KeyPair newKeyPair(KeyType keyType) {
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

    private static X500Name subject(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "tollgate tests")
                .addRDN(BCStyle.CN, cn)
                .build();
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
}
