package dev.tollgate.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import dev.tollgate.config.HttpApiResponse;
import dev.tollgate.lambda.EventShape;
import dev.tollgate.lambda.ResponseWriter;
import dev.tollgate.permission.Permission;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Grant;
import dev.tollgate.policy.MethodArn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Policy building and serialisation alone: an Allow decision to the REST policy JSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicySerialisationBenchmark {

    private ResponseWriter writer;
    private Decision.Allow decision;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    @Setup
    public void setUp() {
        writer = new ResponseWriter(new JsonFactory(), HttpApiResponse.SIMPLE);
        Grant grant = new Grant("user-001",
                Set.of(Permission.parse("GET /orders/*").orElseThrow(), Permission.parse("POST /orders").orElseThrow()),
                Map.of("tenant", "acme", "scope", "orders:read"), null);
        decision = new Decision.Allow(grant,
                MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42"));
    }

    /** Build the policy of the decision and write the REST TOKEN response. */
    @Benchmark
    public int policySerialisation() throws IOException {
        out.reset();
        writer.write(EventShape.REST_TOKEN, new Decision.Allow(decision.grant(), decision.route()), out);
        return out.size();
    }
}
