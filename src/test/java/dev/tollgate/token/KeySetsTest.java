package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.TestKeys;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class KeySetsTest {
    @Test
    void parseWhenOneKeyUnreadableThenOthersKept() throws Exception {
        String good = TestKeys.RSA.toPublicJWK().toJSONString();
        String json = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-999\",\"x\":\"AA\",\"y\":\"AA\",\"kid\":\"bad\"},\"text\"," + good + "]}";
        assertThat(KeySets.parse(json, "test").getKeys()).extracting(k -> k.getKeyID()).containsExactly("rsa-1");
    }

    @Test
    void parseWhenKeyParametersOfWrongTypeOrInconsistentThenThatKeySkipped() throws Exception {
        String good = TestKeys.RSA.toPublicJWK().toJSONString();
        String n = TestKeys.RSA.getModulus().toString();
        String e = TestKeys.RSA.getPublicExponent().toString();
        String json = "{\"keys\":["
                + "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\",\"kid\":7},"
                + "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\",\"kid\":\"ops\",\"use\":\"sig\",\"key_ops\":[\"encrypt\"]},"
                + "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\",\"kid\":\"x5c\",\"x5c\":[\"bm90IGEgY2VydA==\"]},"
                + "{\"kty\":\"RSA\",\"e\":\"" + e + "\",\"kid\":\"no-n\"},"
                + "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"hmac\"},"
                + good + "]}";
        assertThat(KeySets.parse(json, "test").getKeys()).extracting(k -> k.getKeyID()).containsExactly("rsa-1");
    }

    @Test
    void parseWhenKeyCarriesItsCertificateChainThenKept() throws Exception {
        String json = "{\"keys\":[" + TestKeys.RSA.toPublicJWK().toJSONString() + "]}";
        assertThat(KeySets.parse(json, "test").getKeys().get(0).toPublicJWK()).isEqualTo(TestKeys.RSA.toPublicJWK());
    }

    @Test
    void parseWhenEmptyCertificateChainThenKeyKeptAsWithoutOne() throws Exception {
        String n = TestKeys.RSA.getModulus().toString();
        String e = TestKeys.RSA.getPublicExponent().toString();
        String json = "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\",\"kid\":\"k\",\"x5c\":[]}]}";
        assertThat(KeySets.parse(json, "test").getKeys()).extracting(k -> k.getKeyID()).containsExactly("k");
    }

    @Test
    void parseWhenRepeatedKeyInTheDocumentThenIOException() {
        assertThatThrownBy(() -> KeySets.parse("{\"keys\":[],\"keys\":[]}", "test")).isInstanceOf(IOException.class);
    }

    @Test
    void parseWhenNotAKeySetThenIOException() {
        for (String bad : new String[] {"[]", "{}", "{\"keys\":{}}", "<html>", ""}) {
            assertThatThrownBy(() -> KeySets.parse(bad, "test")).as(bad).isInstanceOf(IOException.class);
        }
    }
}
