package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Shortens tollgate's JSON log lines for the console: a decision line becomes
 * {@code ALLOW ALLOWED principal=alice GET /orders/42 (3.1 ms)}; other lines keep level, logger,
 * message and their own fields. The complete lines stay in the function's log file.
 */
final class LogLines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOISE = Set.of("timestamp", "level", "logger", "message", "_aws");

    private LogLines() {
    }

    /** The short form of {@code line}; a line that is not a JSON object is returned as is. */
    static String shorten(String line) {
        JsonNode node;
        try {
            node = line.startsWith("{") ? JSON.readTree(line) : null;
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return line;
        }
        StringBuilder out = new StringBuilder();
        if (node.path("logger").asText().equals("tollgate.decision")) {
            out.append(node.path("outcome").asText("?")).append(' ').append(node.path("reason").asText("?"));
            if (node.hasNonNull("principal")) {
                out.append(" principal=").append(node.get("principal").asText());
            }
            if (node.hasNonNull("method")) {
                out.append(' ').append(node.get("method").asText()).append(' ').append(node.path("path").asText());
            }
            if (node.hasNonNull("detail")) {
                out.append(" detail=").append(node.get("detail").asText());
            }
            if (node.hasNonNull("latencyMs")) {
                out.append(" (").append(node.get("latencyMs").asText()).append(" ms)");
            }
            return out.toString();
        }
        out.append(node.path("level").asText("")).append(' ').append(node.path("logger").asText(""))
                .append(": ").append(node.path("message").asText(""));
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!NOISE.contains(field.getKey())) {
                out.append(' ').append(field.getKey()).append('=')
                        .append(field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        return out.toString();
    }
}
