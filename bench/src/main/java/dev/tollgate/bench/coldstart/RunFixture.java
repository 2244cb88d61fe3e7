package dev.tollgate.bench.coldstart;

import static dev.tollgate.bench.coldstart.LocalBenchmark.AUDIENCE;
import static dev.tollgate.bench.coldstart.LocalBenchmark.PERMISSIONS;
import static dev.tollgate.bench.coldstart.LocalBenchmark.TABLE;
import static dev.tollgate.bench.coldstart.LocalBenchmark.TOKEN_LIFETIME;

import dev.tollgate.bench.report.Stats;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run's samples send and the environment they run in, once the dependencies are up: the
 * tokens (one principal each, every principal's permissions in the table), a token for another
 * audience, and the function environment that points at the issuer and dynalite.
 *
 * @param tokens      {@code warm + 1} tokens for {@code user-000}, {@code user-001}, ...; the first is
 *                    the one every cold start and cache hit sends
 * @param badToken    a token of {@code user-000} for another audience: the error path
 * @param functionEnv the variables every function process gets, before the mode's own
 */
record RunFixture(List<String> tokens, String badToken, Map<String, String> functionEnv) {

    RunFixture {
        tokens = List.copyOf(tokens);
        functionEnv = Map.copyOf(functionEnv);
    }

    /**
     * Mints the tokens with {@code key}, writes the permissions to {@code tables} (null: only hello
     * runs, no table) and assembles the environment; {@code BENCH_FUNCTION_<NAME>} variables of this
     * process set {@code <NAME>} for the function.
     *
     * @param dynalite null when only hello runs
     */
    static RunFixture seed(SigningKey key, LoopbackIssuer issuer, DynaliteServer dynalite, DynaliteTables tables,
            int warm) {
        List<String> tokens = new ArrayList<>();
        int pool = warm + 1;
        if (tables != null) {
            tables.createPermissionsTable(TABLE);
        }
        Instant now = Instant.now();
        for (int i = 0; i < pool; i++) {
            String principal = String.format("user-%03d", i);
            if (tables != null) {
                tables.putPermissions(TABLE, principal, PERMISSIONS);
            }
            tokens.add(key.mint(issuer.issuer(), principal, AUDIENCE, now, TOKEN_LIFETIME));
        }
        String badToken = key.mint(issuer.issuer(), "user-000", "someone-else", now, TOKEN_LIFETIME);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOLLGATE_ISSUER", issuer.issuer());
        env.put("TOLLGATE_AUDIENCE", AUDIENCE);
        env.put("TOLLGATE_JWKS_URI", issuer.jwksUri());
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.put("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", "bench-session");
        if (dynalite != null) {
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        }
        // A/B runs of tollgate settings: BENCH_FUNCTION_<NAME>=<value> sets <NAME> for the function.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("BENCH_FUNCTION_")) {
                env.put(name.substring("BENCH_FUNCTION_".length()), value);
            }
        });
        return new RunFixture(tokens, badToken, env);
    }

    /**
     * GetItem round trips from the harness's own warmed-up JVM: the floor under every warm
     * invocation that reads a new principal (dynalite on Node.js is slower than DynamoDB).
     */
    static Stats dynaliteReference(DynaliteTables tables) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String principal = String.format("user-%03d", i % 5);
            long start = System.nanoTime();
            tables.client().getItem(b -> b.tableName(TABLE).key(Map.of("principal",
                    AttributeValue.fromS(principal))));
            if (i >= 20) {
                ms.add(SampleLauncher.ms(System.nanoTime() - start));
            }
        }
        return Stats.of(ms);
    }
}
