package dev.tollgate.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.AuthorizerSettings;
import dev.tollgate.config.SettingsException;
import dev.tollgate.permission.IssuerRouteScopes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route patterns are parsed with the permission syntax when the Authorizer is wired, at init. */
class RouteScopesWiringTest {
    private static AuthorizerSettings settings(Map<String, Set<String>> global, Map<String, Map<String, Set<String>>> byIssuer) {
        return new AuthorizerSettings(Set.of(), List.of(), global, byIssuer);
    }

    @Test
    void routeScopesWhenNoneConfiguredThenNone() {
        assertThat(Components.routeScopes(AuthorizerSettings.DEFAULTS)).isSameAs(IssuerRouteScopes.NONE);
    }

    @Test
    void routeScopesWhenGlobalPatternInvalidThenSettingsExceptionNamingTheVariableAndPattern() {
        for (String bad : List.of("GET", "FETCH /a", "GET a", "GET /a b", "/a")) {
            assertThatThrownBy(() -> Components.routeScopes(settings(Map.of(bad, Set.of("s")), Map.of())))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("TOLLGATE_ROUTE_SCOPES has an invalid route pattern '" + bad + "'")
                    .extracting(e -> ((SettingsException) e).variable()).isEqualTo("TOLLGATE_ROUTE_SCOPES");
        }
    }

    @Test
    void routeScopesWhenIssuerPatternInvalidThenSettingsExceptionNamingIssuersAndTheIssuer() {
        assertThatThrownBy(() -> Components.routeScopes(settings(Map.of(),
                Map.of("https://a.example", Map.of("GET orders", Set.of("s"))))))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("TOLLGATE_ISSUERS issuer https://a.example: 'routeScopes' has an invalid route pattern");
    }

    @Test
    void routeScopesWhenSameRouteTwiceAfterParsingThenSettingsException() {
        Map<String, Set<String>> twice = new java.util.LinkedHashMap<>();
        twice.put("get /a", Set.of("x"));
        twice.put("GET /a", Set.of("y"));
        assertThatThrownBy(() -> Components.routeScopes(settings(twice, Map.of())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("twice");
    }
}
