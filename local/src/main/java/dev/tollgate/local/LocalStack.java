package dev.tollgate.local;

import dev.tollgate.lambda.AuthorizerHandler;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * tollgate on loopback, for trying it out: a development issuer, dynalite seeded with permissions,
 * tollgate under the real Lambda runtime interface client, and a local gateway in front of a demo
 * backend; without the gateway and issuer, the stack {@code invoke} sends one event through. The
 * command line is {@link LocalCommand}.
 *
 * {@link #start(Config)} starts everything or nothing: when a step fails, whatever started is stopped
 * before the exception leaves. {@link #close()} stops every process it started.
 */
public final class LocalStack implements AutoCloseable {

    /** The table name, as in {@code events/env.json}. */
    public static final String TABLE = "tollgate-permissions";
    public static final int DEFAULT_PORT = 3000;
    /** The template's {@code JAVA_TOOL_OPTIONS} (template.yaml, AuthorizerFunction). */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** The template's function timeout: the runtime's deadline for one invocation. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    public static final String HANDLER = AuthorizerHandler.HANDLER;
    /** The claim the local function reads roles from: {@code ./tollgate mint dave --claim groups=shippers}. */
    public static final String ROLES_CLAIM = "groups";
    /** Scopes the local function requires per route: creating an order needs {@code orders:write}. */
    public static final String ROUTE_SCOPES = "{\"POST /orders\": [\"orders:write\"]}";
    /**
     * In the work dir while a stack with a gateway runs: its dynalite's endpoint, for
     * {@code ./tollgate revoke}. Deleted when the stack stops.
     */
    public static final String ENDPOINT_FILE = "dynamodb-endpoint";
    public static final int MEMORY_MB = 1024;
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(90);

    static {
        // Read once, when the JDK's HTTP server classes initialise: the gateway and the issuer bind
        // before LocalRuntimeApi (which sets it too) loads. Without it every invocation through the
        // runtime API costs ~40 ms of delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * What to start.
     *
     * @param root         the project root (target/tollgate.jar, events/, test-support/dynalite,
     *                     local/target/runtime-lib)
     * @param gatewayPort  the gateway's port on 127.0.0.1 (0: a free one); -1: no issuer and no
     *                     gateway (the {@code invoke} stack)
     * @param ttl          the gateway's authorizer result TTL
     * @param issuerPort   the development issuer's port (0: a free one)
     * @param permissions  the seed file
     * @param functionEnv  extra function environment, on top of the stack's (tests; {@code invoke})
     * @param workDir      function logs
     * @param out          banner and access log
     */
    public record Config(Path root, int gatewayPort, Duration ttl, int issuerPort, Path permissions,
            Map<String, String> functionEnv, Path workDir, PrintStream out) {
        public Config {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(permissions, "permissions");
            functionEnv = Map.copyOf(functionEnv);
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(out, "out");
        }

        /** The defaults for the project at {@code root}. */
        public static Config defaults(Path root, PrintStream out) {
            return new Config(root, DEFAULT_PORT, Gateway.DEFAULT_TTL, 0, root.resolve("local/permissions.json"),
                    Map.of(), root.resolve("local/target/stack"), out);
        }

        public Config withGatewayPort(int port) {
            return new Config(root, port, ttl, issuerPort, permissions, functionEnv, workDir, out);
        }

        public Config withTtl(Duration value) {
            return new Config(root, gatewayPort, value, issuerPort, permissions, functionEnv, workDir, out);
        }

        public Config withIssuerPort(int port) {
            return new Config(root, gatewayPort, ttl, port, permissions, functionEnv, workDir, out);
        }

        public Config withPermissions(Path file) {
            return new Config(root, gatewayPort, ttl, issuerPort, file, functionEnv, workDir, out);
        }

        public Config withFunctionEnv(Map<String, String> env) {
            return new Config(root, gatewayPort, ttl, issuerPort, permissions, env, workDir, out);
        }

        public Config withWorkDir(Path dir) {
            return new Config(root, gatewayPort, ttl, issuerPort, permissions, functionEnv, dir, out);
        }
    }

    /** A prerequisite is missing or a step failed; the message says what to do. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Config config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LoopbackIssuer issuer;
    private DynaliteServer dynalite;
    private LocalRuntimeApi runtime;
    private FunctionProcess function;
    private Gateway gateway;
    private HttpServer gatewayServer;
    private List<String> principals = List.of();
    private volatile boolean closed;
    /** Set by the shutdown hook before anything else: a function exit from then on is expected. */
    private volatile boolean stopping;

    private LocalStack(Config config) {
        this.config = config;
    }

    /**
     * Starts the stack and waits until the function has initialised.
     *
     * @throws StartException when a prerequisite is missing or a part does not start; nothing started
     *     is left running
     */
    public static LocalStack start(Config config) throws StartException {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (StartException e) {
            stack.close();
            throw e;
        } catch (Exception e) {
            stack.close();
            throw new StartException("local stack failed to start: " + e, e);
        } catch (Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path jar = config.root().resolve("target/tollgate.jar");
        Path runtimeLib = config.root().resolve("local/target/runtime-lib");
        require(Files.isRegularFile(jar), jar + " is missing: run ./mvnw -q install -DskipTests -DskipNpm");
        require(Files.isDirectory(runtimeLib), runtimeLib + " is missing: run ./mvnw -q -f local/pom.xml package -DskipTests");
        require(DynaliteServer.nodeAvailable(), "Node.js is required (it runs dynalite, the local DynamoDB): "
                + "install Node.js 18+ and make sure `node` is on the PATH");
        List<Map<String, AttributeValue>> items = readSeed();

        boolean withGateway = config.gatewayPort() >= 0;
        if (withGateway) {
            // Bind first: a busy port is reported before any process starts.
            gatewayServer = Gateway.bind(config.gatewayPort());
            started.push(() -> gatewayServer.stop(0));
            issuer = DevIssuer.start(config.root(), config.issuerPort());
            started.push(issuer);
        }
        Path dynaliteDir = config.root().resolve(DynaliteServer.INSTALL_DIR);
        try {
            dynalite = DynaliteServer.start(dynaliteDir, null);
        } catch (IllegalStateException e) {
            throw new StartException("dynalite did not start (" + e.getMessage() + "); is " + dynaliteDir
                    + " installed? run: (cd " + dynaliteDir + " && npm ci)", e);
        }
        started.push(dynalite);
        DynaliteTables tables = new DynaliteTables(dynalite.endpoint());
        started.push(tables);
        tables.createPermissionsTable(TABLE);
        for (Map<String, AttributeValue> item : items) {
            tables.put(TABLE, item);
        }

        runtime = LocalRuntimeApi.start();
        started.push(runtime);
        Map<String, String> env = new LinkedHashMap<>();
        if (withGateway) {
            env.put("TOLLGATE_ISSUER", DevKey.ISSUER);
            env.put("TOLLGATE_AUDIENCE", DevKey.AUDIENCE);
            env.put("TOLLGATE_JWKS_URI", issuer.jwksUri());
            // The stack's demo of roles from the token and of per-route scopes (local/README.md);
            // invoke keeps the events' own environment, so its answers match events/expected/.
            env.put("TOLLGATE_ROLES_CLAIM", ROLES_CLAIM);
            env.put("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES);
            // ./tollgate revoke takes effect at once in tollgate (the gateway's --ttl still applies).
            env.put("TOLLGATE_REVOCATION_CACHE_TTL_SECONDS", "0");
            Path endpointFile = config.workDir().resolve(ENDPOINT_FILE);
            Files.createDirectories(config.workDir());
            Files.writeString(endpointFile, dynalite.endpoint() + "\n");
            started.push(() -> Files.deleteIfExists(endpointFile));
        }
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.putAll(config.functionEnv());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
        env.putIfAbsent("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        List<Path> classpath = new ArrayList<>();
        classpath.add(jar);
        try (Stream<Path> files = Files.list(runtimeLib)) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(classpath::add);
        }
        FunctionProcess.Spec spec = FunctionProcess.Spec.java(Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of(), classpath, HANDLER, env, MEMORY_MB, config.workDir().resolve("function"));
        function = FunctionProcess.launch(spec, runtime);
        started.push(function);
        awaitInit();

        if (withGateway) {
            gateway = new Gateway(Gateway.Api.LOCAL, config.ttl(), this::invoke, Clock.systemUTC(),
                    line -> config.out().println("[gateway] " + line));
            gateway.serve(gatewayServer);
            started.push(gateway::stop);
        }
    }

    private List<Map<String, AttributeValue>> readSeed() throws StartException {
        try {
            List<Map<String, AttributeValue>> items = SeedFile.read(config.permissions());
            principals = items.stream().map(i -> i.get("principal").s()).toList();
            return items;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartException("cannot read the permissions seed: " + e.getMessage(), e);
        }
    }

    private void awaitInit() throws StartException, InterruptedException {
        try {
            runtime.firstNext().get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartException("tollgate did not initialise: " + e.getCause().getMessage()
                    + "\n" + function.logTail(3000), e.getCause());
        } catch (TimeoutException e) {
            throw new StartException("tollgate did not initialise within " + INIT_TIMEOUT.toSeconds() + " s\n"
                    + function.logTail(3000), e);
        }
    }

    /** One event through the function; the {@link Gateway.AuthorizerClient} of the gateway. */
    public Gateway.Invocation invoke(String event) throws Exception {
        if (!function.isAlive()) {
            throw new IllegalStateException("the function process has exited; see " + function.stderr());
        }
        LocalRuntimeApi.Result result = runtime.enqueue(new LocalRuntimeApi.Event(event,
                LocalRuntimeApi.DEFAULT_FUNCTION_ARN, FUNCTION_TIMEOUT, null, null))
                .get(FUNCTION_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS);
        return new Gateway.Invocation(result.error(), result.body(), result.errorMessage());
    }

    /** {@code http://127.0.0.1:<port>}; only for a stack with a gateway. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayServer.getAddress().getPort();
    }

    /** The development issuer; null for the {@code invoke} stack. */
    public LoopbackIssuer issuer() {
        return issuer;
    }

    /** How many times the gateway invoked the authorizer; 0 without a gateway. */
    public int authorizerInvocations() {
        return gateway == null ? 0 : gateway.authorizerInvocations();
    }

    /** The function's stdout (tollgate's JSON log lines). */
    public Path functionLog() {
        return function.stdout();
    }

    /** The function's stderr. */
    public Path functionErrorLog() {
        return function.stderr();
    }

    /** Stops everything this stack started, in reverse order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                config.out().println("[local] stopping " + part + " failed: " + e);
            }
        }
    }

    /** The shutdown hook runs: a function exit from now on is expected. */
    void markStopping() {
        stopping = true;
    }

    /** True once stopping was asked for or everything was stopped. */
    boolean stoppingOrClosed() {
        return stopping || closed;
    }

    long functionPid() {
        return function.pid();
    }

    private static void require(boolean ok, String message) throws StartException {
        if (!ok) {
            throw new StartException(message, null);
        }
    }

    void printBanner() {
        PrintStream out = config.out();
        String gw = gatewayUrl();
        int port = gatewayServer.getAddress().getPort();
        String host = port == 80 ? "localhost" : "localhost:" + port;
        out.println();
        out.println("tollgate local stack is up (LOCAL DEVELOPMENT ONLY: the signing key is public)");
        out.println();
        out.println("  gateway     " + gw + "   REST API + REQUEST authorizer (identity source: Authorization),"
                + " result TTL " + config.ttl().toSeconds() + " s, demo backend on every path");
        out.println("  issuer      " + issuer.discoveryUrl());
        out.println("              iss " + DevKey.ISSUER + ", aud " + DevKey.AUDIENCE
                + ", keys " + issuer.jwksUri());
        out.println("  dynamodb    " + dynalite.endpoint() + "   table " + TABLE + " seeded from "
                + config.root().relativize(config.permissions().toAbsolutePath().normalize()) + ": "
                + String.join(", ", principals));
        out.println("  tollgate    pid " + function.pid() + " under the Lambda runtime interface client,"
                + " logs " + function.stdout());
        out.println("  method ARN  " + Gateway.Api.LOCAL.methodArn("<METHOD>", "/<path>"));
        out.println();
        out.println("Try (in another shell, from the repository root):");
        out.println("  curl -H \"Authorization: Bearer $(./tollgate mint alice)\" " + host + "/orders/42     # 200, context echoed");
        out.println("  curl -X DELETE -H \"Authorization: Bearer $(./tollgate mint alice)\" " + host + "/admin   # 403");
        out.println("  curl -H \"Authorization: Bearer $(./tollgate mint bob)\" " + host + "/reports/q3      # 200, via role auditor");
        out.println("  curl -i " + host + "/orders/42                                                # 401, authorizer not invoked");
        out.println();
        out.println("Ctrl-C stops everything.");
        out.println();
    }
}
