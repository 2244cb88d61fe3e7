package dev.tollgate.deploy;

import static dev.tollgate.deploy.TemplateConsistencyTest.list;
import static dev.tollgate.deploy.TemplateConsistencyTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DevKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md's deployment sections, both templates, {@code events/} and the recorded benchmark
 * ({@code bench/docs/}) consistent: the parameter tables state the templates' values and defaults,
 * the defaults follow the recorded TLS figures the templates cite, the documented commands use
 * {@code events/env.json}'s issuer and audience, and the documented URLs are the demo routes.
 */
class DeploymentDocsTest {

    static final Path PROJECT = DevKey.projectDir();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|(.*)$");

    static String readme;
    static Map<String, Object> standard;
    static Map<String, Object> managed;
    /** Cold start p50 per benchmark mode, in whole milliseconds, from results.json. */
    static Map<String, Long> coldStartP50 = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
        standard = CfnYaml.load(PROJECT.resolve("template.yaml"));
        managed = CfnYaml.load(PROJECT.resolve(ManagedInstancesTemplateTest.FILE));
        for (JsonNode result : JSON.readTree(PROJECT.resolve("bench/docs/results.json").toFile()).path("results")) {
            coldStartP50.put(result.path("mode").asText(), Math.round(result.path("coldStart").path("p50").asDouble()));
        }
    }

    @Test
    void recordedRunWhenCommittedThenResultsJsonBesideResultsMdAndChartFromTheSameRun() throws IOException {
        Path docs = PROJECT.resolve("bench/docs");
        JsonNode json = JSON.readTree(docs.resolve("results.json").toFile());
        String timestamp = json.path("timestamp").asText();
        assertThat(timestamp).isNotBlank();
        String markdown = Files.readString(docs.resolve("results.md"), StandardCharsets.UTF_8);
        assertThat(markdown.lines().findFirst().orElseThrow())
                .contains(json.path("command").asText().replaceFirst("^bench/run", "bench/run")).contains(timestamp);
        assertThat(Files.readString(docs.resolve("chart.svg"), StandardCharsets.UTF_8)).contains(timestamp);
        for (String mode : List.of("j17-c1", "j17-snapstart", "j25-c1", "j25-snapstart")) {
            assertThat(markdown).as("results.md shows results.json's p50 for %s", mode)
                    .containsPattern("(?m)^\\| " + Pattern.quote(mode) + " \\| " + coldStartP50.get(mode) + " / ");
        }
    }

    @Test
    void defaultsWhenChosenThenFollowTheRecordedTlsFigures() {
        Map<String, Object> parameters = map(standard.get("Parameters"));
        long snapStart = coldStartP50.get("j17-snapstart");
        long plain = coldStartP50.get("j17-c1");
        assertThat(snapStart).as("SnapStart restores faster than a plain JVM starts").isLessThan(plain);
        assertThat(map(parameters.get("SnapStart")).get("Default")).isEqualTo("PublishedVersions");
        assertThat((String) map(parameters.get("SnapStart")).get("Description"))
                .contains(snapStart + " ms").contains(plain + " ms");

        // Under SnapStart (the default) the older JDK restores faster: the default is java21, the
        // older of the two runtimes offered (no JDK 21 runs here; its neighbours are measured).
        assertThat(snapStart).isLessThan(coldStartP50.get("j25-snapstart"));
        assertThat(coldStartP50.get("j17-snapstart-1cpu")).isLessThan(coldStartP50.get("j25-snapstart-1cpu"));
        assertThat(map(parameters.get("Runtime")).get("Default")).isEqualTo("java21");
        String runtime = (String) map(parameters.get("Runtime")).get("Description");
        for (String mode : List.of("j17-snapstart", "j25-snapstart", "j17-snapstart-1cpu", "j25-snapstart-1cpu",
                "j25-c1", "j17-c1")) {
            assertThat(runtime).as("the Runtime description cites %s", mode).contains(String.valueOf(coldStartP50.get(mode)));
        }
    }

    @Test
    void readmeWhenListingFunctionParametersThenValuesAndDefaultsAreTheTemplates() {
        Map<String, List<String>> rows = table(section("## Deploy", "### Try it with `sam local invoke`"));
        assertThat(rows).containsKeys("SnapStart", "Runtime", "Architecture", "MemorySize", "AuthorizerResultTtlSeconds");
        Map<String, Object> parameters = map(standard.get("Parameters"));
        rows.forEach((name, cells) -> {
            Map<String, Object> parameter = map(parameters.get(name));
            if (parameter.containsKey("AllowedValues")) {
                assertThat(backticked(cells.get(0))).as("%s values", name)
                        .containsExactlyInAnyOrderElementsOf(list(parameter.get("AllowedValues")).stream().map(String::valueOf).toList());
            } else {
                assertThat(cells.get(0)).as("%s range", name)
                        .startsWith(parameter.get("MinValue") + " to " + parameter.get("MaxValue"));
            }
            assertThat(cells.get(1)).as("%s default", name).isEqualTo("`" + parameter.get("Default") + "`");
        });
        // Every figure the SnapStart and Runtime rows give is a recorded p50.
        for (String mode : List.of("j17-snapstart", "j17-c1", "j25-snapstart", "j25-c1")) {
            assertThat(String.join(" ", rows.get("SnapStart")) + String.join(" ", rows.get("Runtime")))
                    .contains(coldStartP50.get(mode) + " ms");
        }
    }

    @Test
    void readmeWhenListingManagedInstancesParametersThenDefaultsAreThatTemplates() {
        Map<String, List<String>> rows = table(section("### Lambda Managed Instances", "## Performance"));
        assertThat(rows).containsKeys("MemorySize", "MaxConcurrency", "MaxVCpuCount", "Runtime");
        Map<String, Object> parameters = map(managed.get("Parameters"));
        rows.forEach((name, cells) -> assertThat(cells.get(0)).as("%s default", name)
                .isEqualTo("`" + map(parameters.get(name)).get("Default") + "`"));
        assertThat(readme).contains("sam build -t " + ManagedInstancesTemplateTest.FILE)
                .contains("sam deploy --guided -t " + ManagedInstancesTemplateTest.FILE)
                .contains("ConcurrencyStressTest: one handler shared by 32 threads")
                .contains("AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances");
    }

    @Test
    void readmeWhenShowingSamLocalThenCommandsUseEnvJsonsIssuerAndAudienceAndCurlTheDemoRoutes() throws IOException {
        JsonNode env = JSON.readTree(PROJECT.resolve("events/env.json").toFile()).path(TemplateConsistencyTest.FUNCTION_ID);
        Matcher overrides = Pattern.compile("--parameter-overrides Issuer=(\\S+) Audience=(\\S+)").matcher(readme);
        int commands = 0;
        while (overrides.find()) {
            assertThat(overrides.group(1)).isEqualTo(env.path("TOLLGATE_ISSUER").asText());
            assertThat(overrides.group(2)).isEqualTo(env.path("TOLLGATE_AUDIENCE").asText());
            commands++;
        }
        assertThat(commands).as("sam local invoke and sam local start-api").isGreaterThanOrEqualTo(2);
        assertThat(readme).contains("sam local invoke AuthorizerFunction -e events/rest-token.json --env-vars events/env.json")
                .contains("sam local start-api --env-vars events/env.json");

        String startApi = section("### Try it with `sam local start-api`", "### Lambda Managed Instances");
        Map<String, String> outputs = new HashMap<>();
        for (String route : demoRoutes(outputs)) {
            String example = route.replace("{id}", "42");
            assertThat(startApi).as("start-api section curls %s", route).contains("localhost:3000" + example + " ");
        }
        // The deploy section and the template's outputs name the same URL for each demo API.
        outputs.forEach((output, path) -> {
            assertThat(readme).contains("<" + output + ">" + path);
            assertThat((String) map(map(standard.get("Outputs")).get(output)).get("Description")).contains("<url>" + path);
        });
    }

    /** Each demo route's path; fills {@code outputs} with output name -> example path. */
    private static List<String> demoRoutes(Map<String, String> outputs) {
        List<String> paths = new ArrayList<>();
        Map<String, Object> events = map(map(TemplateConsistencyTest.map(map(standard.get("Resources"))
                .get("DemoBackendFunction")).get("Properties")).get("Events"));
        Map<String, String> outputOfApi = new HashMap<>();
        map(standard.get("Outputs")).forEach((name, output) -> {
            Object value = map(output).get("Value");
            String text = value instanceof Map && map(value).get("Fn::Sub") instanceof String ? (String) map(value).get("Fn::Sub") : "";
            Matcher api = Pattern.compile("\\$\\{(Demo[A-Za-z]+Api)}").matcher(text);
            if (api.find()) {
                outputOfApi.put(api.group(1), name);
            }
        });
        for (Object value : events.values()) {
            Map<String, Object> properties = map(map(value).get("Properties"));
            String path = (String) properties.get("Path");
            paths.add(path);
            Object apiRef = properties.containsKey("RestApiId") ? properties.get("RestApiId") : properties.get("ApiId");
            String output = outputOfApi.get((String) map(apiRef).get("Ref"));
            assertThat(output).as("an output gives the URL of the API of %s", path).isNotNull();
            // The first route of each API: the one its output's description names first.
            outputs.putIfAbsent(output, path.replace("{id}", "42"));
        }
        assertThat(paths).as("one route per demo API, and the uncached one for sender-constrained tokens").hasSize(4);
        return paths;
    }

    private static String section(String from, String to) {
        int start = readme.indexOf(from);
        int end = readme.indexOf(to, start + 1);
        assertThat(start).as("README has %s", from).isNotNegative();
        assertThat(end).as("README has %s after %s", to, from).isGreaterThan(start);
        return readme.substring(start, end);
    }

    /** The rows of the section's parameter tables: name -> the cells after it. */
    private static Map<String, List<String>> table(String section) {
        Map<String, List<String>> rows = new HashMap<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            for (String cell : row.group(2).split("\\|")) {
                if (!cell.isBlank()) {
                    cells.add(cell.strip());
                }
            }
            rows.put(row.group(1), cells);
        }
        return rows;
    }

    private static List<String> backticked(String cell) {
        List<String> values = new ArrayList<>();
        Matcher value = Pattern.compile("`([^`]+)`").matcher(cell);
        while (value.find()) {
            values.add(value.group(1));
        }
        return values;
    }
}
