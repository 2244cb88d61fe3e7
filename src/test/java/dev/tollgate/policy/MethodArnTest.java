package dev.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MethodArnTest {
    @Test
    void parseWhenRestMethodArnThenAllParts() {
        MethodArn arn = MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/orders/42");
        assertThat(arn).isEqualTo(new MethodArn("aws", "us-east-1", "123456789012", "a1b2c3", "prod", "GET", "/orders/42"));
        assertThat(arn.resource("*", "/admin/*")).isEqualTo("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/*/admin/*");
        assertThat(arn.wholeStage()).isEqualTo("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/*");
    }

    @Test
    void parseWhenRootPathOrDefaultStageOrOtherPartitionThenParsed() {
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1/prod/GET/").path()).isEqualTo("/");
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1/prod/GET").path()).isEqualTo("/");
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1/$default/GET/x").stage()).isEqualTo("$default");
        assertThat(MethodArn.parse("arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:a1/prod/GET/x").partition())
                .isEqualTo("aws-us-gov");
    }

    @Test
    void parseWhenStageIsAWildcardThenParsedAndThePolicyNamesTheSameStage() {
        // The console's test invocation and the API Gateway guide's TOKEN example.
        MethodArn arn = MethodArn.parse("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/");
        assertThat(arn.stage()).isEqualTo("*");
        assertThat(arn.path()).isEqualTo("/");
        assertThat(arn.resource("GET", "/orders/*"))
                .isEqualTo("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/orders/*");
    }

    @Test
    void parseWhenAWildcardOutsideTheStageThenIllegalArgument() {
        // Each would reach other accounts, regions or APIs: never widened to a policy.
        for (String bad : new String[] {"arn:aws:execute-api:us-east-1:*:a1/*/GET/x", "arn:aws:execute-api:*:123456789012:a1/prod/GET/x",
                "arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/x", "arn:aws:execute-api:us-east-1:123456789012:a1/pr*d/GET/x",
                "arn:*:execute-api:us-east-1:123456789012:a1/prod/GET/x", "arn:aws:execute-api:us-east-1:123456789012:a1/**/GET/x"}) {
            assertThatThrownBy(() -> MethodArn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parseWhenMalformedThenIllegalArgument() {
        for (String bad : new String[] {null, "", "arn:aws:s3:::bucket", "arn:aws:execute-api:us-east-1:123:a1/prod/GET/x",
                "arn:aws:execute-api:us-east-1:123456789012:a1/prod", "arn:evil:execute-api:us-east-1:123456789012:a1/prod/GET/x",
                "arn:aws:execute-api:us-east-1:123456789012:a-1/prod/GET/x", "arn:aws:execute-api:us-east-1:123456789012:a1/prod/get/x",
                "arn:aws:execute-api:us-east-1:123456789012:a1/prod/GET/x\n", "arn:aws:execute-api:us-east-1:123456789012:a1/prod/GET/" + "x".repeat(1600)}) {
            assertThatThrownBy(() -> MethodArn.parse(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
