package dev.tollgate.snapstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dynamodb.DynamoDbExchange;
import dev.tollgate.json.JsonTrees;
import java.net.URL;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The canned answers are DynamoDB's shapes, with a body that matches its x-amz-crc32. */
class CannedDynamoDbTest {
    private static final String TABLE = "t";
    private final CannedDynamoDb canned = new CannedDynamoDb(TABLE);

    @Test
    void postWhenBatchOfTwoRolesThenTheLateOneLeftUnprocessed() throws Exception {
        DynamoDbExchange.Response response = post("BatchGetItem", "{\"RequestItems\":{\"t\":{\"Keys\":["
                + "{\"principal\":{\"S\":\"role#priming\"}},{\"principal\":{\"S\":\"role#priming-late\"}}]}}}");

        assertThat(response.status()).isEqualTo(200);
        var json = JsonTrees.read(response.body());
        assertThat(json.path("Responses").path(TABLE)).hasSize(1);
        assertThat(json.path("UnprocessedKeys").path(TABLE).path("Keys").get(0).path("principal").path("S").asText())
                .isEqualTo("role#priming-late");
        assertThat(response.header("X-Amz-Crc32")).isEqualTo(Long.toString(crc32(response.body())));
    }

    @Test
    void postWhenTheLateRoleAloneThenAnswered() throws Exception {
        DynamoDbExchange.Response response = post("BatchGetItem",
                "{\"RequestItems\":{\"t\":{\"Keys\":[{\"principal\":{\"S\":\"role#priming-late\"}}]}}}");

        var json = JsonTrees.read(response.body());
        assertThat(json.path("Responses").path(TABLE)).hasSize(1);
        assertThat(json.path("UnprocessedKeys").isEmpty()).isTrue();
    }

    @Test
    void postWhenGetItemThenItemNoItemOrError() throws Exception {
        assertThat(JsonTrees.read(post("GetItem", key(CannedDynamoDb.PRINCIPAL)).body()).path("Item").path("roles")
                .path("SS")).hasSize(2);
        assertThat(new String(post("GetItem", key(CannedDynamoDb.ABSENT)).body(), UTF_8)).isEqualTo("{}");
        assertThat(post("GetItem", key(CannedDynamoDb.DENIED)).status()).isEqualTo(400);
    }

    private DynamoDbExchange.Response post(String operation, String body) throws Exception {
        return canned.post(new URL("https://dynamodb.eu-west-1.amazonaws.com"),
                Map.of("X-Amz-Target", "DynamoDB_20120810." + operation), body.getBytes(UTF_8), System.nanoTime());
    }

    private static String key(String principal) {
        return "{\"TableName\":\"t\",\"Key\":{\"principal\":{\"S\":\"" + principal + "\"}}}";
    }

    private static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }
}
