package dev.tollgate.bench.aws;

import static dev.tollgate.bench.aws.MockLambda.invokeResponse;
import static dev.tollgate.bench.aws.ReportLineTest.restoreLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tollgate.bench.report.ModeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.PublishVersionRequest;
import software.amazon.awssdk.services.lambda.model.SnapStartTimeoutException;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/** The AWS driver against a mocked Lambda client ({@link MockLambda}): cold starts forced and grouped. */
class AwsBenchmarkTest {

    @Test
    void runWhenAliasGivenThenUpdatesEnvironmentPublishesPointsAliasAndParsesReports() {
        LambdaClient lambda = MockLambda.client();
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
        ModeResult result = AwsResults.summarise(config, samples);
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
        LambdaClient lambda = MockLambda.client();
        when(lambda.invoke(any(InvokeRequest.class))).thenReturn(
                invokeResponse(ReportLineTest.ON_DEMAND_COLD), invokeResponse(ReportLineTest.WARM),
                invokeResponse(ReportLineTest.WARM), invokeResponse(ReportLineTest.WARM));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", null, 2, 1, "{}");

        List<AwsBenchmark.Sample> samples = new AwsBenchmark(lambda, config, new PrintStream(new ByteArrayOutputStream())).run();

        verify(lambda, times(0)).publishVersion(any(PublishVersionRequest.class));
        ModeResult result = AwsResults.summarise(config, samples);
        assertThat(result.coldStart().n()).isEqualTo(1);
        assertThat(result.coldStart().p50()).isEqualTo(412.37 + 1088.52);
        assertThat(result.failures()).containsExactly("sample 1: first invocation was not a cold start");
    }

    @Test
    void runWhenTwoOfFiveAreFirstAfterPublishThenPublishesOnceBurstsTwoThenFiveOnTheSameVersion() {
        LambdaClient lambda = MockLambda.client();
        MockLambda.Script script = new MockLambda.Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203), restoreLine(1, 39.80, 1702.66, 1390))
                // two of five land on the first burst's environments, three make new ones
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(2, 22, 231.40, 180),
                        restoreLine(3, 23, 198.72, 181), restoreLine(4, 24, 312.45, 182))
                .single(ReportLineTest.WARM, ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 5, 2, 2, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(lambda, config, script);

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
        ModeResult all = AwsResults.summarise(config, samples);
        assertThat(all.failures()).isEmpty();
        assertThat(all.coldStart().n()).isEqualTo(5);
        assertThat(all.warm().n()).isEqualTo(4);
    }

    @Test
    void runWhenABurstReusesMoreEnvironmentsThanExpectedThenALargerBurstAsksForTheMissingOnes() {
        LambdaClient lambda = MockLambda.client();
        MockLambda.Script script = new MockLambda.Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(1, 22, 231.40, 180))
                // two environments now: two reused, one new
                .burst(ReportLineTest.WARM, ReportLineTest.WARM, restoreLine(2, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 3, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(lambda, config, script);

        verify(lambda, times(7)).invoke(any(InvokeRequest.class));
        assertThat(samples).extracting(AwsBenchmark.Sample::wave).containsExactly(1, 2, 3);
        assertThat(samples.get(0).warm()).hasSize(4);
        assertThat(AwsResults.summarise(config, samples).failures()).isEmpty();
    }

    @Test
    void runWhenLaterBurstsFindNoNewEnvironmentThenStopsAfterThreeAndSummariseReportsTheShortfall() {
        LambdaClient lambda = MockLambda.client();
        MockLambda.Script script = new MockLambda.Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.WARM)
                .burst(ReportLineTest.WARM, ReportLineTest.WARM)
                .burst(ReportLineTest.WARM, ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 2, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(lambda, config, script);

        verify(lambda, times(7)).invoke(any(InvokeRequest.class));
        assertThat(samples).hasSize(1);
        assertThat(AwsResults.summarise(config, samples).failures()).containsExactly("version 7: 0 of 1 later "
                + "cold starts (the bursts reused environments or were throttled: is the function's concurrency "
                + "below --samples?)");
        assertThat(AwsResults.summarise(config, samples, AwsBenchmark.Group.FIRST_AFTER_PUBLISH).failures()).isEmpty();
    }

    @Test
    void runWhenTwoVersionsThenEachPublishStartsItsOwnFirstAfterPublishGroup() {
        LambdaClient lambda = MockLambda.client();
        MockLambda.Script script = new MockLambda.Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, restoreLine(1, 22, 231.40, 180))
                .burst(restoreLine(2, 39.80, 1702.66, 1390))
                .burst(ReportLineTest.WARM, restoreLine(3, 23, 198.72, 181));
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 2, 2, 1, 0, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(lambda, config, script);

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
        LambdaClient lambda = MockLambda.client();
        MockLambda.Script script = new MockLambda.Script()
                .burst(SnapStartTimeoutException.builder()
                        .message("Lambda couldn't restore the snapshot within the timeout limit.").build())
                .single(ReportLineTest.WARM);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 1, 1, 1, 1, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(lambda, config, script);

        assertThat(samples).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(AwsBenchmark.Start.RESTORE_TIMEOUT);
            assertThat(s.cold()).isNull();
            assertThat(s.version()).isEqualTo("7");
            assertThat(s.functionError()).startsWith("SnapStartTimeoutException: Lambda couldn't restore");
        });
        assertThat(ColdStartSummary.of(samples, 1).exitCode()).isEqualTo(AwsBenchmark.EXIT_RESTORE_OVER_LIMIT);
        assertThat(AwsResults.summarise(config, samples).failures()).startsWith("sample 0: restore timed out");
    }

}
