package dev.tollgate.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tollgate.config.LogLevel;
import dev.tollgate.json.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * tollgate's log: one JSON object per line on standard output, which Lambda ships to CloudWatch
 * Logs (and which Logs Insights parses without configuration).
 *
 * <p>No logging framework on purpose: frameworks cost tens of milliseconds of cold start and pull
 * dependencies. Callers pass only values that are safe to log: never a token or a signature.
 * Lines are written with Jackson's generator, the one JSON writer of the function. Thread-safe: each
 * line is built first and written with one call.
 */
public final class Log {
    private static volatile LogLevel threshold = LogLevel.INFO;
    /** null: whatever System.out is at the time of writing. */
    private static volatile PrintStream out;

    /**
     * JSON's escapes, plus U+2028 and U+2029: valid in JSON strings but line terminators to
     * JavaScript, so log viewers that evaluate lines as JavaScript would split them.
     */
    private static final CharacterEscapes LINE_SAFE = new CharacterEscapes() {
        private final int[] ascii = standardAsciiEscapesForJSON();
        private final SerializableString lineSeparator = new SerializedString("\\u2028");
        private final SerializableString paragraphSeparator = new SerializedString("\\u2029");

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? lineSeparator : ch == 0x2029 ? paragraphSeparator : null;
        }
    };

    private Log() {}

    /** Sets the minimum level written (from AWS_LAMBDA_LOG_LEVEL, read once at init). */
    public static void configure(LogLevel level) {
        threshold = level;
    }

    /** Redirects the output (tests); null restores System.out. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static boolean enabled(LogLevel level) {
        return level.compareTo(threshold) >= 0;
    }

    public static void debug(String logger, String message, Object... keyValues) {
        write(LogLevel.DEBUG, logger, message, keyValues);
    }

    public static void info(String logger, String message, Object... keyValues) {
        write(LogLevel.INFO, logger, message, keyValues);
    }

    public static void warn(String logger, String message, Object... keyValues) {
        write(LogLevel.WARN, logger, message, keyValues);
    }

    /**
     * Writes one line if {@code level} is enabled.
     *
     * @param keyValues alternating field names and values (String, Number, Boolean, null, or a
     *     Map for a nested object); other values are written with {@code toString()}
     */
    public static void write(LogLevel level, String logger, String message, Object... keyValues) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder timestamp = new StringBuilder(32);
        timestamp(timestamp, Instant.now());
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonTrees.FACTORY.createGenerator(line)) {
            g.setCharacterEscapes(LINE_SAFE);
            g.writeStartObject();
            g.writeStringField("timestamp", timestamp.toString());
            g.writeStringField("level", level.name());
            g.writeStringField("logger", logger);
            g.writeStringField("message", message);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                g.writeFieldName(String.valueOf(keyValues[i]));
                writeValue(g, keyValues[i + 1]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a log line to memory", e);
        }
        line.write('\n');
        PrintStream target = out;
        // One write per line: lines of concurrent invocations never interleave.
        (target != null ? target : System.out).write(line.toByteArray(), 0, line.size());
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Number) {
            g.writeNumber(value.toString());
        } else if (value instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(g, entry.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }

    /**
     * Appends {@code instant} exactly as {@link Instant#toString()} writes it (ISO-8601, UTC, the
     * fraction in groups of three digits, none when zero), without {@code java.time.format}, whose
     * first use costs ~8 ms of a cold start (the first decision line is written during it).
     */
    static void timestamp(StringBuilder out, Instant instant) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0,
                java.time.ZoneOffset.UTC);
        int year = t.getYear();
        if (year > 9999) {
            out.append('+');
        }
        pad(out, year, 4);
        out.append('-');
        pad(out, t.getMonthValue(), 2);
        out.append('-');
        pad(out, t.getDayOfMonth(), 2);
        out.append('T');
        pad(out, t.getHour(), 2);
        out.append(':');
        pad(out, t.getMinute(), 2);
        out.append(':');
        pad(out, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(out, nanos / 1_000, 6);
            } else {
                pad(out, nanos, 9);
            }
        }
        out.append('Z');
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
