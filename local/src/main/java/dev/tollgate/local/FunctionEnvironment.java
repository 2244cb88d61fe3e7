package dev.tollgate.local;

import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.DynaliteTables;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment the local stack gives the function: Lambda's own variables come from
 * {@code FunctionProcess}; these are tollgate's and the SDK's.
 */
final class FunctionEnvironment {

    /** The table name, as in {@code events/env.json}. */
    static final String TABLE = "tollgate-permissions";
    /** The template's {@code JAVA_TOOL_OPTIONS} (template.yaml, AuthorizerFunction). */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** The claim the local function reads roles from: {@code ./tollgate mint dave --claim groups=shippers}. */
    static final String ROLES_CLAIM = "groups";
    /** Scopes the local function requires per route: creating an order needs {@code orders:write}. */
    static final String ROUTE_SCOPES = "{\"POST /orders\": [\"orders:write\"]}";

    private FunctionEnvironment() {
    }

    /**
     * The variables, later ones winning: with a gateway the demo's (the development issuer, roles
     * from {@code groups}, the route scopes, revocation seen at once, the response format of the
     * emulated API); then {@code config.functionEnv()}; then the table's endpoint and credentials.
     *
     * @param jwksUri the development issuer's JWKS; only read with a gateway
     */
    static Map<String, String> of(StackConfig config, String jwksUri, URI dynamoDbEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        if (config.withGateway()) {
            env.put("TOLLGATE_ISSUER", DevKey.ISSUER);
            env.put("TOLLGATE_AUDIENCE", DevKey.AUDIENCE);
            env.put("TOLLGATE_JWKS_URI", jwksUri);
            // The stack's demo of roles from the token and of per-route scopes (local/README.md);
            // invoke keeps the events' own environment, so its answers match events/expected/.
            env.put("TOLLGATE_ROLES_CLAIM", ROLES_CLAIM);
            env.put("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES);
            // ./tollgate revoke takes effect at once in tollgate (the gateway's --ttl still applies).
            env.put("TOLLGATE_REVOCATION_CACHE_TTL_SECONDS", "0");
            env.putAll(config.api().functionEnvironment());
        }
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.putAll(config.functionEnv());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
        env.putIfAbsent("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        return env;
    }
}
