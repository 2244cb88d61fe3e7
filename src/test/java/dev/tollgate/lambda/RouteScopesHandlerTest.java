package dev.tollgate.lambda;

import static dev.tollgate.lambda.AuthorizerHandlerTest.httpV2;
import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.MethodArn;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.Golden;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scopes per route through the real handler: the policy API Gateway caches for a token answers every
 * route as the authorizer would, the route a scope forbids included.
 */
class RouteScopesHandlerTest {
    static final String ROUTE_SCOPES = "{\"GET /orders/*\": [\"orders:read\"], \"POST /orders\": [\"orders:write\"], "
            + "\"* /admin/*\": [\"admin\"]}";
    private static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/";
    private static final List<String> ROUTES = List.of("GET/orders/42", "GET/orders/42/items", "POST/orders",
            "PUT/orders/42", "DELETE/admin/users/7", "GET/admin/users", "GET/reports/2026", "GET/orders");

    @RegisterExtension
    final CapturedLog log = new CapturedLog();
    private final ObjectMapper json = new ObjectMapper();
    // alice may call all of these; her token (scope "orders:read") lacks orders:write and admin.
    private final InMemoryPermissionStore store = new InMemoryPermissionStore()
            .grant("alice", "GET /orders/*", "POST /orders", "* /admin/*", "GET /reports/*");
    private final HandlerHarness scoped = new HandlerHarness(
            TestSettings.inlineKeys().with("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES).build(), store, MutableClock.atTestNow());

    @Test
    void restTokenWhenRouteScopesThenAllowOfPermittedRoutesAndDenyOfTheScopeLessOnes() throws Exception {
        String response = scoped.invoke(tokenEvent(TestTokens.token().bearer(), PREFIX + "GET/orders/42"));
        Golden.assertMatches(Golden.expected("rest-token-route-scopes"), response);
        // The route a scope forbids gets the very same policy: what API Gateway caches does not depend
        // on the route that filled the cache.
        assertThat(scoped.invoke(tokenEvent(TestTokens.token().bearer(), PREFIX + "POST/orders"))).isEqualTo(response);
    }

    @Test
    void httpV2IamWhenRouteScopesThenAllowAndDenyStatements() throws Exception {
        HandlerHarness iam = new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES)
                .with("TOLLGATE_HTTP_API_RESPONSE", "iam").build(), store, MutableClock.atTestNow());
        Golden.assertMatches(Golden.expected("http-v2-iam-route-scopes"),
                iam.invoke(httpV2(TestTokens.token().bearer(), PREFIX + "GET/orders/42")));
    }

    @Test
    void httpV2SimpleWhenScopeMissingForTheRouteThenNotAuthorized() throws Exception {
        Golden.assertMatches(Golden.expected("http-v2-simple-deny"),
                scoped.invoke(httpV2(TestTokens.token().bearer(), PREFIX + "POST/orders")));
        assertThat(scoped.invoke(httpV2(TestTokens.token().bearer(), PREFIX + "GET/orders/42")))
                .contains("\"isAuthorized\":true");
    }

    @Test
    void cachedPolicyWhenReusedForEveryRouteThenDeniesTheScopeLessRoutesAndAllowsTheOthers() throws Exception {
        for (String token : List.of(TestTokens.token().bearer(),
                TestTokens.token().claim("scope", null).claim("scp", List.of("orders:read", "orders:write")).bearer(),
                TestTokens.token().claim("scope", "orders:read admin").bearer())) {
            for (String first : ROUTES) {
                JsonNode cached = json.readTree(scoped.invoke(tokenEvent(token, PREFIX + first)));
                for (String route : ROUTES) {
                    Decision fresh = scoped.components().authorizer().authorize(token, MethodArn.parse(PREFIX + route));
                    assertThat(iamAllows(cached, PREFIX + route)).as("policy cached from %s, applied to %s", first, route)
                            .isEqualTo(fresh instanceof Decision.Allow);
                }
            }
        }
        String scopeRead = TestTokens.token().bearer();
        JsonNode cached = json.readTree(scoped.invoke(tokenEvent(scopeRead, PREFIX + "GET/orders/42")));
        assertThat(iamAllows(cached, PREFIX + "GET/orders/42")).isTrue();
        assertThat(iamAllows(cached, PREFIX + "GET/reports/2026")).isTrue();
        assertThat(iamAllows(cached, PREFIX + "POST/orders")).isFalse();
        assertThat(iamAllows(cached, PREFIX + "DELETE/admin/users/7")).isFalse();
    }

    @Test
    void decisionLineWhenScopeMissingForTheRouteThenInsufficientScopeNamingTheScopes() throws Exception {
        scoped.invoke(tokenEvent(TestTokens.token().bearer(), PREFIX + "DELETE/admin/users/7"));
        JsonNode line = decisionLine();
        assertThat(line.path("outcome").asText()).isEqualTo("DENY");
        assertThat(line.path("reason").asText()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(line.path("missingScopes").asText()).isEqualTo("admin");
    }

    @Test
    void decisionLineWhenAllowedThenNoMissingScopes() throws Exception {
        scoped.invoke(tokenEvent(TestTokens.token().bearer(), PREFIX + "GET/orders/42"));
        assertThat(decisionLine().has("missingScopes")).isFalse();
    }

    private JsonNode decisionLine() throws Exception {
        for (String text : log.text().split("\n")) {
            if (text.contains("\"tollgate.decision\"")) {
                return json.readTree(text);
            }
        }
        throw new AssertionError("no decision line in " + log.text());
    }

    /** IAM's evaluation of {@code execute-api:Invoke} on {@code arn}: an explicit Deny wins, then an Allow. */
    static boolean iamAllows(JsonNode response, String arn) {
        boolean allowed = false;
        for (JsonNode statement : response.path("policyDocument").path("Statement")) {
            for (JsonNode resource : statement.path("Resource")) {
                if (glob(resource.asText()).matcher(arn).matches()) {
                    if (statement.path("Effect").asText().equals("Deny")) {
                        return false;
                    }
                    allowed = true;
                }
            }
        }
        return allowed;
    }

    /** An IAM resource pattern: {@code *} any run of characters, {@code ?} one character. */
    private static Pattern glob(String resource) {
        StringBuilder regex = new StringBuilder();
        for (char c : resource.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
