package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code TOLLGATE_ROUTE_SCOPES} and the per-issuer {@code routeScopes}: shape checked strictly at init. */
class SettingsReaderRouteScopesTest {
    private static Map<String, String> env(String routeScopes) {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_ROUTE_SCOPES", routeScopes);
        return env;
    }

    private static Map<String, String> issuers(String json) {
        return SettingsReaderTest.withIssuers(json);
    }

    @Test
    void readWhenUnsetThenNoRouteScopes() {
        AuthorizerSettings authorizer = SettingsReader.read(SettingsReaderTest.minimal()).authorizer();
        assertThat(authorizer.routeScopes()).isEmpty();
        assertThat(authorizer.issuerRouteScopes()).isEmpty();
    }

    @Test
    void readWhenRouteScopesThenPatternsToScopesInConfiguredOrder() {
        AuthorizerSettings authorizer = SettingsReader.read(env("{\"GET /orders/*\": [\"orders:read\"], "
                + "\"POST /orders\": [\"orders:write\", \"orders:read\"], \"* /admin/*\": [\"admin\"]}")).authorizer();
        assertThat(authorizer.routeScopes()).containsOnlyKeys("GET /orders/*", "POST /orders", "* /admin/*");
        assertThat(authorizer.routeScopes().keySet()).containsExactly("GET /orders/*", "POST /orders", "* /admin/*");
        assertThat(authorizer.routeScopes().get("POST /orders")).containsExactly("orders:write", "orders:read");
    }

    @Test
    void readWhenScopesHaveUnusualCharactersThenKeptExactly() {
        AuthorizerSettings authorizer = SettingsReader.read(env(
                "{\"GET /files/*\": [\"api://files.example/Files.Read\", \"\u00fcr\u00fcn:lesen\", \"a\\\"b\\\\c\"]}")).authorizer();
        assertThat(authorizer.routeScopes().get("GET /files/*"))
                .containsExactly("api://files.example/Files.Read", "\u00fcr\u00fcn:lesen", "a\"b\\c");
    }

    @Test
    void readWhenRouteScopesMalformedThenSettingsExceptionNamingTheVariable() {
        for (String bad : List.of("not json", "{\"GET /a\": [\"s\"]} trailing", "[\"GET /a\"]", "\"GET /a\"",
                "{\"GET /a\": \"s\"}", "{\"GET /a\": []}", "{\"GET /a\": [1]}", "{\"GET /a\": [null]}",
                "{\"GET /a\": [[\"s\"]]}", "{\"GET /a\": [\"\"]}", "{\"GET /a\": [\"two words\"]}",
                "{\"GET /a\": [\"tab\\tbed\"]}", "{\"GET /a\": [\"s\"], \"GET /a\": [\"t\"]}")) {
            assertThatThrownBy(() -> SettingsReader.read(env(bad))).as(bad).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("TOLLGATE_ROUTE_SCOPES ")
                    .extracting(e -> ((SettingsException) e).variable()).isEqualTo("TOLLGATE_ROUTE_SCOPES");
        }
    }

    @Test
    void readWhenIssuerHasRouteScopesThenKeptForThatIssuerOnly() {
        AuthorizerSettings authorizer = SettingsReader.read(issuers("[{\"issuer\": \"https://a.example.com\", "
                + "\"audiences\": [\"x\"], \"routeScopes\": {\"GET /a/*\": [\"a:read\"]}},"
                + "{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"], \"routeScopes\": {}},"
                + "{\"issuer\": \"https://c.example.com\", \"audiences\": [\"x\"]}]")).authorizer();
        assertThat(authorizer.issuerRouteScopes()).containsOnlyKeys("https://a.example.com", "https://b.example.com");
        assertThat(authorizer.issuerRouteScopes().get("https://a.example.com")).containsOnlyKeys("GET /a/*");
        assertThat(authorizer.issuerRouteScopes().get("https://b.example.com")).isEmpty();
    }

    @Test
    void readWhenIssuerRouteScopesMalformedThenSettingsExceptionNamingIssuers() {
        for (String bad : List.of("[\"GET /a\"]", "{\"GET /a\": [2]}", "{\"GET /a\": []}", "\"x\"",
                "{\"GET /a\": [\"s\"], \"GET /a\": [\"s\"]}")) {
            String json = "[{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], \"routeScopes\": " + bad + "}]";
            assertThatThrownBy(() -> SettingsReader.read(issuers(json))).as(bad).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("TOLLGATE_ISSUERS ");
        }
    }

    @Test
    void readWhenAnIssuerEntryRepeatsAnAttributeThenRefused() {
        // Which of two "audiences" (or two "routeScopes") counts is a guess no reader should make.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsReader.read(issuers(
                "[{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], \"audiences\": [\"y\"]}]")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("TOLLGATE_ISSUERS")
                .hasMessageContaining("Duplicate field 'audiences'");
    }
}
