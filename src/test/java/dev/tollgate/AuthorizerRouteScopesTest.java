package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.lambda.HandlerHarness;
import dev.tollgate.permission.Permission;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DenyReason;
import dev.tollgate.policy.MethodArn;
import dev.tollgate.policy.Policy;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Authorizer} with scopes per route: permissions AND every matching pattern's scopes. */
class AuthorizerRouteScopesTest {
    private static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/";
    private static final String OTHER_ISSUER = "https://other.test.example";
    private final InMemoryPermissionStore store = new InMemoryPermissionStore()
            .grant("alice", "GET /orders/*", "POST /orders", "* /admin/*");

    private Authorizer authorizer(String routeScopes) {
        return new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_ROUTE_SCOPES", routeScopes).build(), store,
                MutableClock.atTestNow()).components().authorizer();
    }

    private static Decision decide(Authorizer authorizer, String token, String route) {
        return authorizer.authorize(token, MethodArn.parse(PREFIX + route));
    }

    private static final String ORDERS = "{\"GET /orders/*\": [\"orders:read\"], \"POST /orders\": [\"orders:write\"], "
            + "\"* /admin/*\": [\"admin\"]}";

    @Test
    void authorizeWhenPermittedAndScopesPresentThenAllow() {
        assertThat(decide(authorizer(ORDERS), TestTokens.token().bearer(), "GET/orders/42")).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void authorizeWhenPermittedButScopeMissingThenInsufficientScopeNamingIt() {
        Decision decision = decide(authorizer(ORDERS), TestTokens.token().bearer(), "POST/orders");
        assertThat(decision).isInstanceOf(Decision.Deny.class);
        Decision.Deny deny = (Decision.Deny) decision;
        assertThat(deny.reason()).isEqualTo(DenyReason.INSUFFICIENT_SCOPE);
        assertThat(deny.missingScopes()).containsExactly("orders:write");
        assertThat(deny.grant().deniedRoutes()).containsExactly(Permission.parse("POST /orders").orElseThrow(),
                Permission.parse("* /admin/*").orElseThrow());
        assertThat(deny.policy().statements()).extracting(Policy.Statement::effect).containsExactly("Allow", "Deny");
    }

    @Test
    void authorizeWhenNotPermittedThenRouteNotPermittedWhateverTheScopes() {
        Decision.Deny deny = (Decision.Deny) decide(authorizer(ORDERS), TestTokens.token().bearer(), "GET/reports/1");
        assertThat(deny.reason()).isEqualTo(DenyReason.ROUTE_NOT_PERMITTED);
        assertThat(deny.missingScopes()).isEmpty();
        // Its policy is cached for the other routes too: the Deny statements are there as well.
        assertThat(deny.policy().statements()).hasSize(2);
    }

    @Test
    void authorizeWhenStarMethodPatternThenEveryVerbNeedsTheScope() {
        Authorizer authorizer = authorizer(ORDERS);
        for (String route : List.of("GET/admin/users", "DELETE/admin/users/7", "PATCH/admin/x")) {
            assertThat(decide(authorizer, TestTokens.token().bearer(), route).reasonCode()).isEqualTo("INSUFFICIENT_SCOPE");
            assertThat(decide(authorizer, TestTokens.token().claim("scope", "admin").bearer(), route))
                    .isInstanceOf(Decision.Allow.class);
        }
    }

    @Test
    void authorizeWhenScpArrayOrScopeStringThenTheSameScopes() {
        Authorizer authorizer = authorizer(ORDERS);
        String scopeString = TestTokens.token().claim("scope", "orders:read orders:write").bearer();
        String scpArray = TestTokens.token().claim("scope", null).claim("scp", List.of("orders:read", "orders:write")).bearer();
        String scpString = TestTokens.token().claim("scope", null).claim("scp", "orders:read orders:write").bearer();
        for (String token : List.of(scopeString, scpArray, scpString)) {
            assertThat(decide(authorizer, token, "POST/orders")).isInstanceOf(Decision.Allow.class);
            assertThat(decide(authorizer, token, "GET/orders/1")).isInstanceOf(Decision.Allow.class);
            assertThat(decide(authorizer, token, "PUT/admin/1").reasonCode()).isEqualTo("INSUFFICIENT_SCOPE");
        }
        String noScopes = TestTokens.token().claim("scope", null).bearer();
        assertThat(((Decision.Deny) decide(authorizer, noScopes, "GET/orders/1")).missingScopes()).containsExactly("orders:read");
    }

    @Test
    void authorizeWhenPatternMatchesEverythingThenEveryRouteNeedsItsScope() {
        Authorizer authorizer = authorizer("{\"* /*\": [\"api\"]}");
        Decision.Deny deny = (Decision.Deny) decide(authorizer, TestTokens.token().bearer(), "GET/orders/1");
        assertThat(deny.reason()).isEqualTo(DenyReason.INSUFFICIENT_SCOPE);
        assertThat(deny.policy().statements().get(1))
                .isEqualTo(new Policy.Statement("Deny", List.of(PREFIX + "*/*")));
        assertThat(decide(authorizer, TestTokens.token().claim("scope", "orders:read api").bearer(), "GET/orders/1"))
                .isInstanceOf(Decision.Allow.class);
    }

    @Test
    void authorizeWhenPatternsOverlapThenEveryMatchingPatternsScopesAreRequired() {
        Authorizer authorizer = authorizer("{\"GET /orders/*\": [\"orders:read\"], \"GET /orders/*/items\": [\"items:read\"]}");
        assertThat(((Decision.Deny) decide(authorizer, TestTokens.token().bearer(), "GET/orders/1/items")).missingScopes())
                .containsExactly("items:read");
        assertThat(((Decision.Deny) decide(authorizer, TestTokens.token().claim("scope", "items:read").bearer(),
                "GET/orders/1/items")).missingScopes()).containsExactly("orders:read");
        assertThat(decide(authorizer, TestTokens.token().claim("scope", "items:read orders:read").bearer(),
                "GET/orders/1/items")).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void authorizeWhenScopeHasUnusualCharactersThenMatchedExactly() {
        Authorizer authorizer = authorizer("{\"GET /orders/*\": [\"api://orders.example/Orders.Read\"]}");
        assertThat(decide(authorizer, TestTokens.token().claim("scope", null).claim("scp", List.of("api://orders.example/Orders.Read")).bearer(),
                "GET/orders/1")).isInstanceOf(Decision.Allow.class);
        assertThat(decide(authorizer, TestTokens.token().claim("scope", "api://orders.example/orders.read").bearer(),
                "GET/orders/1").reasonCode()).isEqualTo("INSUFFICIENT_SCOPE");
    }

    @Test
    void authorizeWhenIssuerHasOwnRouteScopesThenTheyReplaceTheGlobalOnesForItsTokensOnly() {
        String issuers = "[{\"issuer\": \"" + TestTokens.ISSUER + "\", \"audiences\": [\"" + TestTokens.AUDIENCE + "\"], "
                + "\"jwks\": " + TestKeys.jwks() + ", \"routeScopes\": {\"GET /orders/*\": [\"special\"]}},"
                + "{\"issuer\": \"" + OTHER_ISSUER + "\", \"audiences\": [\"" + TestTokens.AUDIENCE + "\"], \"jwks\": "
                + TestKeys.jwks() + "}]";
        Authorizer authorizer = new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null)
                .with("TOLLGATE_AUDIENCE", null).with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUERS", issuers)
                .with("TOLLGATE_ROUTE_SCOPES", "{\"POST /orders\": [\"orders:write\"]}").build(), store,
                MutableClock.atTestNow()).components().authorizer();
        String own = TestTokens.token().bearer();
        assertThat(((Decision.Deny) decide(authorizer, own, "GET/orders/1")).missingScopes()).containsExactly("special");
        assertThat(decide(authorizer, own, "POST/orders")).isInstanceOf(Decision.Allow.class);
        String other = TestTokens.token().claim("iss", OTHER_ISSUER).bearer();
        assertThat(decide(authorizer, other, "GET/orders/1")).isInstanceOf(Decision.Allow.class);
        assertThat(((Decision.Deny) decide(authorizer, other, "POST/orders")).missingScopes()).containsExactly("orders:write");
    }

    @Test
    void authorizeWhenNoRouteScopesThenOneStatementAndNoDeniedRoutes() {
        Authorizer authorizer = new HandlerHarness(TestSettings.inlineKeys().build(), store, MutableClock.atTestNow())
                .components().authorizer();
        Decision.Allow allow = (Decision.Allow) decide(authorizer, TestTokens.token().bearer(), "POST/orders");
        assertThat(allow.grant().deniedRoutes()).isEmpty();
        assertThat(allow.policy().statements()).hasSize(1);
    }
}
