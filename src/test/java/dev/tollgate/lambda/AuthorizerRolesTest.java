package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles from the identity provider through the real handler: the token's roles, the store, the cache, the context. */
class AuthorizerRolesTest {
    private static final String ADMIN_ARN = AuthorizerHandlerTest.ADMIN_ARN;
    private static final String ORDERS_ARN = AuthorizerHandlerTest.ARN;

    private final MutableClock clock = MutableClock.atTestNow();
    private final InMemoryPermissionStore store = new InMemoryPermissionStore()
            .grant("alice", "GET /orders/*")
            .grantRole("admins", "* /admin/*");

    private HandlerHarness harness(String rolesClaim) {
        return new HandlerHarness(TestSettings.inlineKeys().with("TOLLGATE_ROLES_CLAIM", rolesClaim)
                .with("TOLLGATE_CONTEXT_CLAIMS", "realm_access.roles,ext.tier").build(), store, clock);
    }

    @Test
    void handleWhenTokenNamesARoleThenItsPermissionsAllowAndOtherTokensOfThePrincipalDoNotShare() throws Exception {
        HandlerHarness harness = harness("cognito:groups");
        String admin = TestTokens.token().claim("cognito:groups", List.of("admins")).claim("jti", "1").bearer();
        String plain = TestTokens.token().claim("jti", "2").bearer();

        assertThat(harness.invoke(tokenEvent(admin, ADMIN_ARN))).contains("\"Effect\":\"Allow\"").contains("/admin/*");
        // Same principal, no roles: the cached answer of the admin token must not serve it. (The REST
        // policy lists what the principal may call, so a route not permitted is a policy without it.)
        assertThat(harness.invoke(tokenEvent(plain, ADMIN_ARN))).doesNotContain("/admin/");
        assertThat(harness.invoke(tokenEvent(admin, ADMIN_ARN))).contains("\"Effect\":\"Allow\"");
    }

    @Test
    void handleWhenPrincipalHasNoEntryButARoleThenAllowed() throws Exception {
        String token = TestTokens.token().subject("newcomer")
                .claim("realm_access", Map.of("roles", List.of("admins", "offline_access"))).bearer();

        assertThat(harness("realm_access.roles").invoke(tokenEvent(token, ADMIN_ARN))).contains("\"Effect\":\"Allow\"");
    }

    @Test
    void handleWhenNoRolesClaimConfiguredThenRolesInTheTokenAreIgnored() throws Exception {
        HandlerHarness harness = new HandlerHarness(TestSettings.inlineKeys().build(), store, clock);
        String token = TestTokens.token().claim("groups", List.of("admins")).bearer();

        assertThat(harness.invoke(tokenEvent(token, ADMIN_ARN))).doesNotContain("/admin/");
    }

    @Test
    void handleWhenTooManyRolesOrWrongTypeThenUnauthorized() {
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            roles.add("g" + i);
        }
        HandlerHarness harness = harness("groups");

        assertThatThrownBy(() -> harness.invoke(tokenEvent(TestTokens.token().claim("groups", roles).bearer(), ORDERS_ARN)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        assertThatThrownBy(() -> harness.invoke(tokenEvent(TestTokens.token().claim("groups", 3).bearer(), ORDERS_ARN)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
    }

    @Test
    void handleWhenStoreFailsForATokenWithRolesThenErrorNeverAllow() {
        store.failing(true);
        String token = TestTokens.token().claim("groups", List.of("admins")).bearer();

        assertThatThrownBy(() -> harness("groups").invoke(tokenEvent(token, ADMIN_ARN)))
                .isInstanceOf(AuthorizerFailureException.class)
                .hasMessage("Internal error: PERMISSION_STORE_UNAVAILABLE");
    }

    @Test
    void handleWhenContextClaimIsADottedPathThenScalarCopiedAndArraySkipped() throws Exception {
        String token = TestTokens.token().claim("realm_access", Map.of("roles", List.of("admins")))
                .claim("ext", Map.of("tier", "gold")).bearer();

        String response = harness("groups").invoke(tokenEvent(token, ORDERS_ARN));

        assertThat(response).contains("\"claim_ext_tier\":\"gold\"").doesNotContain("claim_realm_access_roles");
    }
}
