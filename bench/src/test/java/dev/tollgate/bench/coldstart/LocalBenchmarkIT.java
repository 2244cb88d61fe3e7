package dev.tollgate.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.bench.report.ModeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The harness itself, as {@code bench/run} runs it: production-faithful TLS on both dependencies
 * (an HTTPS issuer, HTTPS dynalite, the function JVM trusting its JDK's cacerts plus the run's CA),
 * the Node.js peer under the same local Runtime API, a SnapStart-style mode pinned to one CPU.
 */
class LocalBenchmarkIT {
    static final Path ROOT = EndToEndIT.ROOT;
    static final Path TARGET = ROOT.resolve("bench/target");

    @Test
    void runWhenTlsNodePeerAndOneCpuModesThenEveryModeAnswersAndRatiosToBothBaselines() throws Exception {
        assumeTrue(DynaliteServer.nodeAvailable(), "node is not on the PATH: dynalite and the Node.js peer cannot run");
        Path jar = ROOT.resolve("target/tollgate.jar");
        assumeTrue(Files.exists(jar), "target/tollgate.jar is missing");
        List<Mode> modes = Stream.of("hello", "node", "j17-c1", "j17-snapstart-1cpu").map(Mode::named).toList();
        LocalBenchmark.Config config = new LocalBenchmark.Config(List.of(jar), LocalBenchmark.TOLLGATE_HANDLER,
                dev.tollgate.bench.BenchMain.helloJar(TARGET), TARGET.resolve("runtime-lib"),
                Path.of(System.getProperty("java.home")), null, ROOT.resolve("test-support/dynalite"),
                TARGET.resolve("it-bench-work"), modes, 1, 2, 2, 512, true, true, ROOT.resolve("bench/node-peer"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LocalBenchmark.Run run = new LocalBenchmark(config, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(run.facts()).containsEntry("tls", true);
        for (ModeResult result : run.results()) {
            assertThat(result.failures()).as(result.mode() + "\n" + progress).isEmpty();
            assertThat(result.coldStart().isEmpty()).as(result.mode()).isFalse();
            assertThat(result.ratios()).as(result.mode()).containsKeys("coldStart", "node.coldStart");
        }
        ModeResult tollgate = run.results().get(2);
        // TLS on the cold path: JSSE and the certificate path are loaded (hundreds of classes more than plain HTTP).
        assertThat(tollgate.classesLoaded()).isGreaterThan(2_000);
        assertThat(run.results().get(1).mode()).isEqualTo("node");
        assertThat(run.results().get(3).mode()).isEqualTo("j17-snapstart-1cpu");
    }
}
