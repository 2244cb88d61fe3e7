package dev.tollgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scopes per route: the JSON object of {@code TOLLGATE_ROUTE_SCOPES}, and the
 * {@code routeScopes} object of each {@code TOLLGATE_ISSUERS} entry. Both map a route pattern
 * ({@code "<METHOD> <path>"}) to a non-empty array of scope strings.
 *
 * <p>The JSON shape is checked here; the patterns' syntax is the permission syntax, checked where it
 * is defined when the Authorizer is wired (the permission package depends on this one, so this one
 * cannot call it).
 */
final class RouteScopesReader {
    static final String ROUTE_SCOPES = "TOLLGATE_ROUTE_SCOPES";
    static final String ISSUER_FIELD = "routeScopes";

    private final EnvironmentVariables vars;

    RouteScopesReader(EnvironmentVariables vars) {
        this.vars = vars;
    }

    /** {@code TOLLGATE_ROUTE_SCOPES}; empty when unset. */
    Map<String, Set<String>> global() {
        String json = vars.raw(ROUTE_SCOPES);
        if (json == null) {
            return Map.of();
        }
        JsonNode root = read(ROUTE_SCOPES, json);
        return scopesByPattern(ROUTE_SCOPES, "", root);
    }

    /** Issuer to its own {@code routeScopes}, for the {@code TOLLGATE_ISSUERS} entries that have one. */
    Map<String, Map<String, Set<String>>> byIssuer() {
        String json = vars.raw(IssuersReader.ISSUERS);
        // Parsed whenever present: a substring test would miss the attribute written with a JSON
        // escape, which Jackson reads all the same, and drop the scopes it requires.
        if (json == null) {
            return Map.of();
        }
        JsonNode root = read(IssuersReader.ISSUERS, json);
        Map<String, Map<String, Set<String>>> byIssuer = new LinkedHashMap<>();
        for (JsonNode node : root) {
            JsonNode rules = node.path(ISSUER_FIELD);
            if (rules.isMissingNode()) {
                continue;
            }
            // IssuersReader has already required a string issuer (or a valid Cognito pool) in every entry;
            // a pool's rules apply to each issuer its tokens may name.
            for (String issuer : CognitoPresetReader.issuerNames(node)) {
                byIssuer.put(issuer, scopesByPattern(IssuersReader.ISSUERS, "issuer " + issuer + ": '" + ISSUER_FIELD
                        + "' ", rules));
            }
        }
        return Collections.unmodifiableMap(byIssuer);
    }

    /** Parses {@code json}, refusing a repeated key anywhere (it would drop a pattern's scopes silently). */
    private static JsonNode read(String name, String json) {
        try (JsonParser parser = JsonTrees.FACTORY.createParser(json)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            while (parser.nextToken() != null) {
                // Every token is read: the parser checks each object's keys as it goes.
            }
        } catch (JsonProcessingException e) {
            throw new SettingsException(name, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SettingsException(name, "cannot be read: " + e.getMessage());
        }
        try {
            return JsonTrees.read(json);
        } catch (JsonProcessingException e) {
            throw new SettingsException(name, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Set<String>> scopesByPattern(String name, String where, JsonNode rules) {
        if (!rules.isObject()) {
            throw new SettingsException(name, where + "must be a JSON object of route patterns to scope arrays");
        }
        Map<String, Set<String>> scopesByPattern = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> rule = it.next();
            String pattern = rule.getKey();
            JsonNode scopes = rule.getValue();
            if (!scopes.isArray() || scopes.isEmpty()) {
                throw new SettingsException(name, where + "route pattern '" + pattern
                        + "' needs a non-empty array of scope strings");
            }
            Set<String> set = new LinkedHashSet<>();
            for (JsonNode scope : scopes) {
                if (!scope.isTextual() || !isScope(scope.asText())) {
                    throw new SettingsException(name, where + "route pattern '" + pattern
                            + "' has a scope that is not a non-empty string without whitespace");
                }
                set.add(scope.asText());
            }
            scopesByPattern.put(pattern, Collections.unmodifiableSet(set));
        }
        return Collections.unmodifiableMap(scopesByPattern);
    }

    /** Tokens carry scopes space-separated: a scope never holds whitespace or a control character. */
    private static boolean isScope(String scope) {
        if (scope.isEmpty()) {
            return false;
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }
}
