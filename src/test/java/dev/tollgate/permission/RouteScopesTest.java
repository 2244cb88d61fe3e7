package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteScopesTest {
    private static RouteScopes orders() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("GET /orders/*", List.of("orders:read"));
        rules.put("POST /orders", List.of("orders:write"));
        rules.put("* /admin/*", List.of("admin"));
        return RouteScopes.of(rules);
    }

    @Test
    void missingWhenTokenHasTheScopeOfTheMatchingPatternThenEmpty() {
        assertThat(orders().missing("GET", "/orders/42", Set.of("orders:read"))).isEmpty();
        assertThat(orders().missing("GET", "/orders/42/items", Set.of("orders:read"))).isEmpty();
    }

    @Test
    void missingWhenNoPatternMatchesThenEmpty() {
        assertThat(orders().missing("GET", "/reports/1", Set.of())).isEmpty();
        // "GET /orders/*" does not match /orders itself, nor another verb.
        assertThat(orders().missing("GET", "/orders", Set.of())).isEmpty();
        assertThat(orders().missing("DELETE", "/orders/42", Set.of())).isEmpty();
    }

    @Test
    void missingWhenStarMethodThenEveryVerbNeedsTheScope() {
        for (String method : List.of("GET", "POST", "DELETE", "PATCH")) {
            assertThat(orders().missing(method, "/admin/users/7", Set.of("orders:read"))).containsExactly("admin");
        }
        assertThat(orders().missing("DELETE", "/admin/users/7", Set.of("admin"))).isEmpty();
    }

    @Test
    void missingWhenPatternsOverlapThenEveryMatchingPatternsScopesAreRequired() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("* /*", List.of("api"));
        rules.put("GET /orders/*", List.of("orders:read"));
        rules.put("GET /orders/*/items", List.of("items:read", "orders:read"));
        RouteScopes scopes = RouteScopes.of(rules);
        assertThat(scopes.missing("GET", "/orders/1/items", Set.of())).containsExactly("api", "orders:read", "items:read");
        assertThat(scopes.missing("GET", "/orders/1/items", Set.of("api", "orders:read"))).containsExactly("items:read");
        assertThat(scopes.missing("GET", "/orders/1", Set.of("api", "orders:read"))).isEmpty();
        assertThat(scopes.missing("POST", "/anything", Set.of("orders:read"))).containsExactly("api");
    }

    @Test
    void unmetWhenTokenLacksSomeScopesThenThosePatternsInConfiguredOrder() {
        assertThat(orders().unmet(Set.of("orders:read")))
                .containsExactly(Permission.parse("POST /orders").orElseThrow(), Permission.parse("* /admin/*").orElseThrow());
        assertThat(orders().unmet(Set.of("orders:read", "orders:write", "admin"))).isEmpty();
        assertThat(RouteScopes.NONE.unmet(Set.of())).isEmpty();
    }

    @Test
    void missingWhenScopesHaveUnusualCharactersThenComparedExactly() {
        RouteScopes scopes = RouteScopes.of(Map.of("GET /files/*",
                List.of("api://files.example/Files.Read", "ürün:lesen", "a\"b\\c", "https://x.example/s?x=1#y")));
        Set<String> all = Set.of("api://files.example/Files.Read", "ürün:lesen", "a\"b\\c", "https://x.example/s?x=1#y");
        assertThat(scopes.missing("GET", "/files/1", all)).isEmpty();
        assertThat(scopes.missing("GET", "/files/1", Set.of("api://files.example/files.read", "ürün:lesen",
                "a\"b\\c", "https://x.example/s?x=1#y"))).containsExactly("api://files.example/Files.Read");
    }

    @Test
    void ofWhenPatternInvalidThenRefusedNamingIt() {
        for (String bad : List.of("GET", "/orders", "FETCH /orders", "GET orders", "GET /a b", "", "GET /a?x")) {
            assertThatThrownBy(() -> RouteScopes.of(Map.of(bad, List.of("s")))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid route pattern '" + bad + "'");
        }
    }

    @Test
    void ofWhenTwoPatternsAreTheSameRouteThenRefused() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("get /orders", List.of("a"));
        rules.put("GET  /orders", List.of("b"));
        assertThatThrownBy(() -> RouteScopes.of(rules)).hasMessageContaining("'GET /orders' twice");
    }

    @Test
    void ofWhenPatternHasNoScopeThenRefused() {
        assertThatThrownBy(() -> RouteScopes.of(Map.of("GET /a", List.of()))).hasMessageContaining("no scope");
    }

    @Test
    void ofWhenEmptyThenNone() {
        assertThat(RouteScopes.of(Map.of())).isSameAs(RouteScopes.NONE);
        assertThat(RouteScopes.NONE.isEmpty()).isTrue();
    }

    @Test
    void forIssuerWhenIssuerHasOwnRulesThenTheyReplaceTheGlobalOnes() {
        RouteScopes own = RouteScopes.of(Map.of("GET /own", List.of("own")));
        IssuerRouteScopes byIssuer = new IssuerRouteScopes(orders(), Map.of("https://a.example", own));
        assertThat(byIssuer.forIssuer("https://a.example")).isSameAs(own);
        assertThat(byIssuer.forIssuer("https://b.example")).isSameAs(byIssuer.forIssuer("https://c.example"));
        assertThat(byIssuer.forIssuer("https://b.example").patterns()).hasSize(3);
        assertThat(IssuerRouteScopes.NONE.forIssuer("x")).isSameAs(RouteScopes.NONE);
    }
}
