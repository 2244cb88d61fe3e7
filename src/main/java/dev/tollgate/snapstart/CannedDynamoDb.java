package dev.tollgate.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.dynamodb.DynamoDbExchange;
import dev.tollgate.dynamodb.ExchangeException;
import dev.tollgate.json.JsonTrees;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A {@link DynamoDbExchange} that answers from memory as DynamoDB would, for priming: nothing
 * leaves the process, no credentials are needed, no table is read. It reads each request as
 * DynamoDB does (the operation from {@code X-Amz-Target}, the keys from the JSON body) and answers,
 * with a matching {@code x-amz-crc32}:
 * <ul>
 *   <li>GetItem of {@link #PRINCIPAL}: an item with every attribute tollgate reads and two roles;
 *       of {@link #DISABLED}: a disabled item; of {@link #DENIED}: HTTP 400
 *       {@code AccessDeniedException}; of anything else: no item.
 *   <li>BatchGetItem: every requested role item, except that {@link #LATE_ROLE} is left unprocessed
 *       while it is not asked for alone, so the re-request path runs too.
 * </ul>
 * Thread-safe (stateless).
 */
final class CannedDynamoDb implements DynamoDbExchange {
    static final String PRINCIPAL = "tollgate-priming";
    static final String DISABLED = "tollgate-priming-disabled";
    static final String DENIED = "tollgate-priming-denied";
    static final String ABSENT = "tollgate-priming-absent";
    static final String ROLE = "priming";
    static final String LATE_ROLE = "priming-late";

    private final String table;

    /** @param table the table the requests name (a response must answer for it) */
    CannedDynamoDb(String table) {
        this.table = table;
    }

    @Override
    public Response post(URL endpoint, Map<String, String> headers, byte[] body, long deadline)
            throws ExchangeException {
        JsonNode request;
        try {
            request = JsonTrees.read(body);
        } catch (IOException e) {
            throw new ExchangeException(false, "priming request is not JSON: " + e.getMessage(), e);
        }
        String target = headers.getOrDefault("X-Amz-Target", "");
        if (target.endsWith(".BatchGetItem")) {
            return batchGetItem(request.path("RequestItems").path(table).path("Keys"));
        }
        return getItem(request.path("Key").path("principal").path("S").asText());
    }

    /** Nothing to open: the answers are in memory. */
    @Override
    public void open(URL endpoint, long deadline) {}

    private static Response getItem(String principal) {
        switch (principal) {
            case PRINCIPAL:
                return ok("{\"Item\":{\"principal\":{\"S\":\"" + PRINCIPAL + "\"},"
                        + "\"permissions\":{\"SS\":[\"GET /priming/*\",\"* /priming\"]},"
                        + "\"roles\":{\"SS\":[\"" + ROLE + "\",\"" + LATE_ROLE + "\"]},"
                        + "\"tenant\":{\"S\":\"priming\"},\"usageIdentifierKey\":{\"S\":\"priming\"},"
                        + "\"disabled\":{\"BOOL\":false}}}");
            case DISABLED:
                return ok("{\"Item\":{\"permissions\":{\"L\":[{\"S\":\"GET /priming\"}]},"
                        + "\"roles\":{\"SS\":[\"" + ROLE + "\"]},\"disabled\":{\"BOOL\":true}}}");
            case DENIED:
                return response(400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\","
                        + "\"message\":\"priming\"}");
            default:
                return ok("{}");
        }
    }

    private Response batchGetItem(JsonNode keys) {
        StringBuilder found = new StringBuilder();
        StringBuilder unprocessed = new StringBuilder();
        for (JsonNode key : keys) {
            String name = key.path("principal").path("S").asText();
            boolean later = name.equals("role#" + LATE_ROLE) && keys.size() > 1;
            StringBuilder into = later ? unprocessed : found;
            if (into.length() > 0) {
                into.append(',');
            }
            into.append(later ? "{\"principal\":{\"S\":\"" + name + "\"}}"
                    : "{\"principal\":{\"S\":\"" + name + "\"},\"permissions\":{\"L\":[{\"S\":\"POST /priming\"}]}}");
        }
        String left = unprocessed.length() == 0 ? "{}"
                : "{\"" + table + "\":{\"Keys\":[" + unprocessed + "]}}";
        return ok("{\"Responses\":{\"" + table + "\":[" + found + "]},\"UnprocessedKeys\":" + left + "}");
    }

    private static Response ok(String json) {
        return response(200, json);
    }

    private static Response response(int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        return new Response(status, Map.of("Content-Type", "application/x-amz-json-1.0",
                "x-amz-crc32", Long.toString(crc.getValue())), body);
    }
}
