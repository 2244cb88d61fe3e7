package dev.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.permission.Permission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        assertThat(policy.statements()).singleElement().extracting(Policy.Statement::effect).isEqualTo("Allow");
        assertThat(policy.statements().get(0).resources()).containsExactly(
                "arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/orders/*",
                "arn:aws:execute-api:eu-west-1:123456789012:api1/prod/POST/orders");
        assertThat(policy.truncated()).isFalse();
    }

    @Test
    void buildWhenNoPermissionsThenExplicitDenyOfStage() {
        Policy policy = PolicyBuilder.build(grant(Set.of()), ROUTE);
        assertThat(policy.statements()).singleElement().extracting(Policy.Statement::effect).isEqualTo("Deny");
        assertThat(policy.statements().get(0).resources()).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/*");
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
        assertThat(policy.statements()).singleElement().extracting(Policy.Statement::effect).isEqualTo("Allow");
        assertThat(policy.statements().get(0).resources()).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/orders/*");

        Policy elsewhere = PolicyBuilder.build(grant(many),
                MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/nothing"));
        assertThat(elsewhere.statements()).singleElement().extracting(Policy.Statement::effect).isEqualTo("Deny");
        assertThat(elsewhere.truncated()).isTrue();
    }

    private static final String STAGE = "arn:aws:execute-api:eu-west-1:123456789012:api1/prod/";

    private static Grant grant(Set<Permission> permissions, String... denied) {
        List<Permission> deniedRoutes = new ArrayList<>();
        for (String pattern : denied) {
            deniedRoutes.add(Permission.parse(pattern).orElseThrow());
        }
        return new Grant("alice", permissions, deniedRoutes, Map.of(), null);
    }

    private static Set<Permission> permissions(String... texts) {
        Set<Permission> set = new HashSet<>();
        for (String text : texts) {
            set.add(Permission.parse(text).orElseThrow());
        }
        return set;
    }

    @Test
    void buildWhenDeniedRoutesThenAllowStatementThenDenyStatementSorted() {
        Policy policy = PolicyBuilder.build(grant(permissions("GET /orders/*", "POST /orders", "* /admin/*"),
                "POST /orders", "* /admin/*"), ROUTE);
        assertThat(policy.truncated()).isFalse();
        assertThat(policy.statements()).containsExactly(
                new Policy.Statement("Allow", List.of(STAGE + "*/admin/*", STAGE + "GET/orders/*", STAGE + "POST/orders")),
                new Policy.Statement("Deny", List.of(STAGE + "*/admin/*", STAGE + "POST/orders")));
    }

    @Test
    void buildWhenDeniedRoutesButNoPermissionsThenTheSingleDenyOfTheStage() {
        Policy policy = PolicyBuilder.build(grant(Set.of(), "POST /orders"), ROUTE);
        assertThat(policy.statements()).containsExactly(new Policy.Statement("Deny", List.of(STAGE + "*")));
        assertThat(policy.truncated()).isFalse();
    }

    @Test
    void buildWhenPatternMatchesEverythingThenDenyOfEveryMethodAndPath() {
        Policy policy = PolicyBuilder.build(grant(permissions("GET /orders/*"), "* /*"), ROUTE);
        assertThat(policy.statements()).containsExactly(
                new Policy.Statement("Allow", List.of(STAGE + "GET/orders/*")),
                new Policy.Statement("Deny", List.of(STAGE + "*/*")));
    }

    @Test
    void buildWhenAllowsAndDeniesExceedTheBudgetThenAllowNarrowedAndEveryDenyKept() {
        Set<Permission> many = permissions("GET /orders/*", "POST /orders");
        for (int i = 0; i < 100; i++) {
            many.add(Permission.parse("GET /resource-number-" + i + "/*").orElseThrow());
        }
        String[] denied = new String[40];
        for (int i = 0; i < denied.length; i++) {
            denied[i] = "POST /denied-route-number-" + i;
        }
        // Each part alone fits; together they do not.
        assertThat(PolicyBuilder.build(grant(many), ROUTE).truncated()).isFalse();
        Policy policy = PolicyBuilder.build(grant(many, denied), ROUTE);
        assertThat(policy.truncated()).isTrue();
        assertThat(policy.statements()).hasSize(2);
        assertThat(policy.statements().get(0)).isEqualTo(new Policy.Statement("Allow", List.of(STAGE + "GET/orders/*")));
        assertThat(policy.statements().get(1).effect()).isEqualTo("Deny");
        assertThat(policy.statements().get(1).resources()).hasSize(denied.length);
        int chars = 0;
        for (Policy.Statement statement : policy.statements()) {
            for (String resource : statement.resources()) {
                chars += resource.length() + 3;
            }
        }
        assertThat(chars).isLessThanOrEqualTo(PolicyBuilder.MAX_RESOURCE_CHARS);
    }

    @Test
    void buildWhenDeniesAloneExceedTheBudgetThenDenyOfTheStageNeverWidened() {
        String[] denied = new String[200];
        for (int i = 0; i < denied.length; i++) {
            denied[i] = "POST /denied-route-number-" + i;
        }
        Policy policy = PolicyBuilder.build(grant(permissions("GET /orders/*"), denied), ROUTE);
        assertThat(policy.truncated()).isTrue();
        assertThat(policy.statements()).containsExactly(new Policy.Statement("Deny", List.of(STAGE + "*")));
    }

    @Test
    void buildWhenADeniedResourceIsTooLongThenDenyOfTheStage() {
        Policy policy = PolicyBuilder.build(grant(permissions("GET /orders/*"), "GET /" + "x".repeat(399)),
                MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:api1/" + "s".repeat(128) + "/GET/orders/1"));
        assertThat(policy.truncated()).isTrue();
        assertThat(policy.statements()).singleElement().extracting(Policy.Statement::effect).isEqualTo("Deny");
    }

    @Test
    void buildWhenNoDeniedRoutesThenOneStatementAsWithoutRouteScopes() {
        Policy policy = PolicyBuilder.build(grant(permissions("GET /orders/*")), ROUTE);
        assertThat(policy).isEqualTo(new Policy("Allow", List.of(STAGE + "GET/orders/*"), false));
    }
}
