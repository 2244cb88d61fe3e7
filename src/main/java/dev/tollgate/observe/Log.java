package dev.tollgate.observe;

import dev.tollgate.config.LogLevel;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * tollgate's log: one JSON object per line on standard output, which Lambda ships to CloudWatch
 * Logs (and which Logs Insights parses without configuration).
 *
 * <p>No logging framework on purpose: frameworks cost tens of milliseconds of cold start and pull
 * dependencies. Callers pass only values that are safe to log: never a token or a signature.
 * Thread-safe: each line is built first and written with one call.
 */
public final class Log {
    private static volatile LogLevel threshold = LogLevel.INFO;
    /** null: whatever System.out is at the time of writing. */
    private static volatile PrintStream out;

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

    public static void error(String logger, String message, Object... keyValues) {
        write(LogLevel.ERROR, logger, message, keyValues);
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
        StringBuilder line = new StringBuilder(160);
        line.append("{\"timestamp\":\"");
        timestamp(line, Instant.now());
        line.append("\",\"level\":\"").append(level.name())
                .append("\",\"logger\":");
        Json.string(line, logger);
        line.append(",\"message\":");
        Json.string(line, message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(',');
            Json.string(line, String.valueOf(keyValues[i]));
            line.append(':');
            Json.value(line, keyValues[i + 1]);
        }
        line.append('}');
        PrintStream target = out;
        (target != null ? target : System.out).println(line);
    }

    /** Minimal JSON writing for log lines. */
    static final class Json {
        private Json() {}

        static void value(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    value(out, entry.getValue());
                }
                out.append('}');
            } else if (value instanceof Iterable<?> items) {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(out, item);
                }
                out.append(']');
            } else {
                string(out, value.toString());
            }
        }

        static void string(StringBuilder out, String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
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
