package dev.tollgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Log lines carry {@link Instant#toString()}'s timestamp format, written without java.time.format. */
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
}
