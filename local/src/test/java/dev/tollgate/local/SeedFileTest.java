package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SeedFileTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("tollgate.project.dir", "..")).toAbsolutePath().normalize();

    static List<Map<String, AttributeValue>> items(String json) throws Exception {
        return SeedFile.items("test.json", JSON.readTree(json));
    }

    @Test
    void itemsWhenPlainJsonThenDynamoDbAttributeValues() throws Exception {
        Map<String, AttributeValue> item = items("""
                [{"principal": "alice", "permissions": ["GET /orders/*", "POST /orders"], "tenant": "acme",
                  "disabled": false, "limit": 10, "note": null, "mixed": ["a", 1], "empty": [], "dup": ["x", "x"],
                  "nested": {"k": "v"}}]""").get(0);
        assertThat(item.get("principal")).isEqualTo(AttributeValue.fromS("alice"));
        assertThat(item.get("permissions")).isEqualTo(AttributeValue.fromSs(List.of("GET /orders/*", "POST /orders")));
        assertThat(item.get("tenant")).isEqualTo(AttributeValue.fromS("acme"));
        assertThat(item.get("disabled")).isEqualTo(AttributeValue.fromBool(false));
        assertThat(item.get("limit")).isEqualTo(AttributeValue.fromN("10"));
        assertThat(item.get("note")).isEqualTo(AttributeValue.fromNul(true));
        assertThat(item.get("mixed")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))));
        assertThat(item.get("empty")).isEqualTo(AttributeValue.fromL(List.of()));
        assertThat(item.get("dup").type()).isEqualTo(AttributeValue.Type.L);
        assertThat(item.get("nested")).isEqualTo(AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
    }

    @Test
    void itemsWhenNotAListOrNoPrincipalOrDuplicateThenNamesTheItem() {
        assertThatThrownBy(() -> items("{}")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> items("[{\"tenant\": \"x\"}]")).hasMessageContaining("item 0").hasMessageContaining("principal");
        assertThatThrownBy(() -> items("[{\"principal\": \"a\"}, {\"principal\": \"a\"}]"))
                .hasMessageContaining("item 1").hasMessageContaining("twice");
        assertThatThrownBy(() -> items("[1]")).hasMessageContaining("item 0");
    }

    @Test
    void readWhenCommittedSeedThenAliceBobCarolAndTheRole() throws Exception {
        List<Map<String, AttributeValue>> items = SeedFile.read(ROOT.resolve("local/permissions.json"));
        assertThat(items).extracting(i -> i.get("principal").s()).containsExactly("alice", "bob", "carol", "role#auditor",
                "role#shippers");
        Map<String, AttributeValue> bob = items.get(1);
        assertThat(bob.get("roles").ss()).containsExactly("auditor");
        assertThat(items.get(2).get("disabled").bool()).isTrue();
    }
}
