package dev.tollgate.dynamodb;

/**
 * The canned DynamoDB responses SnapStart priming requests get instead of a network call: a
 * principal item naming one role, and that role's item, so priming runs both reads and the whole
 * item mapping. Shared by both transports, so they prime the same path.
 */
final class PrimingResponses {
    /** The principal priming reads. */
    static final String PRINCIPAL = "tollgate-priming";

    private PrimingResponses() {}

    static String getItem() {
        return "{\"Item\":{\"principal\":{\"S\":\"" + PRINCIPAL + "\"},"
                + "\"permissions\":{\"SS\":[\"GET /priming/*\",\"* /priming\"]},\"roles\":{\"SS\":[\"priming\"]},"
                + "\"tenant\":{\"S\":\"priming\"},\"usageIdentifierKey\":{\"S\":\"priming\"},\"disabled\":{\"BOOL\":false}}}";
    }

    /** @param table the table the request named (a response must answer for it) */
    static String batchGetItem(String table) {
        return "{\"Responses\":{\"" + table + "\":[{\"principal\":{\"S\":\"role#priming\"},"
                + "\"permissions\":{\"L\":[{\"S\":\"POST /priming\"}]}}]},\"UnprocessedKeys\":{}}";
    }
}
