package dev.tollgate.local;

import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * tollgate on loopback, for trying it out: the processes and their wiring. A development issuer,
 * dynalite seeded with permissions, tollgate under the real Lambda runtime interface client, and a
 * {@link Gateway} emulating the configured {@link EmulatedApi} in front of a demo backend; without
 * the gateway and issuer, the stack {@code invoke} sends one event through. The command line is
 * {@link LocalCommand}; what to start is a {@link StackConfig}; the function's variables come from
 * {@link FunctionEnvironment}.
 *
 * {@link #start(StackConfig)} starts everything or nothing: when a step fails, whatever started is
 * stopped before the exception leaves. {@link #close()} stops every process it started.
 */
public final class LocalStack implements AutoCloseable {

    /** The table name, as in {@code events/env.json}. */
    public static final String TABLE = FunctionEnvironment.TABLE;
    /** The template's function timeout: the runtime's deadline for one invocation. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    public static final String HANDLER = AuthorizerHandler.HANDLER;
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

    /** A prerequisite is missing or a step failed; the message says what to do. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LoopbackIssuer issuer;
    private DynaliteServer dynalite;
    private LocalRuntimeApi runtime;
    private FunctionProcess function;
    private Gateway gateway;
    private GatewayServer gatewayServer;
    private List<String> principals = List.of();
    private volatile boolean closed;
    /** Set by the shutdown hook before anything else: a function exit from then on is expected. */
    private volatile boolean stopping;

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    /**
     * Starts the stack and waits until the function has initialised.
     *
     * @throws StartException when a prerequisite is missing or a part does not start; nothing started
     *     is left running
     */
    public static LocalStack start(StackConfig config) throws StartException {
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

        if (config.withGateway()) {
            // Bind first: a busy port is reported before any process starts.
            gatewayServer = GatewayServer.bind(config.gatewayPort());
            started.push(gatewayServer);
            issuer = DevIssuer.start(config.root(), config.issuerPort());
            started.push(issuer);
        }
        startDynalite(items);
        if (config.withGateway()) {
            Path endpointFile = config.workDir().resolve(ENDPOINT_FILE);
            Files.createDirectories(config.workDir());
            Files.writeString(endpointFile, dynalite.endpoint() + "\n");
            started.push(() -> Files.deleteIfExists(endpointFile));
        }

        runtime = LocalRuntimeApi.start();
        started.push(runtime);
        Map<String, String> env = FunctionEnvironment.of(config, issuer == null ? null : issuer.jwksUri(),
                dynalite.endpoint());
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

        if (config.withGateway()) {
            gateway = new Gateway(config.api(), config.ttl(), this::invoke, Clock.systemUTC(),
                    line -> config.out().println("[gateway] " + line));
            gatewayServer.serve(gateway::handle);
            // Stopped first from now on: no request reaches a function that is going away.
            started.push(gatewayServer);
        }
    }

    private void startDynalite(List<Map<String, AttributeValue>> items) throws Exception {
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

    /** One event through the function; the {@link AuthorizerClient} of the gateway. */
    public AuthorizerClient.Invocation invoke(String event) throws Exception {
        if (!function.isAlive()) {
            throw new IllegalStateException("the function process has exited; see " + function.stderr());
        }
        LocalRuntimeApi.Result result = runtime.enqueue(new LocalRuntimeApi.Event(event,
                LocalRuntimeApi.DEFAULT_FUNCTION_ARN, FUNCTION_TIMEOUT, null, null))
                .get(FUNCTION_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS);
        return new AuthorizerClient.Invocation(result.error(), result.body(), result.errorMessage());
    }

    /** {@code http://127.0.0.1:<port>}; only for a stack with a gateway. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayServer.port();
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
        StackBanner.print(config.out(), config, gatewayServer.port(), issuer.discoveryUrl(), issuer.jwksUri(),
                dynalite.endpoint().toString(), principals,
                config.root().relativize(config.permissions().toAbsolutePath().normalize()).toString(),
                function.pid(), function.stdout().toString());
    }
}
