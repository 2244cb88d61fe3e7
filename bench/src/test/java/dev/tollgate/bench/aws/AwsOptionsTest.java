package dev.tollgate.bench.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The AWS mode's command line: defaults, the first-after-publish share, and what is rejected. */
class AwsOptionsTest {

    @Test
    void readWhenOnlyFunctionGivenThenOneVersionTenSamplesFirstThreeAfterPublish() throws Exception {
        AwsBenchmark.Config config = AwsOptions.read(List.of("--aws", "--function", "tollgate", "--alias", "live"));

        assertThat(config.versions()).isEqualTo(1);
        assertThat(config.samples()).isEqualTo(10);
        assertThat(config.firstAfterPublish()).isEqualTo(3);
        assertThat(config.warm()).isEqualTo(10);
        assertThat(config.event()).isEqualTo("{}");
    }

    @Test
    void readWhenFirstAfterPublishNotGivenThenThirtyPercentOfSamplesRoundedUp() throws Exception {
        assertThat(AwsOptions.read(List.of("--function", "f", "--samples", "100")).firstAfterPublish()).isEqualTo(30);
        assertThat(AwsOptions.read(List.of("--function", "f", "--samples", "7")).firstAfterPublish()).isEqualTo(3);
        assertThat(AwsOptions.read(List.of("--function", "f", "--quick")).firstAfterPublish()).isEqualTo(1);
        assertThat(AwsOptions.read(List.of("--function", "f", "--samples", "20", "--first-after-publish", "5",
                "--versions", "4")))
                .satisfies(c -> {
                    assertThat(c.firstAfterPublish()).isEqualTo(5);
                    assertThat(c.versions()).isEqualTo(4);
                });
    }

    @Test
    void readWhenFirstAfterPublishOutOfRangeThenRejected() {
        assertThatThrownBy(() -> AwsOptions.read(List.of("--function", "f", "--samples", "5",
                "--first-after-publish", "6")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and --samples (5)");
        assertThatThrownBy(() -> AwsOptions.read(List.of("--function", "f", "--first-after-publish", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsOptions.read(List.of("--samples", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--function");
    }

}
