package dev.tollgate.lambda;

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
import dev.tollgate.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates {@code src/main/resources/META-INF/tollgate/priming.json}: public keys and tokens
 * signed once with throw-away private keys that are discarded here, so priming never generates a
 * key at run time and no private key ships. The material is trusted only by the disposable priming
 * verifier (issuer {@link Priming#ISSUER}), never by the production one.
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
        material.put("comment", "SnapStart/init priming material: public keys and pre-signed tokens trusted only by"
                + " the disposable priming verifier. Regenerate with ./tollgate priming-material.");
        material.set("jwks", json.readTree(new JWKSet(List.<JWK>of(rsa, ec)).toPublicJWKSet().toString()));
        material.put("RS256", sign(new JWSObject(header(JWSAlgorithm.RS256, rsa.getKeyID()), new Payload(claims)), rsa));
        material.put("ES256", sign(new JWSObject(header(JWSAlgorithm.ES256, ec.getKeyID()), new Payload(claims)), ec));
        Path out = Golden.projectDir().resolve("src/main/resources").resolve(Priming.MATERIAL_RESOURCE);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(material) + "\n", StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    private static String sign(JWSObject jws, JWK key) throws Exception {
        jws.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
        return jws.serialize();
    }
}
