package dev.tollgate.local.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tollgate.snapstart.Priming;
import dev.tollgate.snapstart.TlsPriming;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.PrettyJson;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates {@code src/main/resources/META-INF/tollgate/priming.json}: public keys and tokens
 * signed once with throw-away private keys that are discarded here, so priming never generates a
 * key at run time and no token-signing key ships. The material is trusted only by the disposable
 * priming verifier (issuer {@link Priming#ISSUER}), never by the production one.
 *
 * <p>The one private key that ships is the TLS priming responder's ({@code tls}): a handshake signs
 * fresh randoms, so it cannot be pre-signed. Its self-signed certificate (RSA-2048, as the issuers'
 * and DynamoDB's are; {@code IP:127.0.0.1}) is trusted by nothing but {@link TlsPriming}'s
 * disposable client context.
 */
public final class PrimingMaterialGenerator {
    private PrimingMaterialGenerator() {}

    public static void main(String[] args) throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("priming-rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("priming-ec").generate();
        String claims = "{\"iss\":\"" + Priming.ISSUER + "\",\"aud\":\"" + Priming.AUDIENCE + "\",\"sub\":\"priming\","
                + "\"iat\":" + Priming.ISSUED_AT + ",\"exp\":" + (Priming.ISSUED_AT + 3600)
                + ",\"scope\":\"priming:read\",\"tenant_hint\":\"p\"}";
        ObjectMapper json = new ObjectMapper();
        ObjectNode material = json.createObjectNode();
        material.put("comment", "SnapStart priming material: public keys and pre-signed tokens trusted only by"
                + " the disposable priming verifier. Regenerate with ./tollgate priming-material.");
        material.set("jwks", json.readTree(new JWKSet(List.<JWK>of(rsa, ec)).toPublicJWKSet().toString()));
        material.put("RS256", sign(new JWSObject(header(JWSAlgorithm.RS256, rsa.getKeyID()), new Payload(claims)), rsa));
        material.put("ES256", sign(new JWSObject(header(JWSAlgorithm.ES256, ec.getKeyID()), new Payload(claims)), ec));
        material.set("dpop", dpop(json, ec));
        material.set("tls", tlsResponder(json));
        Path out = DevKey.projectDir().resolve("src/main/resources").resolve(Priming.MATERIAL_RESOURCE);
        PrettyJson.write(out, material);
        System.out.println("wrote " + out);
    }

    /**
     * A DPoP-bound access token (ES256, {@code cnf.jkt} of a throw-away proof key) and one proof for
     * {@link Priming#DPOP_METHOD} {@link Priming#DPOP_URL}, issued at the priming clock's instant; the
     * proof key's private part is discarded with the generator.
     */
    private static ObjectNode dpop(ObjectMapper json, ECKey tokenKey) throws Exception {
        ECKey proofKey = new ECKeyGenerator(Curve.P_256).generate();
        String claims = "{\"iss\":\"" + Priming.ISSUER + "\",\"aud\":\"" + Priming.AUDIENCE + "\",\"sub\":\"priming\","
                + "\"iat\":" + Priming.ISSUED_AT + ",\"exp\":" + (Priming.ISSUED_AT + 3600)
                + ",\"cnf\":{\"jkt\":\"" + proofKey.computeThumbprint() + "\"}}";
        String token = sign(new JWSObject(header(JWSAlgorithm.ES256, tokenKey.getKeyID()), new Payload(claims)), tokenKey);
        String ath = com.nimbusds.jose.util.Base64URL.encode(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).toString();
        String proofClaims = "{\"jti\":\"priming-proof\",\"htm\":\"" + Priming.DPOP_METHOD + "\",\"htu\":\""
                + Priming.DPOP_URL + "\",\"iat\":" + (Priming.ISSUED_AT + 60) + ",\"ath\":\"" + ath + "\"}";
        JWSHeader proofHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(proofKey.toPublicJWK()).build();
        ObjectNode dpop = json.createObjectNode();
        dpop.put("token", token);
        dpop.put("proof", sign(new JWSObject(proofHeader, new Payload(proofClaims)), proofKey));
        return dpop;
    }

    /** A self-signed RSA-2048 certificate for 127.0.0.1 and its key, base64 DER (X.509, PKCS#8). */
    private static ObjectNode tlsResponder(ObjectMapper json) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=tollgate TLS priming");
        java.time.Instant from = java.time.Instant.ofEpochSecond(Priming.ISSUED_AT);
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                java.util.Date.from(from), java.util.Date.from(from.plus(java.time.Duration.ofDays(100 * 365))),
                name, pair.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1"),
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")}));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
        java.security.cert.X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(builder.build(signer));
        ObjectNode tls = json.createObjectNode();
        tls.put("comment", "The TLS priming responder's throw-away key and self-signed certificate: trusted by"
                + " nothing but the disposable priming client (TlsPriming).");
        tls.put("certificate", java.util.Base64.getEncoder().encodeToString(certificate.getEncoded()));
        tls.put("privateKey", java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        return tls;
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    private static String sign(JWSObject jws, JWK key) throws Exception {
        jws.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
        return jws.serialize();
    }
}
