package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code AWS_LAMBDA_INITIALIZATION_TYPE} decides where the priming runs. */
class RuntimeSettingsTest {

    @ParameterizedTest(name = "{0}: snapStart {1}, primeAtInit {2}")
    @CsvSource({
        "'', false, false",
        "on-demand, false, false",
        "snap-start, true, false",
        "provisioned-concurrency, false, true",
        "lambda-managed-instances, false, true",
        "something-new, false, false",
    })
    void readWhenInitializationTypeSetThenSnapshotOrInitPrimingFollowsIt(String type, boolean snapStart,
            boolean primeAtInit) {
        Map<String, String> env = SettingsReaderTest.minimal();
        if (!type.isEmpty()) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", type);
        }
        RuntimeSettings runtime = SettingsReader.read(env).runtime();
        assertThat(runtime.snapStart()).isEqualTo(snapStart);
        assertThat(runtime.primeAtInit()).isEqualTo(primeAtInit);
        assertThat(runtime.priming()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"lambda-managed-instances", "provisioned-concurrency"})
    void readWhenPrimingOffThenInitPrimingStillReportedButHooksSkipIt(String type) {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", type);
        env.put("TOLLGATE_PRIMING", "false");
        RuntimeSettings runtime = SettingsReader.read(env).runtime();
        assertThat(runtime.priming()).isFalse();
        assertThat(runtime.primeAtInit()).isTrue();
    }
}
