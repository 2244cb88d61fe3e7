package dev.tollgate.bench.aws;

import static dev.tollgate.bench.aws.ReportLineTest.restoreLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.bench.report.ModeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.PublishVersionRequest;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.SnapStartTimeoutException;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/** The AWS driver against a mocked Lambda client: cold starts forced, REPORT lines summarised. */
class AwsBenchmarkTest {

    @SuppressWarnings("unchecked")
    private static <T> Consumer<T> anyConsumer() {
        return (Consumer<T>) any(Consumer.class);
    }

    private static InvokeResponse invokeResponse(String report) {
        return invokeResponse(report, null);
    }

    private static InvokeResponse invokeResponse(String report, String executedVersion) {
        return InvokeResponse.builder().statusCode(200).executedVersion(executedVersion)
                .payload(SdkBytes.fromUtf8String("{\"principalId\":\"user-001\"}"))
                .logResult(Base64.getEncoder().encodeToString(
                        ("START RequestId: x\nEND RequestId: x\n" + report + "\n").getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private LambdaClient lambdaClient() {
        LambdaClient lambda = mock(LambdaClient.class);
        when(lambda.getFunctionConfiguration(any(GetFunctionConfigurationRequest.class))).thenReturn(
                GetFunctionConfigurationResponse.builder().environment(
                        EnvironmentResponse.builder().variables(Map.of("TOLLGATE_ISSUER", "https://issuer")).build())
                        .build());
        when(lambda.getFunctionConfiguration(AwsBenchmarkTest.<GetFunctionConfigurationRequest.Builder>anyConsumer()))
                .thenCallRealMethod();
        when(lambda.updateFunctionConfiguration(AwsBenchmarkTest.<UpdateFunctionConfigurationRequest.Builder>anyConsumer()))
                .thenCallRealMethod();
        when(lambda.publishVersion(any(PublishVersionRequest.class)))
                .thenReturn(PublishVersionResponse.builder().version("7").build());
        when(lambda.publishVersion(AwsBenchmarkTest.<PublishVersionRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.updateAlias(AwsBenchmarkTest.<UpdateAliasRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.invoke(AwsBenchmarkTest.<InvokeRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.waiter()).thenReturn(mock(LambdaWaiter.class));
        return lambda;
    }

    @Test
    void runWhenAliasGivenThenUpdatesEnvironmentPublishesPointsAliasAndParsesReports() {
        LambdaClient lambda = lambdaClient();
        when(lambda.invoke(any(InvokeRequest.class))).thenReturn(
                invokeResponse(ReportLineTest.SNAPSTART), invokeResponse(ReportLineTest.WARM),
                invokeResponse(ReportLineTest.WARM),
                invokeResponse(ReportLineTest.SNAPSTART), invokeResponse(ReportLineTest.WARM),
                invokeResponse(ReportLineTest.WARM));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 2, 2, "{}");

        List<AwsBenchmark.Sample> samples = new AwsBenchmark(lambda, config, new PrintStream(new ByteArrayOutputStream())).run();

        ArgumentCaptor<UpdateFunctionConfigurationRequest> update =
                ArgumentCaptor.forClass(UpdateFunctionConfigurationRequest.class);
        verify(lambda, times(2)).updateFunctionConfiguration(update.capture());
        Environment env = update.getValue().environment();
        assertThat(env.variables()).containsEntry("TOLLGATE_ISSUER", "https://issuer")
                .containsKey(AwsBenchmark.NONCE_VARIABLE);
        ArgumentCaptor<UpdateAliasRequest> alias = ArgumentCaptor.forClass(UpdateAliasRequest.class);
        verify(lambda, times(2)).updateAlias(alias.capture());
        assertThat(alias.getValue().name()).isEqualTo("live");
        assertThat(alias.getValue().functionVersion()).isEqualTo("7");
        ArgumentCaptor<InvokeRequest> invoke = ArgumentCaptor.forClass(InvokeRequest.class);
        verify(lambda, times(6)).invoke(invoke.capture());
        assertThat(invoke.getAllValues()).allSatisfy(r -> {
            assertThat(r.qualifier()).isEqualTo("live");
            assertThat(r.logTypeAsString()).isEqualTo("Tail");
        });

        assertThat(samples).hasSize(2);
        ModeResult result = AwsBenchmark.summarise(config, samples);
        assertThat(result.failures()).isEmpty();
        assertThat(result.description()).contains("SnapStart");
        assertThat(result.coldStart().p50()).isEqualTo(38.91 + 224.56);
        assertThat(result.init().p50()).isEqualTo(224.56);
        assertThat(result.warm().n()).isEqualTo(4);
        assertThat(result.warm().p50()).isEqualTo(2.04);
        assertThat(result.peakRssFirst().p50()).isEqualTo(102);
    }

    @Test
    void runWhenNoAliasThenInvokesLatestAndFlagsAWarmFirstInvocation() {
        LambdaClient lambda = lambdaClient();
        when(lambda.invoke(any(InvokeRequest.class))).thenReturn(
                invokeResponse(ReportLineTest.ON_DEMAND_COLD), invokeResponse(ReportLineTest.WARM),
                invokeResponse(ReportLineTest.WARM), invokeResponse(ReportLineTest.WARM));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", null, 2, 1, "{}");

        List<AwsBenchmark.Sample> samples = new AwsBenchmark(lambda, config, new PrintStream(new ByteArrayOutputStream())).run();

        verify(lambda, times(0)).publishVersion(any(PublishVersionRequest.class));
        ModeResult result = AwsBenchmark.summarise(config, samples);
        assertThat(result.coldStart().n()).isEqualTo(1);
        assertThat(result.coldStart().p50()).isEqualTo(412.37 + 1088.52);
        assertThat(result.failures()).containsExactly("sample 1: first invocation was not a cold start");
    }

    /**
     * Answers Invoke in call order from a script of bursts and single calls. Every call of a burst
     * waits until the whole burst is in flight (at most 10 s), so a burst sent one call at a time,
     * or smaller than scripted, fails the test. A step is a REPORT line or an exception to throw.
     */
    private static final class Script implements Answer<InvokeResponse> {
        private final List<Object> steps = new ArrayList<>();
        private final List<CyclicBarrier> barriers = new ArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();

        Script burst(Object... responses) {
            CyclicBarrier barrier = new CyclicBarrier(responses.length);
            for (Object r : responses) {
                steps.add(r);
                barriers.add(barrier);
            }
            return this;
        }

        Script single(Object... responses) {
            for (Object r : responses) {
                steps.add(r);
                barriers.add(null);
            }
            return this;
        }

        @Override
        public InvokeResponse answer(InvocationOnMock invocation) throws Exception {
            int i = calls.getAndIncrement();
            if (i >= steps.size()) {
                throw new AssertionError("unscripted invocation " + (i + 1));
            }
            if (barriers.get(i) != null) {
                barriers.get(i).await(10, TimeUnit.SECONDS);
            }
            if (steps.get(i) instanceof RuntimeException e) {
                throw e;
            }
            return invokeResponse((String) steps.get(i), "7");
        }
    }

    private static List<AwsBenchmark.Sample> run(LambdaClient lambda, AwsBenchmark.Config config, Script script) {
        when(lambda.invoke(any(InvokeRequest.class))).thenAnswer(script);
        return new AwsBenchmark(lambda, config, new PrintStream(new ByteArrayOutputStream())).run();
    }

    @Test
    void runWhenTwoOfFiveAreFirstAfterPublishThenPublishesOnceBurstsTwoThenFiveOnTheSameVersion() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203), restoreLine(1, 39.80, 1702.66, 1390))
                // two of five land on the first burst's environments, three make new ones
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(2, 22, 231.40, 180),
                        restoreLine(3, 23, 198.72, 181), restoreLine(4, 24, 312.45, 182))
                .single(ReportLineTest.WARM, ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 5, 2, 2, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        verify(lambda, times(1)).publishVersion(any(PublishVersionRequest.class));
        verify(lambda, times(1)).updateAlias(any(UpdateAliasRequest.class));
        verify(lambda, times(9)).invoke(any(InvokeRequest.class));
        assertThat(samples).extracting(AwsBenchmark.Sample::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(samples).extracting(AwsBenchmark.Sample::group).containsExactly(
                AwsBenchmark.Group.FIRST_AFTER_PUBLISH, AwsBenchmark.Group.FIRST_AFTER_PUBLISH,
                AwsBenchmark.Group.LATER, AwsBenchmark.Group.LATER, AwsBenchmark.Group.LATER);
        assertThat(samples).extracting(AwsBenchmark.Sample::wave).containsExactly(1, 1, 2, 2, 2);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.version()).isEqualTo("7");
            assertThat(s.start()).isEqualTo(AwsBenchmark.Start.RESTORE);
        });
        assertThat(samples.get(0).warm()).hasSize(4);
        assertThat(samples.subList(1, 5)).allSatisfy(s -> assertThat(s.warm()).isEmpty());

        ColdStartSummary summary = ColdStartSummary.of(samples, config.firstAfterPublish());
        assertThat(summary.groups().get(0).restore().p50()).isEqualTo(1480.27);
        assertThat(summary.groups().get(1).restore().p50()).isEqualTo(231.40);
        assertThat(summary.exitCode()).isZero();
        ModeResult all = AwsBenchmark.summarise(config, samples);
        assertThat(all.failures()).isEmpty();
        assertThat(all.coldStart().n()).isEqualTo(5);
        assertThat(all.warm().n()).isEqualTo(4);
    }

    @Test
    void runWhenABurstReusesMoreEnvironmentsThanExpectedThenALargerBurstAsksForTheMissingOnes() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(1, 22, 231.40, 180))
                // two environments now: two reused, one new
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(2, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 3, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        verify(lambda, times(7)).invoke(any(InvokeRequest.class));
        assertThat(samples).extracting(AwsBenchmark.Sample::wave).containsExactly(1, 2, 3);
        assertThat(samples.get(0).warm()).hasSize(4);
        assertThat(AwsBenchmark.summarise(config, samples).failures()).isEmpty();
    }

    @Test
    void runWhenLaterBurstsFindNoNewEnvironmentThenStopsAfterThreeAndSummariseReportsTheShortfall() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.WARM)
                .burst(ReportLineTest.WARM, ReportLineTest.WARM)
                .burst(ReportLineTest.WARM, ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 2, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        verify(lambda, times(7)).invoke(any(InvokeRequest.class));
        assertThat(samples).hasSize(1);
        assertThat(AwsBenchmark.summarise(config, samples).failures()).containsExactly("version 7: 0 of 1 later "
                + "cold starts (the bursts reused environments or were throttled: is the function's concurrency "
                + "below --samples?)");
        assertThat(AwsBenchmark.summarise(config, samples, AwsBenchmark.Group.FIRST_AFTER_PUBLISH).failures()).isEmpty();
    }

    @Test
    void runWhenTwoVersionsThenEachPublishStartsItsOwnFirstAfterPublishGroup() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, restoreLine(1, 22, 231.40, 180))
                .burst(restoreLine(2, 39.80, 1702.66, 1390))
                .burst(ReportLineTest.WARM, restoreLine(3, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 2, 2, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        verify(lambda, times(2)).publishVersion(any(PublishVersionRequest.class));
        assertThat(samples).extracting(AwsBenchmark.Sample::round).containsExactly(0, 0, 1, 1);
        assertThat(samples).extracting(AwsBenchmark.Sample::group).containsExactly(
                AwsBenchmark.Group.FIRST_AFTER_PUBLISH, AwsBenchmark.Group.LATER,
                AwsBenchmark.Group.FIRST_AFTER_PUBLISH, AwsBenchmark.Group.LATER);
        ColdStartSummary summary = ColdStartSummary.of(samples, 1);
        assertThat(summary.groups().get(0).restore().max()).isEqualTo(1702.66);
        assertThat(summary.groups().get(1).restore().max()).isEqualTo(231.40);
    }

    @Test
    void runWhenRestoreTimesOutThenSampleIsARestoreTimeoutAndTheRunExitsWithThree() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(SnapStartTimeoutException.builder()
                        .message("Lambda couldn't restore the snapshot within the timeout limit.").build())
                .single(ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 1, 1, 1, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        assertThat(samples).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(AwsBenchmark.Start.RESTORE_TIMEOUT);
            assertThat(s.cold()).isNull();
            assertThat(s.version()).isEqualTo("7");
            assertThat(s.functionError()).startsWith("SnapStartTimeoutException: Lambda couldn't restore");
        });
        assertThat(ColdStartSummary.of(samples, 1).exitCode()).isEqualTo(AwsBenchmark.EXIT_RESTORE_OVER_LIMIT);
        assertThat(AwsBenchmark.summarise(config, samples).failures()).startsWith("sample 0: restore timed out");
    }

    @Test
    void markdownWhenBothGroupsAndARestoreOverFiveSecondsThenRowPerGroupGroupTableAndWarning() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.RESTORE_OVER_LIMIT, restoreLine(2, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 3, 1, 0, "{}");
        List<AwsBenchmark.Sample> samples = run(lambda, config, script);
        ColdStartSummary summary = ColdStartSummary.of(samples, 1);

        List<ModeResult> results = AwsBenchmark.results(config, samples);
        String md = AwsBenchmark.markdown(config, results, summary, "20270101-120000");

        assertThat(results).extracting(ModeResult::mode)
                .containsExactly("tollgate:live", "tollgate:live first 1 after publish", "tollgate:live later");
        assertThat(md).contains("| tollgate:live first 1 after publish | 1521 / 1521 / 1521 |");
        assertThat(md).contains("### Cold starts by group").contains("| first 1 after publish | 1 | 1 / 0 |");
        assertThat(md).containsPattern("WARNING: restore over 5000 ms: sample [12] \\(version 7, later, wave 2\\): "
                + "Restore Duration 6012.34 ms");
        assertThat(summary.exitCode()).isEqualTo(3);
    }

    @Test
    void resultsWhenEverySampleIsFirstAfterPublishThenOneRow() {
        LambdaClient lambda = lambdaClient();
        Script script = new Script().burst(ReportLineTest.SNAPSTART).burst(ReportLineTest.SNAPSTART);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 2, 0, "{}");

        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        assertThat(AwsBenchmark.results(config, samples)).extracting(ModeResult::mode).containsExactly("tollgate:live");
    }

    @Test
    void configWhenOnlyFunctionGivenThenOneVersionTenSamplesFirstThreeAfterPublish() throws Exception {
        AwsBenchmark.Config config = AwsBenchmark.config(List.of("--aws", "--function", "tollgate", "--alias", "live"));

        assertThat(config.versions()).isEqualTo(1);
        assertThat(config.samples()).isEqualTo(10);
        assertThat(config.firstAfterPublish()).isEqualTo(3);
        assertThat(config.warm()).isEqualTo(10);
        assertThat(config.event()).isEqualTo("{}");
    }

    @Test
    void configWhenFirstAfterPublishNotGivenThenThirtyPercentOfSamplesRoundedUp() throws Exception {
        assertThat(AwsBenchmark.config(List.of("--function", "f", "--samples", "100")).firstAfterPublish()).isEqualTo(30);
        assertThat(AwsBenchmark.config(List.of("--function", "f", "--samples", "7")).firstAfterPublish()).isEqualTo(3);
        assertThat(AwsBenchmark.config(List.of("--function", "f", "--quick")).firstAfterPublish()).isEqualTo(1);
        assertThat(AwsBenchmark.config(List.of("--function", "f", "--samples", "20", "--first-after-publish", "5",
                "--versions", "4")))
                .satisfies(c -> {
                    assertThat(c.firstAfterPublish()).isEqualTo(5);
                    assertThat(c.versions()).isEqualTo(4);
                });
    }

    @Test
    void configWhenFirstAfterPublishOutOfRangeThenRejected() {
        assertThatThrownBy(() -> AwsBenchmark.config(List.of("--function", "f", "--samples", "5",
                "--first-after-publish", "6")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and --samples (5)");
        assertThatThrownBy(() -> AwsBenchmark.config(List.of("--function", "f", "--first-after-publish", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsBenchmark.config(List.of("--samples", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--function");
    }

    @Test
    void writeWhenRunHasBothGroupsThenResultsJsonRecordsGroupVersionAndStartOfEverySample(@TempDir Path dir)
            throws Exception {
        LambdaClient lambda = lambdaClient();
        Script script = new Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.RESTORE_OVER_LIMIT, restoreLine(2, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 3, 1, 0, "{}");
        List<AwsBenchmark.Sample> samples = run(lambda, config, script);

        String md = AwsBenchmark.write(dir, config, samples, "20270101-120000");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("samples")).hasSize(3);
        JsonNode first = json.get("samples").get(0);
        assertThat(first.get("group").asText()).isEqualTo("FIRST_AFTER_PUBLISH");
        assertThat(first.get("version").asText()).isEqualTo("7");
        assertThat(first.get("start").asText()).isEqualTo("RESTORE");
        assertThat(first.get("cold").get("restoreDurationMs").asDouble()).isEqualTo(1480.27);
        assertThat(json.get("samples").get(1).get("group").asText()).isEqualTo("LATER");
        assertThat(json.get("groups").get("groups").get(0).get("group").asText()).isEqualTo("first 1 after publish");
        assertThat(json.get("groups").get("overLimit")).hasSize(1);
        assertThat(json.get("results")).hasSize(3);
        assertThat(Files.readString(dir.resolve("results.md"))).isEqualTo(md);
        assertThat(dir.resolve("chart.svg")).exists();
    }
}
