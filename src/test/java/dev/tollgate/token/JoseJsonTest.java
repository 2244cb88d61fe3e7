package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoseJsonTest {

    @Test
    void objectWhenEveryJsonTypeThenTheValuesNimbusWorksWith() throws Exception {
        Map<String, Object> read = JoseJson.object("{\"s\":\"x\",\"i\":42,\"big\":12345678901234567890,\"f\":1.5,"
                + "\"e\":1e3,\"t\":true,\"n\":null,\"a\":[1,\"two\"],\"o\":{\"k\":false}}");
        assertThat(read).containsEntry("s", "x").containsEntry("i", 42L).containsEntry("f", 1.5)
                .containsEntry("e", 1000.0).containsEntry("t", true).containsEntry("n", null)
                .containsEntry("a", List.of(1L, "two")).containsEntry("o", Map.of("k", false));
        assertThat(read.get("big")).isEqualTo(1.2345678901234567E19);
        assertThat(read.keySet()).containsExactly("s", "i", "big", "f", "e", "t", "n", "a", "o");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"o\":{\"b\":1,\"b\":1}}", "{\"a\":1} {}", "{\"a\":1}]", "[]", "\"s\"",
        "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":NaN}", "{\"a\":1e999}", "{/*c*/\"a\":1}", ""})
    void objectWhenNotStrictJsonObjectThenMalformedWithoutQuotingTheInput(String json) {
        assertThatThrownBy(() -> JoseJson.object(json)).isInstanceOf(JoseJson.MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("NaN").doesNotContain("'a'"));
    }

    @Test
    void objectWhenUtf16ThenMalformedNotDetected() {
        byte[] utf16 = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> JoseJson.object(utf16)).isInstanceOf(JoseJson.MalformedJsonException.class);
        byte[] utf16be = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        assertThatThrownBy(() -> JoseJson.object(utf16be)).isInstanceOf(JoseJson.MalformedJsonException.class);
    }

    @Test
    void objectWhenInvalidUtf8ThenMalformed() {
        assertThatThrownBy(() -> JoseJson.object(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .isInstanceOf(JoseJson.MalformedJsonException.class);
    }
}
