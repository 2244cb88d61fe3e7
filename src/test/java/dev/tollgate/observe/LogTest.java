package dev.tollgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Log lines: one JSON object per line, JavaScript line terminators escaped, timestamps in
 * {@link Instant#toString()}'s format written without java.time.format.
 */
class LogTest {

    private static String timestamp(Instant instant) {
        StringBuilder out = new StringBuilder();
        Log.timestamp(out, instant);
        return out.toString();
    }

    @Test
    void timestampWhenEdgeInstantsThenSameTextAsInstantToString() {
        for (Instant instant : new Instant[] {
                Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(0, 1_000_000),
                Instant.ofEpochSecond(0, 999_999_999), Instant.ofEpochSecond(0, 120_000_000), Instant.ofEpochSecond(0, 120_100_000),
                Instant.parse("2024-02-29T23:59:59.5Z"), Instant.parse("1999-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.now()}) {
            assertThat(timestamp(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void timestampWhenRandomInstantsThenSameTextAsInstantToString() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long seconds = (long) (random.nextDouble() * 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(timestamp(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void writeWhenValuesOfEveryKindThenOneJsonLineWithLineTerminatorsEscaped() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Log.redirect(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Log.write(dev.tollgate.config.LogLevel.ERROR, "test", "two\nlines\u2028and\u2029\"quoted\"",
                    "count", 3, "ratio", 0.5, "ok", true, "none", null, "nested", java.util.Map.of("k", "v"),
                    "list", java.util.List.of(1, "two"));
        } finally {
            Log.redirect(null);
        }
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\u2028").doesNotContain("\u2029")
                .contains("\\u2028").contains("\\u2029").contains("\\n").hasLineCount(1);
        com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        assertThat(line.path("message").asText()).isEqualTo("two\nlines\u2028and\u2029\"quoted\"");
        assertThat(line.path("count").asInt()).isEqualTo(3);
        assertThat(line.path("ratio").asDouble()).isEqualTo(0.5);
        assertThat(line.path("ok").asBoolean()).isTrue();
        assertThat(line.path("none").isNull()).isTrue();
        assertThat(line.path("nested").path("k").asText()).isEqualTo("v");
        assertThat(line.path("list").toString()).isEqualTo("[1,\"two\"]");
        assertThat(Instant.parse(line.path("timestamp").asText())).isNotNull();
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
    }
}
