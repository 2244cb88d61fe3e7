package dev.tollgate.bench.aws;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
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

/**
 * A mocked Lambda client for the AWS mode's tests: a function whose configuration holds
 * {@code TOLLGATE_ISSUER}, whose every publish makes version 7, and whose Invoke answers come from
 * the test ({@link Script}, or Mockito stubs on {@code invoke(InvokeRequest)}). No network.
 */
final class MockLambda {

    private MockLambda() {}

    @SuppressWarnings("unchecked")
    private static <T> Consumer<T> anyConsumer() {
        return (Consumer<T>) any(Consumer.class);
    }

    static InvokeResponse invokeResponse(String report) {
        return invokeResponse(report, null);
    }

    static InvokeResponse invokeResponse(String report, String executedVersion) {
        return InvokeResponse.builder().statusCode(200).executedVersion(executedVersion)
                .payload(SdkBytes.fromUtf8String("{\"principalId\":\"user-001\"}"))
                .logResult(Base64.getEncoder().encodeToString(
                        ("START RequestId: x\nEND RequestId: x\n" + report + "\n").getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** The mocked client; stub {@code invoke(InvokeRequest)} or pass a {@link Script} to {@link #run}. */
    static LambdaClient client() {
        LambdaClient lambda = mock(LambdaClient.class);
        when(lambda.getFunctionConfiguration(any(GetFunctionConfigurationRequest.class))).thenReturn(
                GetFunctionConfigurationResponse.builder().environment(
                        EnvironmentResponse.builder().variables(Map.of("TOLLGATE_ISSUER", "https://issuer")).build())
                        .build());
        when(lambda.getFunctionConfiguration(MockLambda.<GetFunctionConfigurationRequest.Builder>anyConsumer()))
                .thenCallRealMethod();
        when(lambda.updateFunctionConfiguration(MockLambda.<UpdateFunctionConfigurationRequest.Builder>anyConsumer()))
                .thenCallRealMethod();
        when(lambda.publishVersion(any(PublishVersionRequest.class)))
                .thenReturn(PublishVersionResponse.builder().version("7").build());
        when(lambda.publishVersion(MockLambda.<PublishVersionRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.updateAlias(MockLambda.<UpdateAliasRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.invoke(MockLambda.<InvokeRequest.Builder>anyConsumer())).thenCallRealMethod();
        when(lambda.waiter()).thenReturn(mock(LambdaWaiter.class));
        return lambda;
    }

    /**
     * Answers Invoke in call order from a script of bursts and single calls. Every call of a burst
     * waits until the whole burst is in flight (at most 10 s), so a burst sent one call at a time,
     * or smaller than scripted, fails the test. A step is a REPORT line or an exception to throw.
     */
    static final class Script implements Answer<InvokeResponse> {
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

    /** Runs the benchmark against {@code lambda}, its Invoke calls answered by {@code script}. */
    static List<AwsBenchmark.Sample> run(LambdaClient lambda, AwsBenchmark.Config config, Script script) {
        when(lambda.invoke(any(InvokeRequest.class))).thenAnswer(script);
        return new AwsBenchmark(lambda, config, new PrintStream(new ByteArrayOutputStream())).run();
    }
}
