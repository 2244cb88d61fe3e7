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
    void parseWhenNotAKeySetThenIOException() {
        for (String bad : new String[] {"[]", "{}", "{\"keys\":{}}", "<html>", ""}) {
            assertThatThrownBy(() -> KeySets.parse(bad, "test")).as(bad).isInstanceOf(IOException.class);
        }
    }
}
