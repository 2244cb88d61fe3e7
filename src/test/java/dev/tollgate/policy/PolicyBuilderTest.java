package dev.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.permission.Permission;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyBuilderTest {
    private static final MethodArn ROUTE = MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/orders/42");

    private static Grant grant(Set<Permission> permissions) {
        return new Grant("alice", permissions, Map.of(), null);
    }

    @Test
    void buildWhenPermissionsThenAllowsEachOnTheRequestApiAndStageSorted() {
        Policy policy = PolicyBuilder.build(grant(Set.of(Permission.parse("POST /orders").orElseThrow(),
                Permission.parse("GET /orders/*").orElseThrow())), ROUTE);
        assertThat(policy.effect()).isEqualTo("Allow");
        assertThat(policy.resources()).containsExactly(
                "arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/orders/*",
                "arn:aws:execute-api:eu-west-1:123456789012:api1/prod/POST/orders");
        assertThat(policy.truncated()).isFalse();
    }

    @Test
    void buildWhenNoPermissionsThenExplicitDenyOfStage() {
        Policy policy = PolicyBuilder.build(grant(Set.of()), ROUTE);
        assertThat(policy.effect()).isEqualTo("Deny");
        assertThat(policy.resources()).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/*");
    }

    @Test
    void buildWhenTooManyPermissionsThenNarrowedToCurrentRouteNeverWidened() {
        Set<Permission> many = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            many.add(Permission.parse("GET /resource-number-" + i + "/*").orElseThrow());
        }
        many.add(Permission.parse("GET /orders/*").orElseThrow());
        Policy policy = PolicyBuilder.build(grant(many), ROUTE);
        assertThat(policy.truncated()).isTrue();
        assertThat(policy.effect()).isEqualTo("Allow");
        assertThat(policy.resources()).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/orders/*");

        Policy elsewhere = PolicyBuilder.build(grant(many),
                MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/nothing"));
        assertThat(elsewhere.effect()).isEqualTo("Deny");
        assertThat(elsewhere.truncated()).isTrue();
    }
}
