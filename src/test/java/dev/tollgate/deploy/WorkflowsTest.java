package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.DevKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps the GitHub workflows honest: least privilege, actions pinned by SHA, the README's test command. */
class WorkflowsTest {

    static final Path GITHUB = DevKey.projectDir().resolve(".github");
    static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}");

    static Stream<String> workflows() {
        return Stream.of("ci.yml", "bench.yml");
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void workflowWhenParsedThenReadOnlyTokenAndEveryActionPinnedBySha(String name) {
        Map<String, Object> workflow = CfnYaml.loadPlain(GITHUB.resolve("workflows").resolve(name));
        assertThat(TemplateConsistencyTest.map(workflow.get("permissions"))).isEqualTo(Map.of("contents", "read"));
        for (Map<String, Object> job : jobs(workflow)) {
            assertThat(job.get("permissions")).as("jobs inherit the read-only token").isNull();
            for (Map<String, Object> step : steps(job)) {
                Object uses = step.get("uses");
                if (uses != null && !String.valueOf(uses).startsWith("./")) {
                    assertThat(String.valueOf(uses)).as("%s: pin by full commit SHA", name).matches(PINNED);
                }
            }
        }
    }

    @Test
    void ciWhenRunThenTestsEveryJavaOnCorrettoWithTheReadmeCommandAndLintsTheTemplate() {
        Map<String, Object> ci = CfnYaml.loadPlain(GITHUB.resolve("workflows/ci.yml"));
        // YAML 1.1 reads the key "on" as true.
        Map<String, Object> on = TemplateConsistencyTest.map(ci.containsKey("on") ? ci.get("on") : ci.get(true));
        assertThat(on).containsKeys("push", "pull_request");
        Map<String, Object> jobs = TemplateConsistencyTest.map(ci.get("jobs"));

        Map<String, Object> test = TemplateConsistencyTest.map(jobs.get("test"));
        Map<String, Object> matrix = TemplateConsistencyTest.map(TemplateConsistencyTest.map(test.get("strategy")).get("matrix"));
        assertThat(TemplateConsistencyTest.list(matrix.get("java"))).containsExactly("17", "21", "25");
        Map<String, Object> setupJava = step(test, "actions/setup-java@");
        assertThat(TemplateConsistencyTest.map(setupJava.get("with")))
                .containsEntry("distribution", "corretto").containsEntry("cache", "maven");
        assertThat(step(test, "actions/setup-node@")).isNotNull();
        assertThat(runs(test)).contains("./tollgate test");

        Map<String, Object> sam = TemplateConsistencyTest.map(jobs.get("sam-validate"));
        assertThat(step(sam, "aws-actions/setup-sam@")).isNotNull();
        assertThat(String.join("\n", runs(sam))).contains("sam validate --lint");
    }

    @Test
    void benchWhenRunThenNonBlockingWithSummaryAndArtifact() {
        Map<String, Object> bench = CfnYaml.loadPlain(GITHUB.resolve("workflows/bench.yml"));
        Map<String, Object> on = TemplateConsistencyTest.map(bench.containsKey("on") ? bench.get("on") : bench.get(true));
        assertThat(on).containsKeys("workflow_dispatch", "pull_request");
        for (Map<String, Object> job : jobs(bench)) {
            assertThat(job.get("continue-on-error")).isEqualTo(true);
            String scripts = String.join("\n", runs(job));
            assertThat(scripts).contains("bench/run --quick").contains("bench/results/latest/results.md")
                    .contains("$GITHUB_STEP_SUMMARY");
            Map<String, Object> upload = step(job, "actions/upload-artifact@");
            assertThat(TemplateConsistencyTest.map(upload.get("with"))).containsEntry("path", "bench/results/latest/");
        }
    }

    @Test
    void dependabotWhenConfiguredThenCoversMavenNpmAndActions() {
        Map<String, Object> config = CfnYaml.loadPlain(GITHUB.resolve("dependabot.yml"));
        List<String> updates = new ArrayList<>();
        for (Object update : TemplateConsistencyTest.list(config.get("updates"))) {
            Map<String, Object> u = TemplateConsistencyTest.map(update);
            updates.add(u.get("package-ecosystem") + " " + u.get("directory"));
        }
        assertThat(updates).contains("maven /", "maven /bench", "npm /test-support/dynalite", "github-actions /");
    }

    static List<Map<String, Object>> jobs(Map<String, Object> workflow) {
        List<Map<String, Object>> jobs = new ArrayList<>();
        TemplateConsistencyTest.map(workflow.get("jobs")).values().forEach(j -> jobs.add(TemplateConsistencyTest.map(j)));
        return jobs;
    }

    static List<Map<String, Object>> steps(Map<String, Object> job) {
        List<Map<String, Object>> steps = new ArrayList<>();
        TemplateConsistencyTest.list(job.get("steps")).forEach(s -> steps.add(TemplateConsistencyTest.map(s)));
        return steps;
    }

    static Map<String, Object> step(Map<String, Object> job, String usesPrefix) {
        return steps(job).stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith(usesPrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step uses " + usesPrefix));
    }

    static List<String> runs(Map<String, Object> job) {
        List<String> runs = new ArrayList<>();
        steps(job).forEach(s -> {
            if (s.get("run") != null) {
                runs.add(String.valueOf(s.get("run")).strip());
            }
        });
        return runs;
    }
}
