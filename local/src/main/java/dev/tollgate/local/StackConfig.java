package dev.tollgate.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LocalStack} starts.
 *
 * @param root         the project root (target/tollgate.jar, events/, test-support/dynalite,
 *                     local/target/runtime-lib)
 * @param api          what the gateway emulates ({@code --api})
 * @param gatewayPort  the gateway's port on 127.0.0.1 (0: a free one); -1: no issuer and no
 *                     gateway (the {@code invoke} stack)
 * @param ttl          the gateway's authorizer result TTL
 * @param issuerPort   the development issuer's port (0: a free one)
 * @param permissions  the seed file
 * @param functionEnv  extra function environment, on top of the stack's (tests; {@code invoke})
 * @param workDir      function logs, the dynalite endpoint file
 * @param out          banner and access log
 */
public record StackConfig(Path root, EmulatedApi api, int gatewayPort, Duration ttl, int issuerPort, Path permissions,
        Map<String, String> functionEnv, Path workDir, PrintStream out) {

    public static final int DEFAULT_PORT = 3000;

    public StackConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(permissions, "permissions");
        functionEnv = Map.copyOf(functionEnv);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(out, "out");
    }

    /** The defaults for the project at {@code root}: a REST REQUEST authorizer on port 3000. */
    public static StackConfig defaults(Path root, PrintStream out) {
        return new StackConfig(root, EmulatedApi.REST_REQUEST, DEFAULT_PORT, Gateway.DEFAULT_TTL, 0,
                root.resolve("local/permissions.json"), Map.of(), root.resolve("local/target/stack"), out);
    }

    /** The stack of {@code invoke}: no gateway, no issuer. */
    public StackConfig withoutGateway() {
        return withGatewayPort(-1);
    }

    /** Whether a gateway (and the development issuer) runs. */
    public boolean withGateway() {
        return gatewayPort >= 0;
    }

    public StackConfig withApi(EmulatedApi value) {
        return new StackConfig(root, value, gatewayPort, ttl, issuerPort, permissions, functionEnv, workDir, out);
    }

    public StackConfig withGatewayPort(int port) {
        return new StackConfig(root, api, port, ttl, issuerPort, permissions, functionEnv, workDir, out);
    }

    public StackConfig withTtl(Duration value) {
        return new StackConfig(root, api, gatewayPort, value, issuerPort, permissions, functionEnv, workDir, out);
    }

    public StackConfig withIssuerPort(int port) {
        return new StackConfig(root, api, gatewayPort, ttl, port, permissions, functionEnv, workDir, out);
    }

    public StackConfig withPermissions(Path file) {
        return new StackConfig(root, api, gatewayPort, ttl, issuerPort, file, functionEnv, workDir, out);
    }

    public StackConfig withFunctionEnv(Map<String, String> env) {
        return new StackConfig(root, api, gatewayPort, ttl, issuerPort, permissions, env, workDir, out);
    }

    public StackConfig withWorkDir(Path dir) {
        return new StackConfig(root, api, gatewayPort, ttl, issuerPort, permissions, functionEnv, dir, out);
    }

    public StackConfig withOut(PrintStream stream) {
        return new StackConfig(root, api, gatewayPort, ttl, issuerPort, permissions, functionEnv, workDir, stream);
    }
}
