package dev.tollgate.dynamodb;

/**
 * The one place this package writes log lines: one JSON object per line on {@code System.out},
 * which Lambda ships to CloudWatch as is.
 *
 * <p>Deliberately tiny (no logging framework: every class loaded costs cold start); it will be
 * replaced by the shared logger, so every call site goes through here. Callers never pass tokens.
 */
final class DynamoDbLog {
    static final String LOGGER = "tollgate.permissions.dynamodb";

    private DynamoDbLog() {}

    static void warn(String message) {
        System.out.println(line("WARN", LOGGER, message));
    }

    static String line(String level, String logger, String message) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"level\":\"").append(level).append("\",\"logger\":\"").append(logger)
                .append("\",\"message\":\"");
        escape(message, out);
        return out.append("\"}").toString();
    }

    /** JSON string escaping; control characters as {@code \\uXXXX} so one entry stays one line. */
    static void escape(String text, StringBuilder out) {
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
    }
}
