package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line handling and console output that need no process. */
class LocalCommandTest {

    static int run(ByteArrayOutputStream err, String... args) {
        return LocalCommand.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runWhenUnknownCommandOrOptionOrMissingEventThenUsageAndExitTwo() {
        for (String[] args : List.of(new String[] {"serve"}, new String[] {"local", "--bogus"},
                new String[] {"local", "--port", "x"}, new String[] {"local", "--ttl", "3601"}, new String[] {"invoke"},
                new String[] {"local", "stray"}, new String[] {"local", "--api", "websocket"},
                new String[] {"local", "--api"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(err, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
        }
    }

    @Test
    void apiWhenEveryFlagThenParsedAndDocumentedInBothReadmesAndTheUsage() throws Exception {
        Path root = Path.of(System.getProperty("tollgate.project.dir", "..")).toAbsolutePath().normalize();
        String local = Files.readString(root.resolve("local/README.md"));
        String main = Files.readString(root.resolve("README.md"));
        for (EmulatedApi api : EmulatedApi.values()) {
            assertThat(EmulatedApi.fromFlag(api.flag())).isEqualTo(api);
            assertThat(local).contains("| `" + api.flag() + "`");
            assertThat(main).contains("| `" + api.flag() + "`");
            assertThat(LocalCommand.usage()).contains(api.flag());
        }
        assertThat(local).contains("--api " + EmulatedApi.flags());
    }

    @Test
    void revokeWhenArgumentsWrongThenUsageAndExitTwo() {
        for (String[] args : List.of(new String[] {"revoke"}, new String[] {"revoke", "--jti"},
                new String[] {"revoke", "--jti", "a", "--principal", "b"},
                new String[] {"revoke", "--jti", "a", "--expires-at", "soon"},
                new String[] {"revoke", "--principal", "b", "--expires-at", "5"}, new String[] {"revoke", "--bogus", "x"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(err, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: tollgate revoke");
        }
    }

    @Test
    void revokeWhenNoStackRunningThenSaysSoAndExitsOne(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Revoke.run(List.of("--jti", "a"), dir, java.time.Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no running local stack").contains("./tollgate local");
    }

    @Test
    void functionEnvFromWhenSamEnvVarsFileThenItsVariablesWithoutTheEndpoint(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("env.json");
        Files.writeString(env, "{\"AuthorizerFunction\":{\"TOLLGATE_ISSUER\":\"https://i\",\"TOLLGATE_CLOCK_SKEW_SECONDS\":5,"
                + "\"AWS_ENDPOINT_URL_DYNAMODB\":\"http://host.docker.internal:8000\"}}");
        assertThat(LocalCommand.functionEnvFrom(env)).containsEntry("TOLLGATE_ISSUER", "https://i")
                .containsEntry("TOLLGATE_CLOCK_SKEW_SECONDS", "5").doesNotContainKey("AWS_ENDPOINT_URL_DYNAMODB");
    }

    @Test
    void shortenWhenDecisionLineThenOutcomeReasonPrincipalRouteLatency() {
        String line = "{\"timestamp\":\"t\",\"level\":\"INFO\",\"logger\":\"tollgate.decision\",\"message\":\"decision\","
                + "\"outcome\":\"ALLOW\",\"reason\":\"ALLOWED\",\"principal\":\"alice\",\"method\":\"GET\","
                + "\"path\":\"/orders/42\",\"latencyMs\":3.1,\"_aws\":{}}";
        assertThat(LogLines.shorten(line)).isEqualTo("ALLOW ALLOWED principal=alice GET /orders/42 (3.1 ms)");
        assertThat(LogLines.shorten("{\"level\":\"WARN\",\"logger\":\"tollgate.jwks\",\"message\":\"m\",\"error\":\"e\"}"))
                .isEqualTo("WARN tollgate.jwks: m error=e");
        assertThat(LogLines.shorten("Picked up JAVA_TOOL_OPTIONS: x")).isEqualTo("Picked up JAVA_TOOL_OPTIONS: x");
    }
}
