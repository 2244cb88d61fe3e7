package dev.tollgate.config;

import dev.tollgate.net.Hosts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates {@link Settings} from environment variables, once at init. The only reader of
 * the process environment: {@link #fromEnvironment()} alone calls {@code System.getenv()}.
 *
 * <p>A bad or missing value throws {@link SettingsException} naming the variable, which stops the
 * Lambda init with that message. Variables are checked in a fixed order, so the first bad one is the
 * one named. Names, defaults and units are listed in README.md ("Configuration") and on each
 * settings record's components.
 */
public final class SettingsReader {
    private SettingsReader() {}

    /** Every variable {@link #read(Map)} may read; the template test checks it against template.yaml. */
    public static final Set<String> VARIABLES = Set.of(
            "TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "TOLLGATE_JWKS_URI",
            "TOLLGATE_JWKS_FILE", "TOLLGATE_JWKS_JSON", "TOLLGATE_ISSUERS", "TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER",
            "TOLLGATE_ALGORITHMS",
            "TOLLGATE_CLOCK_SKEW_SECONDS", "TOLLGATE_PRINCIPAL_CLAIM", "TOLLGATE_TOKEN_HEADER",
            "TOLLGATE_MAX_TOKEN_BYTES", "TOLLGATE_REQUIRED_CLAIMS", "TOLLGATE_REQUIRED_SCOPES",
            "TOLLGATE_CONTEXT_CLAIMS", "TOLLGATE_HTTP_API_RESPONSE", "TOLLGATE_JWKS_CACHE_TTL_SECONDS",
            "TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS", "TOLLGATE_JWKS_MAX_STALE_SECONDS",
            "TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", "TOLLGATE_JWKS_READ_TIMEOUT_MS", "TOLLGATE_PERMISSIONS_TABLE",
            "TOLLGATE_DYNAMODB_CONSISTENT_READ", "TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS",
            "TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS", "TOLLGATE_DYNAMODB_MAX_RETRIES",
            "TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS", "TOLLGATE_PERMISSIONS_NEGATIVE_CACHE_TTL_SECONDS",
            "TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES", "TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS",
            "TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "TOLLGATE_PRIMING", "TOLLGATE_METRICS",
            "TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP", "TOLLGATE_ROLES_CLAIM", "TOLLGATE_ROUTE_SCOPES",
            "TOLLGATE_REVOCATION_CACHE_TTL_SECONDS",
            // sender-constrained tokens: SenderConstraintReader
            "TOLLGATE_REQUIRE_BOUND_TOKENS", "TOLLGATE_DPOP_PUBLIC_BASE_URL", "TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES");

    /** Reads and validates the process environment. */
    public static Settings fromEnvironment() {
        return read(System.getenv());
    }

    /**
     * Reads and validates settings from {@code env}.
     *
     * @param env variable names to values; a blank value counts as unset
     * @throws SettingsException naming the first bad or missing variable
     */
    public static Settings read(Map<String, String> env) {
        EnvironmentVariables vars = new EnvironmentVariables(env);
        List<IssuerSettings> issuers = rolesClaims(new IssuersReader(vars).issuers(), vars.raw("TOLLGATE_ROLES_CLAIM"));
        Set<String> algorithms = algorithms(vars);
        Duration clockSkew = vars.seconds("TOLLGATE_CLOCK_SKEW_SECONDS", VerifierSettings.DEFAULT_CLOCK_SKEW, 0, 600);
        String principalClaim = vars.text("TOLLGATE_PRINCIPAL_CLAIM", VerifierSettings.DEFAULT_PRINCIPAL_CLAIM);
        String tokenHeader = vars.headerName("TOLLGATE_TOKEN_HEADER", EdgeSettings.DEFAULT_TOKEN_HEADER);
        int maxTokenBytes = vars.integer("TOLLGATE_MAX_TOKEN_BYTES", VerifierSettings.DEFAULT_MAX_TOKEN_BYTES,
                256, 65_536);
        Map<String, String> requiredClaims = requiredClaims(vars, "TOLLGATE_REQUIRED_CLAIMS");
        RouteScopesReader routeScopes = new RouteScopesReader(vars);
        AuthorizerSettings authorizer = new AuthorizerSettings(
                new LinkedHashSet<>(vars.list("TOLLGATE_REQUIRED_SCOPES")), vars.list("TOLLGATE_CONTEXT_CLAIMS"),
                routeScopes.global(), routeScopes.byIssuer());
        HttpApiResponse httpApiResponse = vars.choice("TOLLGATE_HTTP_API_RESPONSE", HttpApiResponse.class,
                HttpApiResponse.SIMPLE);
        JwksSettings jwks = new JwksSettings(
                vars.seconds("TOLLGATE_JWKS_CACHE_TTL_SECONDS", JwksSettings.DEFAULT_CACHE_TTL, 1, 86_400),
                vars.seconds("TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS", JwksSettings.DEFAULT_MIN_REFRESH_INTERVAL,
                        1, 3600),
                vars.seconds("TOLLGATE_JWKS_MAX_STALE_SECONDS", JwksSettings.DEFAULT_MAX_STALE, 0, 7 * 86_400),
                vars.millis("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", JwksSettings.DEFAULT_CONNECT_TIMEOUT, 50, 10_000),
                vars.millis("TOLLGATE_JWKS_READ_TIMEOUT_MS", JwksSettings.DEFAULT_READ_TIMEOUT, 50, 10_000),
                JwksSettings.DEFAULT_MAX_BYTES);
        String table = vars.required("TOLLGATE_PERMISSIONS_TABLE");
        DynamoDbSettings dynamoDb = dynamoDb(vars);
        PermissionCacheSettings permissionCache = new PermissionCacheSettings(
                vars.seconds("TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS", PermissionCacheSettings.DEFAULT_TTL, 0, 86_400),
                vars.seconds("TOLLGATE_PERMISSIONS_NEGATIVE_CACHE_TTL_SECONDS",
                        PermissionCacheSettings.DEFAULT_NEGATIVE_TTL, 0, 86_400),
                vars.integer("TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES", PermissionCacheSettings.DEFAULT_MAX_ENTRIES,
                        0, 1_000_000),
                vars.seconds("TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS",
                        PermissionCacheSettings.DEFAULT_STALE_IF_ERROR, 0, 86_400),
                vars.seconds("TOLLGATE_REVOCATION_CACHE_TTL_SECONDS",
                        PermissionCacheSettings.DEFAULT_REVOCATION_TTL, 0, 86_400));
        int verifiedTokenCacheMaxEntries = vars.integer("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES",
                VerifierSettings.DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES, 0, 100_000);
        LogLevel logLevel = vars.choice("AWS_LAMBDA_LOG_LEVEL", LogLevel.class, LogLevel.INFO);
        boolean priming = vars.bool("TOLLGATE_PRIMING", true);
        // Set by Lambda: on-demand, provisioned-concurrency, snap-start or lambda-managed-instances.
        String initializationType = vars.raw("AWS_LAMBDA_INITIALIZATION_TYPE");
        boolean metrics = vars.bool("TOLLGATE_METRICS", true);
        SenderConstraintSettings senderConstraint = new SenderConstraintReader(vars).read(issuers);
        return new Settings(
                new VerifierSettings(issuers, algorithms, clockSkew, principalClaim, requiredClaims, maxTokenBytes,
                        verifiedTokenCacheMaxEntries, jwks),
                authorizer,
                new PermissionSettings(table, permissionCache),
                dynamoDb,
                new EdgeSettings(tokenHeader, httpApiResponse),
                new ObservabilitySettings(logLevel, metrics),
                new RuntimeSettings(priming, vars.raw("AWS_LAMBDA_FUNCTION_NAME") != null,
                        "snap-start".equals(initializationType),
                        initializationType != null && RuntimeSettings.PRIMED_AT_INIT.contains(initializationType)),
                senderConstraint);
    }

    /** Each issuer's roles claim: its own {@code rolesClaim} wins, else {@code TOLLGATE_ROLES_CLAIM} (may be null). */
    private static List<IssuerSettings> rolesClaims(List<IssuerSettings> issuers, String rolesClaim) {
        List<IssuerSettings> resolved = new ArrayList<>(issuers.size());
        for (IssuerSettings issuer : issuers) {
            resolved.add(issuer.rolesClaim() != null ? issuer : issuer.withRolesClaim(rolesClaim));
        }
        return List.copyOf(resolved);
    }

    private static Set<String> algorithms(EnvironmentVariables vars) {
        String name = "TOLLGATE_ALGORITHMS";
        List<String> values = vars.raw(name) == null
                ? List.copyOf(VerifierSettings.DEFAULT_ALGORITHMS) : vars.list(name);
        if (values.isEmpty()) {
            throw new SettingsException(name, "must name at least one algorithm");
        }
        Set<String> algorithms = new LinkedHashSet<>();
        for (String value : values) {
            if (value.equalsIgnoreCase("none") || value.toUpperCase(Locale.ROOT).startsWith("HS")) {
                throw new SettingsException(name, "may not contain '" + value
                        + "': unsigned and HMAC tokens are never accepted");
            }
            if (!VerifierSettings.SUPPORTED_ALGORITHMS.contains(value)) {
                throw new SettingsException(name, "has unsupported algorithm '" + value + "'; supported: "
                        + new TreeSet<>(VerifierSettings.SUPPORTED_ALGORITHMS));
            }
            algorithms.add(value);
        }
        return Collections.unmodifiableSet(algorithms);
    }

    private static Map<String, String> requiredClaims(EnvironmentVariables vars, String name) {
        Map<String, String> claims = new LinkedHashMap<>();
        for (String item : vars.list(name)) {
            int eq = item.indexOf('=');
            if (eq == 0) {
                throw new SettingsException(name, "has an entry without a claim name: '" + item + "'");
            }
            // "name" requires presence; "name=value" requires that exact string value.
            claims.put(eq < 0 ? item : item.substring(0, eq).strip(), eq < 0 ? null : item.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(claims);
    }

    // ---- DynamoDB: parsed and validated here; the effective endpoint is resolved by dynamodb/DynamoDbEndpoints

    private static DynamoDbSettings dynamoDb(EnvironmentVariables vars) {
        boolean consistentRead = vars.bool("TOLLGATE_DYNAMODB_CONSISTENT_READ", false);
        Duration apiCallTimeout = vars.millis("TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS",
                DynamoDbSettings.DEFAULT_API_CALL_TIMEOUT, 50, 30_000);
        Duration attemptTimeout = vars.millis("TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS",
                DynamoDbSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT, 50, 30_000);
        int maxRetries = vars.integer("TOLLGATE_DYNAMODB_MAX_RETRIES", DynamoDbSettings.DEFAULT_MAX_RETRIES, 0, 10);
        for (String property : List.of("aws.useFipsEndpoint", "aws.useDualstackEndpoint")) {
            // The AWS SDKs honour these too; tollgate reads the environment only, and FIPS must never
            // be dropped silently.
            if (System.getProperty(property) != null) {
                throw new SettingsException(property, "is a system property tollgate does not read; use the "
                        + "environment variable (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT)");
            }
        }
        String regionName = vars.raw("AWS_REGION") != null ? "AWS_REGION" : "AWS_DEFAULT_REGION";
        String region = vars.raw(regionName);
        if (region == null) {
            throw new SettingsException("AWS_REGION", "is required (Lambda always sets it)");
        }
        // The region becomes part of a host name: nothing but a region's characters may pass.
        if (!region.matches("[a-z0-9]+(-[a-z0-9]+)+")) {
            throw new SettingsException(regionName, "is not an AWS region name: '" + region + "'");
        }
        return new DynamoDbSettings(consistentRead, apiCallTimeout, attemptTimeout, maxRetries, region,
                explicitDynamoDbEndpoint(vars), vars.bool("AWS_USE_FIPS_ENDPOINT", false),
                vars.bool("AWS_USE_DUALSTACK_ENDPOINT", false));
    }

    /**
     * The explicit DynamoDB endpoint, from the variables the AWS SDKs read, in their
     * order: {@code AWS_ENDPOINT_URL_DYNAMODB}, then {@code AWS_ENDPOINT_URL} (both skipped when
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}); null when neither applies. An explicit
     * endpoint may be plain http on loopback, or elsewhere with
     * {@code TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true} ({@code sam local}, whose container reaches the
     * host by name). Like the SDK's endpoint rules, FIPS and dual-stack cannot be combined with an
     * explicit endpoint: FIPS must never be dropped silently.
     */
    private static URI explicitDynamoDbEndpoint(EnvironmentVariables vars) {
        boolean fips = vars.bool("AWS_USE_FIPS_ENDPOINT", false);
        boolean dualStack = vars.bool("AWS_USE_DUALSTACK_ENDPOINT", false);
        if (!vars.bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", false)) {
            for (String name : List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL")) {
                String value = vars.raw(name);
                if (value != null) {
                    if (fips) {
                        throw new SettingsException("AWS_USE_FIPS_ENDPOINT", "cannot be combined with " + name
                                + " (an explicit endpoint is not a FIPS endpoint; the AWS SDK refuses it too)");
                    }
                    if (dualStack) {
                        throw new SettingsException("AWS_USE_DUALSTACK_ENDPOINT", "cannot be combined with " + name
                                + " (an explicit endpoint is not a dual-stack endpoint; the AWS SDK refuses it too)");
                    }
                    URI uri = endpointUri(name, value);
                    if (uri.getScheme().equalsIgnoreCase("http") && !Hosts.isLoopback(uri.getHost())
                            && !vars.bool("TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP", false)) {
                        // Anyone on the path could forge an item (an Allow) and read the session token.
                        throw new SettingsException(name, "must use https, except for loopback hosts or with "
                                + "TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true (local stacks only): " + value);
                    }
                    return uri;
                }
            }
        }
        return null;
    }

    private static URI endpointUri(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new SettingsException(name, "is not a URI: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean rootPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !rootPath
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new SettingsException(name, "must be an http(s) URI with a host and no path, query or user: "
                    + value);
        }
        return uri;
    }
}
