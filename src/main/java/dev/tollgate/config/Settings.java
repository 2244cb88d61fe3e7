package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything tollgate is configured with, read once at init from the environment and validated.
 *
 * <p>{@link #from(Map)} is the only place that reads configuration; a bad or missing value throws
 * {@link SettingsException} naming the variable, which stops the Lambda init with that message.
 * Variable names, defaults and units are listed in README.md ("Configuration").
 *
 * @param issuers              trusted issuers, each with its audiences and key source; at least one
 * @param algorithms           accepted JWS algorithms (asymmetric only)
 * @param clockSkew            tolerance for exp, nbf and iat
 * @param principalClaim       claim naming the principal (the DynamoDB partition key value)
 * @param tokenHeader          header carrying the bearer token in REQUEST and HTTP API events
 * @param maxTokenBytes        tokens longer than this are rejected before any parsing
 * @param requiredClaims       claims every token must carry, optionally with an exact value
 * @param requiredScopes       scopes every token must carry (else 403)
 * @param contextClaims        extra token claims copied into the authorizer context
 * @param httpApiResponse      HTTP API payload 2.0 answer: simple response or IAM policy
 * @param jwks                 key cache behaviour
 * @param permissionsTable     DynamoDB table holding permissions
 * @param dynamoDb             DynamoDB client behaviour
 * @param permissionCache      permission cache behaviour
 * @param verifiedTokenCacheMaxEntries bound of the cache of already verified tokens; 0 disables it
 * @param logLevel             minimum level of tollgate's own log lines
 * @param priming              run SnapStart priming in beforeCheckpoint
 * @param metrics              make every decision line a CloudWatch EMF document (adds ~600 bytes a line)
 * @param inLambda             running in AWS Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set): no
 *                             local AWS profile files are consulted
 * @param snapStart            this init is a SnapStart one ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}):
 *                             a snapshot follows, so init opens no connection that would be captured
 */
public record Settings(
        List<IssuerSettings> issuers,
        Set<String> algorithms,
        Duration clockSkew,
        String principalClaim,
        String tokenHeader,
        int maxTokenBytes,
        Map<String, String> requiredClaims,
        Set<String> requiredScopes,
        List<String> contextClaims,
        HttpApiResponse httpApiResponse,
        JwksSettings jwks,
        String permissionsTable,
        DynamoDbSettings dynamoDb,
        PermissionCacheSettings permissionCache,
        int verifiedTokenCacheMaxEntries,
        LogLevel logLevel,
        boolean priming,
        boolean metrics,
        boolean inLambda,
        boolean snapStart) {

    public static final String DEFAULT_ALGORITHMS = "RS256,ES256";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final String DEFAULT_PRINCIPAL_CLAIM = "sub";
    public static final String DEFAULT_TOKEN_HEADER = "Authorization";
    /** Real access tokens are 1-4 KB; 8 KB leaves room and bounds the work a stranger can cause. */
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    public static final int DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 1000;

    /** Asymmetric algorithms tollgate can verify. {@code none} and HMAC are never accepted. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    /** Shape of the answer to HTTP API payload 2.0 events. */
    public enum HttpApiResponse { SIMPLE, IAM }

    /** Log levels, ordered; names follow AWS_LAMBDA_LOG_LEVEL. */
    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR, FATAL }

    /**
     * One trusted issuer.
     *
     * @param issuer      exact expected {@code iss}
     * @param audiences   accepted {@code aud} values (any one must match)
     * @param acceptClientIdAsAudience also accept {@code client_id} (Cognito access tokens have no aud)
     * @param jwksUri     where the keys are; null means "from the issuer's discovery document"
     * @param jwksJson    a JWK set given directly (local use); when set no HTTP fetch happens
     */
    public record IssuerSettings(
            String issuer, Set<String> audiences, boolean acceptClientIdAsAudience, URI jwksUri, String jwksJson) {

        public IssuerSettings {
            audiences = Set.copyOf(audiences);
        }

        /** The discovery document URI: {@code <issuer>/.well-known/openid-configuration}. */
        public URI discoveryUri() {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            return URI.create(base + "/.well-known/openid-configuration");
        }
    }

    /**
     * JWKS cache behaviour.
     *
     * @param cacheTtl           a fetched key set is fresh for this long
     * @param minRefreshInterval at most one refetch per interval on unknown {@code kid}s (DoS guard)
     * @param maxStale           while the issuer is unreachable, keys are served this long past their
     *                           TTL; after that (or once a refetch drops a key) a key stops being trusted
     * @param connectTimeout     HTTP connect timeout
     * @param readTimeout        HTTP read timeout
     * @param maxBytes           a JWKS or discovery document larger than this is refused
     */
    public record JwksSettings(
            Duration cacheTtl, Duration minRefreshInterval, Duration maxStale,
            Duration connectTimeout, Duration readTimeout, int maxBytes) {

        public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
        public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
        public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(1500);
        public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    }

    /**
     * DynamoDB client behaviour.
     *
     * @param consistentRead     strongly consistent reads (default eventually consistent)
     * @param apiCallTimeout     whole call, retries included
     * @param apiCallAttemptTimeout one HTTP attempt
     * @param maxRetries         retries after the first attempt
     * @param region             signing region ({@code AWS_REGION})
     * @param endpoint           an explicit endpoint ({@code AWS_ENDPOINT_URL_DYNAMODB} or
     *                           {@code AWS_ENDPOINT_URL}); null means DynamoDB's regional endpoint in the
     *                           region's partition, which the DynamoDB adapter resolves with the SDK's
     *                           partition metadata
     * @param fips               {@code AWS_USE_FIPS_ENDPOINT=true}: the regional FIPS endpoint (never with an
     *                           explicit endpoint)
     * @param dualStack          {@code AWS_USE_DUALSTACK_ENDPOINT=true}: the regional dual-stack (IPv4 and
     *                           IPv6) endpoint (never with an explicit endpoint)
     */
    public record DynamoDbSettings(
            boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxRetries,
            String region, URI endpoint, boolean fips, boolean dualStack) {

        /** Neither FIPS nor dual-stack. */
        public DynamoDbSettings(boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout,
                int maxRetries, String region, URI endpoint) {
            this(consistentRead, apiCallTimeout, apiCallAttemptTimeout, maxRetries, region, endpoint, false, false);
        }

        /** API Gateway waits 29 s at most, but a caller waits on us: stay well under a second or two. */
        public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMillis(2000);
        public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(600);
        public static final int DEFAULT_MAX_RETRIES = 2;
    }

    /**
     * Permission cache behaviour.
     *
     * @param ttl          a found principal's permissions are reused this long
     * @param negativeTtl  "no such principal" is reused this long
     * @param maxEntries   bound on cached principals
     * @param staleIfError when the store fails, serve an expired entry this long past its TTL (0: off)
     */
    public record PermissionCacheSettings(Duration ttl, Duration negativeTtl, int maxEntries, Duration staleIfError) {
        public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(1);
        public static final int DEFAULT_MAX_ENTRIES = 10_000;
        public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ZERO;
    }

    /** Reads and validates the process environment. */
    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads and validates settings from {@code env}.
     *
     * @throws SettingsException naming the first bad or missing variable
     */
    public static Settings from(Map<String, String> env) {
        Reader r = new Reader(env);
        List<IssuerSettings> issuers = r.issuers();
        Set<String> algorithms = r.algorithms();
        return new Settings(
                issuers,
                algorithms,
                r.seconds("TOLLGATE_CLOCK_SKEW_SECONDS", DEFAULT_CLOCK_SKEW, 0, 600),
                r.text("TOLLGATE_PRINCIPAL_CLAIM", DEFAULT_PRINCIPAL_CLAIM),
                r.headerName("TOLLGATE_TOKEN_HEADER", DEFAULT_TOKEN_HEADER),
                r.integer("TOLLGATE_MAX_TOKEN_BYTES", DEFAULT_MAX_TOKEN_BYTES, 256, 65_536),
                r.requiredClaims("TOLLGATE_REQUIRED_CLAIMS"),
                new LinkedHashSet<>(r.list("TOLLGATE_REQUIRED_SCOPES")),
                r.list("TOLLGATE_CONTEXT_CLAIMS"),
                r.choice("TOLLGATE_HTTP_API_RESPONSE", HttpApiResponse.class, HttpApiResponse.SIMPLE),
                new JwksSettings(
                        r.seconds("TOLLGATE_JWKS_CACHE_TTL_SECONDS", JwksSettings.DEFAULT_CACHE_TTL, 1, 86_400),
                        r.seconds("TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS",
                                JwksSettings.DEFAULT_MIN_REFRESH_INTERVAL, 1, 3600),
                        r.seconds("TOLLGATE_JWKS_MAX_STALE_SECONDS", JwksSettings.DEFAULT_MAX_STALE, 0, 7 * 86_400),
                        r.millis("TOLLGATE_JWKS_CONNECT_TIMEOUT_MS", JwksSettings.DEFAULT_CONNECT_TIMEOUT, 50, 10_000),
                        r.millis("TOLLGATE_JWKS_READ_TIMEOUT_MS", JwksSettings.DEFAULT_READ_TIMEOUT, 50, 10_000),
                        JwksSettings.DEFAULT_MAX_BYTES),
                r.required("TOLLGATE_PERMISSIONS_TABLE"),
                r.dynamoDb(),
                new PermissionCacheSettings(
                        r.seconds("TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS", PermissionCacheSettings.DEFAULT_TTL, 0, 86_400),
                        r.seconds("TOLLGATE_PERMISSIONS_NEGATIVE_CACHE_TTL_SECONDS",
                                PermissionCacheSettings.DEFAULT_NEGATIVE_TTL, 0, 86_400),
                        r.integer("TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES",
                                PermissionCacheSettings.DEFAULT_MAX_ENTRIES, 0, 1_000_000),
                        r.seconds("TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS",
                                PermissionCacheSettings.DEFAULT_STALE_IF_ERROR, 0, 86_400)),
                r.integer("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES",
                        DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES, 0, 100_000),
                r.choice("AWS_LAMBDA_LOG_LEVEL", LogLevel.class, LogLevel.INFO),
                r.bool("TOLLGATE_PRIMING", true),
                r.bool("TOLLGATE_METRICS", true),
                r.raw("AWS_LAMBDA_FUNCTION_NAME") != null,
                "snap-start".equals(r.raw("AWS_LAMBDA_INITIALIZATION_TYPE")));
    }

    /** Every variable {@link #from(Map)} may read; the template test checks it against template.yaml. */
    public static final Set<String> VARIABLES = Set.of(
            "TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "TOLLGATE_JWKS_URI",
            "TOLLGATE_JWKS_FILE", "TOLLGATE_JWKS_JSON", "TOLLGATE_ISSUERS", "TOLLGATE_ALGORITHMS",
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
            "TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP");

    /** Reads typed values; every failure names its variable. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String raw(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }

        String required(String name) {
            String value = raw(name);
            if (value == null) {
                throw new SettingsException(name, "is required");
            }
            return value;
        }

        String text(String name, String fallback) {
            String value = raw(name);
            return value == null ? fallback : value;
        }

        String headerName(String name, String fallback) {
            String value = text(name, fallback);
            if (!value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}")) {
                throw new SettingsException(name, "must be an HTTP header name");
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new SettingsException(name, "must be true or false, was '" + value + "'");
            }
        }

        int integer(String name, int fallback, int min, int max) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new SettingsException(name, "must be a whole number, was '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new SettingsException(name, "must be between " + min + " and " + max + ", was " + parsed);
            }
            return parsed;
        }

        Duration seconds(String name, Duration fallback, int min, int max) {
            return raw(name) == null ? fallback : Duration.ofSeconds(integer(name, 0, min, max));
        }

        Duration millis(String name, Duration fallback, int min, int max) {
            return raw(name) == null ? fallback : Duration.ofMillis(integer(name, 0, min, max));
        }

        DynamoDbSettings dynamoDb() {
            boolean consistentRead = bool("TOLLGATE_DYNAMODB_CONSISTENT_READ", false);
            Duration apiCallTimeout = millis("TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS",
                    DynamoDbSettings.DEFAULT_API_CALL_TIMEOUT, 50, 30_000);
            Duration attemptTimeout = millis("TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS",
                    DynamoDbSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT, 50, 30_000);
            int maxRetries = integer("TOLLGATE_DYNAMODB_MAX_RETRIES", DynamoDbSettings.DEFAULT_MAX_RETRIES, 0, 10);
            for (String property : List.of("aws.useFipsEndpoint", "aws.useDualstackEndpoint")) {
                // The AWS SDKs honour these too; tollgate reads the environment only, and FIPS must never
                // be dropped silently.
                if (System.getProperty(property) != null) {
                    throw new SettingsException(property, "is a system property tollgate does not read; use the "
                            + "environment variable (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT)");
                }
            }
            String regionName = raw("AWS_REGION") != null ? "AWS_REGION" : "AWS_DEFAULT_REGION";
            String region = raw(regionName);
            if (region == null) {
                throw new SettingsException("AWS_REGION", "is required (Lambda always sets it)");
            }
            // The region becomes part of a host name: nothing but a region's characters may pass.
            if (!region.matches("[a-z0-9]+(-[a-z0-9]+)+")) {
                throw new SettingsException(regionName, "is not an AWS region name: '" + region + "'");
            }
            return new DynamoDbSettings(consistentRead, apiCallTimeout, attemptTimeout, maxRetries, region,
                    explicitDynamoDbEndpoint(), bool("AWS_USE_FIPS_ENDPOINT", false),
                    bool("AWS_USE_DUALSTACK_ENDPOINT", false));
        }

        /**
         * The explicit DynamoDB endpoint, from the variables the AWS SDKs read, in their
         * order: {@code AWS_ENDPOINT_URL_DYNAMODB}, then {@code AWS_ENDPOINT_URL} (both skipped when
         * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}); null when neither applies (the regional
         * endpoint, FIPS and dual-stack as their variables say, always https). An explicit endpoint may
         * be plain http on loopback, or elsewhere with {@code TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true}
         * ({@code sam local}, whose container reaches the host by name). Like the SDK's endpoint rules,
         * FIPS and dual-stack cannot be combined with an explicit endpoint: FIPS must never be
         * dropped silently.
         */
        URI explicitDynamoDbEndpoint() {
            boolean fips = bool("AWS_USE_FIPS_ENDPOINT", false);
            boolean dualStack = bool("AWS_USE_DUALSTACK_ENDPOINT", false);
            if (!bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", false)) {
                for (String name : List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL")) {
                    String value = raw(name);
                    if (value != null) {
                        if (fips) {
                            throw new SettingsException("AWS_USE_FIPS_ENDPOINT", "cannot be combined with " + name
                                    + " (an explicit endpoint is not a FIPS endpoint; the AWS SDK refuses it too)");
                        }
                        if (dualStack) {
                            throw new SettingsException("AWS_USE_DUALSTACK_ENDPOINT", "cannot be combined with "
                                    + name + " (an explicit endpoint is not a dual-stack endpoint; the AWS SDK "
                                    + "refuses it too)");
                        }
                        URI uri = explicitEndpoint(name, value);
                        if (uri.getScheme().equalsIgnoreCase("http") && !isLoopback(uri.getHost())
                                && !bool("TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP", false)) {
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

        private static URI explicitEndpoint(String name, String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (java.net.URISyntaxException e) {
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

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> names = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    names.add(constant.name().toLowerCase(Locale.ROOT));
                }
                throw new SettingsException(name, "must be one of " + names + ", was '" + value + "'");
            }
        }

        List<String> list(String name) {
            String value = raw(name);
            List<String> items = new ArrayList<>();
            if (value != null) {
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
            }
            return List.copyOf(items);
        }

        Map<String, String> requiredClaims(String name) {
            Map<String, String> claims = new java.util.LinkedHashMap<>();
            for (String item : list(name)) {
                int eq = item.indexOf('=');
                if (eq == 0) {
                    throw new SettingsException(name, "has an entry without a claim name: '" + item + "'");
                }
                // "name" requires presence; "name=value" requires that exact string value.
                claims.put(eq < 0 ? item : item.substring(0, eq).strip(), eq < 0 ? null : item.substring(eq + 1).strip());
            }
            return java.util.Collections.unmodifiableMap(claims);
        }

        Set<String> algorithms() {
            String name = "TOLLGATE_ALGORITHMS";
            List<String> values = raw(name) == null ? List.of(DEFAULT_ALGORITHMS.split(",")) : list(name);
            if (values.isEmpty()) {
                throw new SettingsException(name, "must name at least one algorithm");
            }
            Set<String> algorithms = new LinkedHashSet<>();
            for (String value : values) {
                if (value.equalsIgnoreCase("none") || value.toUpperCase(Locale.ROOT).startsWith("HS")) {
                    throw new SettingsException(name, "may not contain '" + value
                            + "': unsigned and HMAC tokens are never accepted");
                }
                if (!SUPPORTED_ALGORITHMS.contains(value)) {
                    throw new SettingsException(name, "has unsupported algorithm '" + value + "'; supported: "
                            + new java.util.TreeSet<>(SUPPORTED_ALGORITHMS));
                }
                algorithms.add(value);
            }
            return java.util.Collections.unmodifiableSet(algorithms);
        }

        List<IssuerSettings> issuers() {
            String json = raw("TOLLGATE_ISSUERS");
            if (json != null) {
                for (String single : List.of("TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_JWKS_URI")) {
                    if (raw(single) != null) {
                        throw new SettingsException("TOLLGATE_ISSUERS", "cannot be combined with " + single);
                    }
                }
                return issuersFromJson(json);
            }
            String issuer = required("TOLLGATE_ISSUER");
            return List.of(issuer("TOLLGATE_ISSUER", issuer, new LinkedHashSet<>(requiredList("TOLLGATE_AUDIENCE")),
                    bool("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", false), raw("TOLLGATE_JWKS_URI"),
                    "TOLLGATE_JWKS_URI", inlineJwks()));
        }

        List<String> requiredList(String name) {
            List<String> items = list(name);
            if (items.isEmpty()) {
                throw new SettingsException(name, "is required (a comma-separated list)");
            }
            return items;
        }

        String inlineJwks() {
            String inline = raw("TOLLGATE_JWKS_JSON");
            String file = raw("TOLLGATE_JWKS_FILE");
            if (inline != null && file != null) {
                throw new SettingsException("TOLLGATE_JWKS_FILE", "cannot be combined with TOLLGATE_JWKS_JSON");
            }
            if (file != null) {
                try {
                    return Files.readString(Path.of(file), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new SettingsException("TOLLGATE_JWKS_FILE", "cannot be read: " + file + " (" + e + ")");
                }
            }
            return inline;
        }

        List<IssuerSettings> issuersFromJson(String json) {
            String name = "TOLLGATE_ISSUERS";
            JsonNode root;
            try {
                root = JsonTrees.read(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SettingsException(name, "is not valid JSON: " + e.getOriginalMessage());
            }
            if (!root.isArray() || root.isEmpty()) {
                throw new SettingsException(name, "must be a non-empty JSON array of issuer objects");
            }
            List<IssuerSettings> issuers = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode node : root) {
                String issuer = node.path("issuer").isTextual() ? node.get("issuer").asText().strip() : "";
                if (issuer.isEmpty()) {
                    throw new SettingsException(name, "has an entry without a string 'issuer'");
                }
                if (!seen.add(issuer)) {
                    throw new SettingsException(name, "lists issuer " + issuer + " twice");
                }
                Set<String> audiences = new LinkedHashSet<>();
                for (JsonNode audience : node.path("audiences")) {
                    if (audience.isTextual() && !audience.asText().isBlank()) {
                        audiences.add(audience.asText().strip());
                    }
                }
                if (audiences.isEmpty()) {
                    throw new SettingsException(name, "issuer " + issuer + " needs a non-empty 'audiences' array");
                }
                JsonNode clientId = node.path("acceptClientIdAsAudience");
                if (!clientId.isMissingNode() && !clientId.isBoolean()) {
                    throw new SettingsException(name, "issuer " + issuer + ": 'acceptClientIdAsAudience' must be a boolean");
                }
                JsonNode jwksUri = node.path("jwksUri");
                JsonNode jwks = node.path("jwks");
                issuers.add(issuer(name, issuer, audiences, clientId.asBoolean(false),
                        jwksUri.isTextual() ? jwksUri.asText() : null, name,
                        jwks.isObject() ? JsonTrees.write(jwks) : null));
            }
            return List.copyOf(issuers);
        }

        IssuerSettings issuer(String name, String issuer, Set<String> audiences, boolean acceptClientId,
                String jwksUri, String jwksUriName, String jwksJson) {
            URI issuerUri;
            try {
                issuerUri = new URI(issuer);
            } catch (Exception e) {
                throw new SettingsException(name, "issuer is not a URI: " + issuer);
            }
            URI uri = null;
            if (jwksJson == null) {
                // Keys come over the network: both the issuer (for discovery) and the JWKS URI must be https.
                if (jwksUri == null) {
                    requireHttps(name, issuerUri);
                } else {
                    try {
                        uri = new URI(jwksUri);
                    } catch (Exception e) {
                        throw new SettingsException(jwksUriName, "is not a URI: " + jwksUri);
                    }
                    requireHttps(jwksUriName, uri);
                }
            }
            return new IssuerSettings(issuer, audiences, acceptClientId, uri, jwksJson);
        }
    }

    /**
     * Key material travels only over https; plain http is allowed for loopback hosts only, so tests
     * and local runs can serve keys.
     */
    static void requireHttps(String name, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new SettingsException(name, "must be an absolute https URI: " + uri);
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return;
        }
        throw new SettingsException(name, "must use https (http is allowed only for loopback hosts): " + uri);
    }

    /** True for localhost and loopback literals; never resolves other names (no DNS at init). */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
