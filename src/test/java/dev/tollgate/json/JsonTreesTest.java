package dev.tollgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.testing.Golden;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonTrees} replaced {@code ObjectMapper.readTree} (and {@code JsonNode.toString()}) in the
 * event reader, the settings and the priming material for cold-start reasons: no {@code ObjectMapper}
 * is built at init. Everything downstream, {@code EventReader}'s shape detection and header
 * collection above all, was written and tested against {@code readTree}'s trees, so the event
 * reader's behaviour must not change: these tests hold {@code JsonTrees} to building the very tree
 * {@code readTree} builds (equal, and of the same node classes all the way down: an {@code IntNode}
 * is not a {@code LongNode}) and to writing what {@code toString()} writes. {@code ObjectMapper}
 * appears here only as the reference.
 *
 * <p>Where {@code JsonTrees} is deliberately stricter (empty input, content after the value) and
 * where it must fail safely (truncated or too deeply nested input), the tests pin the exception.
 */
class JsonTreesTest {

    /** The reference: a default mapper, as tollgate used before JsonTrees. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Path PROJECT = Golden.projectDir();

    // ---------------------------------------------------------------------------------------------
    // Inputs

    /** Every *.json of the sample events and their expected responses that a default mapper reads. */
    static List<Path> projectJsonFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(PROJECT.resolve("events"))) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(".json"))
                        .filter(JsonTreesTest::referenceCanRead)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return files;
    }

    static Stream<Arguments> jsonFiles() {
        return projectJsonFiles().stream().map(p -> Arguments.argumentSet(relative(p), p));
    }

    private static String relative(Path file) {
        return PROJECT.relativize(file).toString().replace('\\', '/');
    }

    /** Skips what ObjectMapper cannot parse (or would read only partly): there is nothing to compare. */
    private static boolean referenceCanRead(Path file) {
        try {
            MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(Files.readString(file));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Handcrafted documents, each a single JSON value, covering every node type readTree produces. */
    static Stream<Arguments> documents() {
        return Stream.of(
                // integers: IntNode / LongNode / BigIntegerNode at and across each boundary
                doc("zero", "0"),
                doc("negative zero integer", "-0"),
                doc("small int", "42"),
                doc("negative int", "-42"),
                doc("int max", "2147483647"),
                doc("int min", "-2147483648"),
                doc("int max + 1 is a long", "2147483648"),
                doc("int min - 1 is a long", "-2147483649"),
                doc("long max", "9223372036854775807"),
                doc("long min", "-9223372036854775808"),
                doc("long max + 1 is a big integer", "9223372036854775808"),
                doc("long min - 1 is a big integer", "-9223372036854775809"),
                doc("big integer", "123456789012345678901234567890123456789"),
                doc("negative big integer", "-123456789012345678901234567890123456789"),
                // everything else numeric: DoubleNode
                doc("float", "1.5"),
                doc("negative float", "-273.15"),
                doc("negative zero float", "-0.0"),
                doc("float with integral value", "1.0"),
                doc("inexact float", "0.30000000000000004"),
                doc("exponent", "1e3"),
                doc("upper-case exponent", "1E3"),
                doc("negative exponent", "2.5e-7"),
                doc("explicit positive exponent", "-6.02E+23"),
                doc("largest double", "1.7976931348623157e308"),
                doc("smallest subnormal double", "4.9e-324"),
                doc("overflows to infinity", "1e400"),
                doc("underflows to zero", "1e-400"),
                doc("more digits than a double holds", "3.14159265358979323846264338327950288419716939937510"),
                doc("huge with a fraction", "123456789012345678901234567890.5"),
                // strings
                doc("empty string", "\"\""),
                doc("plain string", "\"hello\""),
                doc("short escapes", "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\""),
                doc("unicode escapes", "\"\\u0041\\u00e9\\u4e2d\\u20ac\""),
                doc("escaped surrogate pair", "\"\\ud83d\\ude00\""),
                doc("escaped NUL and controls", "\"a\\u0000b\\u001fc\\u007f\""),
                doc("raw non-ASCII", "\"héllo ✓ 中文 😀\""),
                doc("line and paragraph separators", "\"\u2028\u2029\""),
                doc("html-ish", "\"</script><!-- & '\""),
                // literals
                doc("true", "true"),
                doc("false", "false"),
                doc("null", "null"),
                // containers
                doc("empty object", "{}"),
                doc("empty array", "[]"),
                doc("empty containers nested", "[[],{},[[]],{\"a\":{}},{\"b\":[]}]"),
                doc("mixed array", "[1,2147483648,9223372036854775808,1.0,-1e-5,\"s\",null,true,false,{},[]]"),
                doc("nested objects and arrays",
                        "{\"a\":[1,[2,[3,{\"b\":null}]]],\"c\":{\"d\":{\"e\":[true,false,{\"f\":\"g\"}]}}}"),
                doc("keys with escapes, empty and unicode keys",
                        "{\"\\u0041\":1,\"\":2,\"a b\":3,\"é\":4,\"\\\"q\\\"\":5,\"\\n\":6}"),
                doc("whitespace everywhere", " \n\t{ \"a\" : [ 1 , 2 ,\r\n 3 ] , \"b\" :\tnull }\r\n "),
                doc("key order kept", "{\"z\":1,\"a\":2,\"m\":3}"),
                // repeated keys: the last value wins, in the first occurrence's position
                doc("duplicate key", "{\"a\":1,\"b\":2,\"a\":3}"),
                doc("duplicate key changes type", "{\"a\":{\"x\":1},\"a\":[1,2],\"a\":\"last\"}"),
                doc("duplicate key to null", "{\"a\":1,\"a\":null}"),
                doc("duplicate keys nested", "{\"o\":{\"k\":1,\"k\":2},\"o\":{\"k\":3,\"j\":4,\"k\":5}}"),
                doc("duplicate header spellings", "{\"headers\":{\"Authorization\":\"Bearer a\",\"authorization\":\"Bearer b\","
                        + "\"Authorization\":\"Bearer c\"}}"),
                // the shape tollgate reads most
                doc("API Gateway-like event", """
                        {"version":"2.0","type":"REQUEST",
                         "routeArn":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42",
                         "identitySource":["Bearer x.y.z"],
                         "headers":{"authorization":"Bearer x.y.z","x-forwarded-port":"443"},
                         "multiValueHeaders":{"Authorization":["Bearer x.y.z","Bearer x.y.z"]},
                         "requestContext":{"requestId":"c6af9ac6","timeEpoch":1583348638390,"http":{"method":"GET"}},
                         "isBase64Encoded":false,"body":null}
                        """),
                doc("1000 levels deep (the parser's limit)", nested(StreamReadConstraints.DEFAULT_MAX_DEPTH)));
    }

    private static Arguments doc(String name, String json) {
        return Arguments.argumentSet(name, json);
    }

    /** {@code depth} nested arrays around a 1: [[[1]]] for 3. */
    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    // ---------------------------------------------------------------------------------------------
    // 1. Same tree as ObjectMapper.readTree

    @ParameterizedTest
    @MethodSource("documents")
    void readWhenDocumentThenSameTreeAsObjectMapper(String json) throws IOException {
        JsonNode expected = MAPPER.readTree(json);

        assertSameTree(expected, JsonTrees.read(json));
        assertSameTree(expected, JsonTrees.read(utf8(json)));
    }

    @ParameterizedTest
    @MethodSource("jsonFiles")
    void readWhenProjectJsonFileThenSameTreeAsObjectMapper(Path file) throws IOException {
        JsonNode expected = MAPPER.readTree(file.toFile());

        assertSameTree(expected, JsonTrees.read(Files.readString(file, StandardCharsets.UTF_8)));
        try (InputStream in = Files.newInputStream(file)) {
            assertSameTree(expected, JsonTrees.read(in));
        }
    }

    @Test
    void jsonFilesWhenListedThenCoverGoldenResponsesAndEvents() {
        List<String> names = projectJsonFiles().stream().map(JsonTreesTest::relative).toList();

        assertThat(names).contains("events/expected/rest-token-allow.json", "events/rest-token.json", "events/http-v2.json", "events/env.json",
                        "events/expected/rest-token.json", "events/dev/dev-jwks.json");
    }

    @Test
    void readWhenIntegersThenNodeTypeFollowsMagnitude() throws IOException {
        assertThat(JsonTrees.read("2147483647").isInt()).isTrue();
        assertThat(JsonTrees.read("2147483648").isLong()).isTrue();
        assertThat(JsonTrees.read("9223372036854775808").isBigInteger()).isTrue();
        assertThat(JsonTrees.read("9223372036854775808").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        assertThat(JsonTrees.read("1.0").isDouble()).isTrue();
        assertThat(JsonTrees.read("1e400").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void readWhenKeyRepeatedThenLastValueWinsInFirstPosition() throws IOException {
        JsonNode tree = JsonTrees.read("{\"a\":1,\"b\":2,\"a\":{\"c\":3}}");

        assertThat(tree.size()).isEqualTo(2);
        assertThat(fieldNames(tree)).containsExactly("a", "b");
        assertThat(tree.get("a")).isEqualTo(NODES.objectNode().put("c", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
    void readInputStreamWhenUnicodeEncodingThenDetectedLikeObjectMapper(String charset) throws IOException {
        String json = "{\"name\":\"héllo ✓ 😀\",\"n\":[1,2.5]}";
        byte[] bytes = json.getBytes(Charset.forName(charset));

        JsonNode tree = JsonTrees.read(new ByteArrayInputStream(bytes));

        assertSameTree(MAPPER.readTree(new ByteArrayInputStream(bytes)), tree);
        assertSameTree(JsonTrees.read(json), tree);
    }

    @Test
    void readInputStreamWhenUtf8ByteOrderMarkThenSkippedLikeObjectMapper() throws IOException {
        byte[] bytes = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        assertSameTree(MAPPER.readTree(bytes), JsonTrees.read(new ByteArrayInputStream(bytes)));
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Stricter than readTree, and failing safely

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", "\t\r\n  "})
    void readWhenEmptyOrBlankThenJsonParseException(String json) {
        // readTree would answer a MissingNode here
        assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> JsonTrees.read(utf8(json))).isInstanceOf(JsonParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{}x", "[1] 2", "1 2", "\"a\" \"b\"", "null null", "{}]", "[]}", "{} \n{\"a\":1}",
            "true,"})
    void readWhenContentAfterTheValueThenJsonParseException(String json) {
        // readTree would silently ignore everything after the first value
        assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> JsonTrees.read(utf8(json))).isInstanceOf(JsonParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":[1,", "{\"a\":", "{\"a\"", "{", "[", "[1,", "[1", "\"unterminated", "\"\\u12",
            "tru", "nul", "-", "1.", "1e", "]", "}", ":", ",", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "{,}",
            "{a:1}", "{'a':1}", "'a'", "NaN", "Infinity", "01", "+1", ".5", "[\"\u0001\"]", "{\"a\":1]", "[1}",
            "/* comment */ 1", "# comment\n1"})
    void readWhenMalformedOrTruncatedThenJsonProcessingExceptionNeverAnUncheckedOne(String json) {
        assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> JsonTrees.read(utf8(json))).isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {StreamReadConstraints.DEFAULT_MAX_DEPTH + 1, 5000, 200_000})
    void readWhenNestedDeeperThanTheParserAllowsThenIoExceptionNotStackOverflow(int depth) {
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        String unclosed = "[".repeat(depth);
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            objects.append("{\"a\":");
        }
        objects.append("1").append("}".repeat(depth));

        for (String json : List.of(arrays, unclosed, objects.toString())) {
            assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining("nesting depth");
            // The parser's StreamConstraintsException: a JsonProcessingException, as the Javadoc says.
            assertThatThrownBy(() -> JsonTrees.read(utf8(json))).isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining("nesting depth");
        }
    }

    @Test
    void readWhenNumberLongerThanTheParserAllowsThenJsonProcessingException() {
        String digits = "1".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN + 1);

        for (String json : List.of(digits, "[" + digits + "]", "0." + digits, "{\"n\":" + digits + "}")) {
            assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> JsonTrees.read(utf8(json))).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void readWhenNumberAtTheParserLimitThenBigIntegerLikeObjectMapper() throws IOException {
        String digits = "9".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN);

        assertSameTree(MAPPER.readTree(digits), JsonTrees.read(digits));
    }

    @Test
    void readInputStreamWhenStreamFailsThenItsIoExceptionPropagates() {
        IOException broken = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };

        assertThatThrownBy(() -> JsonTrees.read(failing)).isSameAs(broken);
    }

    // ---------------------------------------------------------------------------------------------
    // 3. read(InputStream) and the caller's stream

    @Test
    void readInputStreamWhenDoneThenConsumedToTheEnd() throws IOException {
        TrackingInputStream in = new TrackingInputStream("{\"a\":[1,2,3]}   \n");

        JsonTrees.read(in);

        assertThat(in.reachedEnd).as("read to its end").isTrue();
    }

    /** The caller owns its stream: read(InputStream) never closes it, on success or failure. */
    @Test
    void readInputStreamWhenDoneThenLeavesTheCallersStreamOpen() throws IOException {
        TrackingInputStream parsed = new TrackingInputStream("{\"a\":1}");
        JsonTrees.read(parsed);
        assertThat(parsed.closed).as("open after a successful read").isFalse();

        TrackingInputStream malformed = new TrackingInputStream("{\"a\":");
        assertThatThrownBy(() -> JsonTrees.read(malformed)).isInstanceOf(JsonProcessingException.class);
        assertThat(malformed.closed).as("open after a failed read").isFalse();

        TrackingInputStream trailing = new TrackingInputStream("{} {}");
        assertThatThrownBy(() -> JsonTrees.read(trailing)).isInstanceOf(JsonParseException.class);
        assertThat(trailing.closed).as("open after trailing content").isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // 4. write: what JsonNode.toString() writes

    @ParameterizedTest
    @MethodSource("documents")
    void writeWhenReadDocumentThenSameTextAsObjectMapperToString(String json) throws IOException {
        String expected = MAPPER.readTree(json).toString();

        assertThat(JsonTrees.write(JsonTrees.read(json))).isEqualTo(expected);
        assertThat(JsonTrees.write(MAPPER.readTree(json))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("jsonFiles")
    void writeWhenProjectJsonFileThenSameTextAsObjectMapperToString(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(JsonTrees.write(JsonTrees.read(json))).isEqualTo(MAPPER.readTree(json).toString());
    }

    @ParameterizedTest
    @MethodSource("documents")
    void writeWhenWrittenTextReadAgainThenSameTree(String json) throws IOException {
        JsonNode tree = JsonTrees.read(json);
        JsonNode again = JsonTrees.read(JsonTrees.write(tree));

        if (tree.isDouble() && !Double.isFinite(tree.doubleValue())) {
            // Jackson writes non-finite doubles as strings ("Infinity"), toString() included
            assertThat(again.isTextual()).isTrue();
        } else {
            assertSameTree(tree, again);
        }
    }

    @Test
    void writeWhenTreeBuiltInCodeThenSameTextAsToString() {
        ObjectNode tree = NODES.objectNode();
        tree.put("int", 7).put("long", 1L << 40).put("big", new BigInteger("98765432109876543210"))
                .put("double", 0.1).put("text", "a\"b\\c\u0000").put("yes", true).putNull("nothing");
        tree.putArray("list").add(1).add("two").addNull().addObject().put("k", "v");
        tree.set("empty", NODES.arrayNode());

        assertThat(JsonTrees.write(tree)).isEqualTo(tree.toString());
    }

    @Test
    void writeWhenPojoOrBinaryNodeThenIllegalArgumentException() {
        JsonNode pojo = NODES.pojoNode(new Object());
        JsonNode binary = NODES.binaryNode(new byte[] {1, 2, 3});
        ObjectNode pojoInObject = NODES.objectNode().put("ok", 1);
        pojoInObject.set("pojo", pojo);
        ArrayNode binaryInArray = NODES.arrayNode().add("ok");
        binaryInArray.add(binary);
        ObjectNode deeplyNested = NODES.objectNode();
        deeplyNested.putArray("a").addObject().set("b", NODES.pojoNode(Map.of("x", 1)));

        for (JsonNode unsupported : List.of(pojo, binary, pojoInObject, binaryInArray, deeplyNested, MissingNode.getInstance())) {
            assertThatThrownBy(() -> JsonTrees.write(unsupported)).as("%s", unsupported.getClass().getSimpleName())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writeWhenPojoNodeRejectedThenLaterWritesUnaffected() {
        ObjectNode bad = NODES.objectNode();
        bad.set("pojo", NODES.pojoNode(new Object()));
        assertThatThrownBy(() -> JsonTrees.write(bad)).isInstanceOf(IllegalArgumentException.class);

        assertThatCode(() -> assertThat(JsonTrees.write(NODES.objectNode().put("a", 1))).isEqualTo("{\"a\":1}"))
                .doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Equal by {@link JsonNode#equals} and, recursively, of the same node classes with object fields
     * in the same order (the order write() and toString() follow).
     */
    private static void assertSameTree(JsonNode expected, JsonNode actual) {
        assertThat(actual).isEqualTo(expected);
        assertSameShape(expected, actual, "$");
    }

    private static void assertSameShape(JsonNode expected, JsonNode actual, String path) {
        assertThat(actual).as("node at %s", path).isNotNull();
        assertThat(actual.getClass()).as("node class at %s", path).isEqualTo(expected.getClass());
        if (expected.isObject()) {
            assertThat(fieldNames(actual)).as("field order at %s", path).containsExactlyElementsOf(fieldNames(expected));
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                assertSameShape(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("array size at %s", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameShape(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            names.add(field.getKey());
        }
        return names;
    }

    private static InputStream utf8(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Records whether the stream was closed and whether its end was reached. */
    private static final class TrackingInputStream extends FilterInputStream {
        boolean closed;
        boolean reachedEnd;

        TrackingInputStream(String content) {
            super(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public int read() throws IOException {
            return seen(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return seen(super.read(b, off, len));
        }

        private int seen(int result) {
            reachedEnd |= result == -1;
            return result;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
