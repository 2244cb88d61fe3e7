package dev.tollgate.bench.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tollgate.bench.report.ModeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
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
        return InvokeResponse.builder().statusCode(200)
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
}
