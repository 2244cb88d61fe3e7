package dev.tollgate.bench.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The traffic of a load run, generated up front so that the workers allocate nothing of their own:
 * a pool of ready-made authorizer events, each with the outcome the rules call for.
 *
 * <ul>
 *   <li>Principals {@code user-00000...}: 7 in 10 may {@code GET /orders/*} and {@code POST /orders},
 *       2 in 10 may {@code GET /reports/*}, 1 in 10 has no permissions at all.
 *   <li>Valid RS256 tokens, {@link Spec#tokens()} of them, round-robin over the principals.
 *   <li>Routes: {@code GET /orders/<n>} 60 %, {@code POST /orders} 15 %, {@code GET /reports/daily}
 *       15 %, {@code DELETE /orders/<n>} 10 % (permitted to nobody). Valid token and permitted route:
 *       ALLOW; otherwise DENY.
 *   <li>A share of invalid tokens ({@link Spec#invalidShare()}): expired 40 %, bad signature 30 %,
 *       garbage 20 %, signed by a key not in the JWKS 10 %: UNAUTHORIZED.
 *   <li>Shapes in turn: REST TOKEN, REST REQUEST, HTTP API 2.0 (simple response).
 * </ul>
 */
public final class TrafficMix {
    public static final String ISSUER = "https://issuer.load.tollgate.example";
    public static final String AUDIENCE = "tollgate-load";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
    private static final String ARN_PREFIX = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/";
    private static final int INVALID_VARIANTS = 50;

    /**
     * @param principals   distinct principals (>= 1)
     * @param tokens       distinct valid tokens (>= 1)
     * @param invalidShare share of requests with an invalid token, 0..1
     * @param poolSize     events generated (the workers draw from them at random)
     * @param seed         seed of every random choice (the keys are random regardless)
     */
    public record Spec(int principals, int tokens, double invalidShare, int poolSize, long seed) {
        public Spec {
            if (principals < 1 || tokens < 1 || poolSize < 1 || invalidShare < 0 || invalidShare > 1) {
                throw new IllegalArgumentException("bad traffic spec " + this);
            }
        }
    }

    /** Event shapes, as API Gateway sends them. */
    public enum Shape { REST_TOKEN, REST_REQUEST, HTTP_V2 }

    /** What the token in an event is. */
    public enum Kind { VALID, EXPIRED, BAD_SIGNATURE, GARBAGE, UNKNOWN_KEY }

    /** One ready-made event and the outcome it must get. */
    public record Request(byte[] event, Shape shape, Kind kind, Outcome expected) {}

    private record Route(String method, String path) {}

    private final Spec spec;
    private final String jwksJson;
    private final Map<String, List<String>> permissions;
    private final Request[] pool;

    private TrafficMix(Spec spec, String jwksJson, Map<String, List<String>> permissions, Request[] pool) {
        this.spec = spec;
        this.jwksJson = jwksJson;
        this.permissions = permissions;
        this.pool = pool;
    }

    /** Generates keys, tokens and events (signing dominates: roughly 1-2 ms per token). */
    public static TrafficMix generate(Spec spec) throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("load-1").algorithm(JWSAlgorithm.RS256).generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("load-stranger").algorithm(JWSAlgorithm.RS256).generate();
        RSASSASigner signer = new RSASSASigner(key);
        RSASSASigner strangerSigner = new RSASSASigner(stranger);
        SplittableRandom random = new SplittableRandom(spec.seed());
        Instant now = Instant.now();

        Map<String, List<String>> permissions = new LinkedHashMap<>();
        for (int p = 0; p < spec.principals(); p++) {
            List<String> granted = grants(p);
            if (!granted.isEmpty()) {
                permissions.put(principal(p), granted);
            }
        }
        String[] valid = new String[spec.tokens()];
        int[] validPrincipal = new int[spec.tokens()];
        for (int t = 0; t < valid.length; t++) {
            validPrincipal[t] = t % spec.principals();
            valid[t] = sign(signer, key.getKeyID(), principal(validPrincipal[t]), now.minusSeconds(60),
                    now.plus(TOKEN_LIFETIME));
        }
        Map<Kind, List<String>> invalid = new EnumMap<>(Kind.class);
        for (Kind kind : List.of(Kind.EXPIRED, Kind.BAD_SIGNATURE, Kind.GARBAGE, Kind.UNKNOWN_KEY)) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < INVALID_VARIANTS; i++) {
                String subject = principal(i % spec.principals());
                tokens.add(switch (kind) {
                    case EXPIRED -> sign(signer, key.getKeyID(), subject, now.minus(Duration.ofHours(2)),
                            now.minus(Duration.ofMinutes(10)));
                    case BAD_SIGNATURE -> corruptSignature(valid[i % valid.length], random);
                    case GARBAGE -> garbage(random);
                    case UNKNOWN_KEY -> sign(strangerSigner, stranger.getKeyID(), subject, now.minusSeconds(60),
                            now.plus(TOKEN_LIFETIME));
                    case VALID -> throw new AssertionError();
                });
            }
            invalid.put(kind, tokens);
        }

        Request[] pool = new Request[spec.poolSize()];
        for (int i = 0; i < pool.length; i++) {
            Shape shape = Shape.values()[i % Shape.values().length];
            Route route = route(random);
            Kind kind = Kind.VALID;
            String token;
            Outcome expected;
            if (random.nextDouble() < spec.invalidShare()) {
                double r = random.nextDouble();
                kind = r < 0.4 ? Kind.EXPIRED : r < 0.7 ? Kind.BAD_SIGNATURE : r < 0.9 ? Kind.GARBAGE : Kind.UNKNOWN_KEY;
                List<String> variants = invalid.get(kind);
                token = variants.get(random.nextInt(variants.size()));
                expected = Outcome.UNAUTHORIZED;
            } else {
                int t = random.nextInt(valid.length);
                token = valid[t];
                expected = permitted(validPrincipal[t], route) ? Outcome.ALLOW : Outcome.DENY;
            }
            pool[i] = new Request(event(shape, route, token, i).getBytes(StandardCharsets.UTF_8), shape, kind, expected);
        }
        return new TrafficMix(spec, new JWKSet(List.of(key.toPublicJWK())).toString(), Map.copyOf(permissions), pool);
    }

    public Spec spec() {
        return spec;
    }

    /** The public key set, for {@code TOLLGATE_JWKS_JSON}. */
    public String jwksJson() {
        return jwksJson;
    }

    /** Principal to its permission strings ({@code "<METHOD> <path>"}); principals without any are absent. */
    public Map<String, List<String>> permissions() {
        return permissions;
    }

    public int size() {
        return pool.length;
    }

    public Request get(int index) {
        return pool[index];
    }

    /** How many pool entries expect each outcome. */
    public Map<Outcome, Integer> expectedCounts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Request r : pool) {
            counts.merge(r.expected(), 1, Integer::sum);
        }
        return counts;
    }

    static String principal(int index) {
        return String.format("user-%05d", index);
    }

    private static List<String> grants(int principal) {
        int group = principal % 10;
        if (group < 7) {
            return List.of("GET /orders/*", "POST /orders");
        }
        if (group < 9) {
            return List.of("GET /reports/*");
        }
        return List.of();
    }

    private static boolean permitted(int principal, Route route) {
        int group = principal % 10;
        if (group < 7) {
            return route.method().equals("GET") && route.path().startsWith("/orders/")
                    || route.method().equals("POST") && route.path().equals("/orders");
        }
        if (group < 9) {
            return route.method().equals("GET") && route.path().startsWith("/reports/");
        }
        return false;
    }

    private static Route route(SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.60) {
            return new Route("GET", "/orders/" + random.nextInt(1, 100_000));
        }
        if (r < 0.75) {
            return new Route("POST", "/orders");
        }
        if (r < 0.90) {
            return new Route("GET", "/reports/daily");
        }
        return new Route("DELETE", "/orders/" + random.nextInt(1, 100_000));
    }

    private static String sign(RSASSASigner signer, String kid, String subject, Instant issued, Instant expires)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                        .claim("scope", "orders:read orders:write")
                        .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** One base64url character in the middle of the signature changed: still well-formed, wrong signature. */
    private static String corruptSignature(String token, SplittableRandom random) {
        int dot = token.lastIndexOf('.');
        int at = dot + 1 + (token.length() - dot - 1) / 2 + random.nextInt(-20, 20);
        char c = token.charAt(at);
        char replacement = c == 'A' ? 'B' : 'A';
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }

    private static String garbage(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder s = new StringBuilder();
        int segments = random.nextInt(1, 4);
        for (int seg = 0; seg < segments; seg++) {
            if (seg > 0) {
                s.append('.');
            }
            int len = random.nextInt(8, 200);
            for (int i = 0; i < len; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }

    private static String event(Shape shape, Route route, String token, int index) {
        String arn = ARN_PREFIX + route.method() + route.path();
        String requestId = "load-" + index;
        String bearer = "Bearer " + token;
        return switch (shape) {
            case REST_TOKEN -> "{\"type\":\"TOKEN\",\"authorizationToken\":\"" + bearer + "\",\"methodArn\":\"" + arn + "\"}";
            case REST_REQUEST -> "{\"type\":\"REQUEST\",\"methodArn\":\"" + arn + "\",\"resource\":\"" + route.path()
                    + "\",\"path\":\"" + route.path() + "\",\"httpMethod\":\"" + route.method() + "\",\"headers\":{"
                    + "\"Accept\":\"application/json\",\"Authorization\":\"" + bearer + "\","
                    + "\"Host\":\"a1b2c3d4e5.execute-api.us-east-1.amazonaws.com\",\"User-Agent\":\"load/1.0\","
                    + "\"X-Forwarded-For\":\"203.0.113.10\"},\"multiValueHeaders\":{\"Authorization\":[\"" + bearer
                    + "\"]},\"requestContext\":{\"requestId\":\"" + requestId + "\",\"stage\":\"prod\"}}";
            case HTTP_V2 -> "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + arn
                    + "\",\"identitySource\":[\"" + bearer + "\"],\"routeKey\":\"" + route.method() + " " + route.path()
                    + "\",\"rawPath\":\"/prod" + route.path() + "\",\"rawQueryString\":\"\",\"headers\":{"
                    + "\"accept\":\"application/json\",\"authorization\":\"" + bearer + "\","
                    + "\"host\":\"a1b2c3d4e5.execute-api.us-east-1.amazonaws.com\",\"user-agent\":\"load/1.0\"},"
                    + "\"requestContext\":{\"requestId\":\"" + requestId + "\",\"http\":{\"method\":\"" + route.method()
                    + "\",\"path\":\"/prod" + route.path() + "\"},\"stage\":\"prod\"}}";
        };
    }
}
