package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.bench.deps.Dynalite;
import dev.tollgate.bench.runtime.FunctionProcess;
import dev.tollgate.bench.runtime.LocalRuntimeApi;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * tollgate on loopback, for trying it out: a development issuer, dynalite seeded with permissions,
 * tollgate under the real Lambda runtime interface client, and a local gateway in front of a demo
 * backend ({@code local}); or one event through the function ({@code invoke}).
 *
 * <pre>
 * LocalStack local  --root DIR [--port 3000] [--ttl 300] [--issuer-port 0] [--permissions FILE] [--quiet]
 * LocalStack invoke --root DIR EVENT.json [--permissions FILE] [--env ENV.json]
 * </pre>
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
    public static final String HANDLER = "dev.tollgate.lambda.AuthorizerHandler::handleRequest";
    public static final int MEMORY_MB = 1024;
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TABLE_POLL = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Read once, when the JDK's HTTP server classes initialise: the gateway and the issuer bind
        // before LocalRuntimeApi (which sets it too) loads. Without it every invocation through the
        // runtime API costs ~40 ms of delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * What to start.
     *
     * @param root         the project root (target/tollgate.jar, events/, src/test/dynalite)
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
                    Map.of(), root.resolve("bench/target/local"), out);
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
    private DevIssuer issuer;
    private Dynalite dynalite;
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
        Path runtimeLib = config.root().resolve("bench/target/runtime-lib");
        require(Files.isRegularFile(jar), jar + " is missing: run ./mvnw -q install -DskipTests -DskipNpm");
        require(Files.isDirectory(runtimeLib), runtimeLib + " is missing: run ./mvnw -q -f bench/pom.xml package -DskipTests");
        require(Dynalite.nodeAvailable(), "Node.js is required (it runs dynalite, the local DynamoDB): "
                + "install Node.js 18+ and make sure `node` is on the PATH");
        List<Map<String, AttributeValue>> items = readSeed();

        boolean withGateway = config.gatewayPort() >= 0;
        if (withGateway) {
            // Bind first: a busy port is reported before any process starts.
            gatewayServer = Gateway.bind(config.gatewayPort());
            started.push(() -> gatewayServer.stop(0));
            issuer = DevIssuer.start(config.root().resolve(DevIssuer.DEV_JWKS), DevIssuer.DEV_ISSUER_ID,
                    config.issuerPort());
            started.push(issuer);
        }
        try {
            dynalite = Dynalite.start(config.root().resolve("src/test/dynalite"));
        } catch (IOException e) {
            throw new StartException("dynalite did not start (" + e.getMessage() + "); is src/test/dynalite installed? "
                    + "run: (cd src/test/dynalite && npm ci)", e);
        }
        started.push(dynalite);
        createTable(dynalite.client());
        for (Map<String, AttributeValue> item : items) {
            dynalite.client().putItem(b -> b.tableName(TABLE).item(item));
        }

        runtime = LocalRuntimeApi.start();
        started.push(runtime);
        Map<String, String> env = new LinkedHashMap<>();
        if (withGateway) {
            env.put("TOLLGATE_ISSUER", DevIssuer.DEV_ISSUER_ID);
            env.put("TOLLGATE_AUDIENCE", DevIssuer.DEV_AUDIENCE);
            env.put("TOLLGATE_JWKS_URI", issuer.jwksUri());
        }
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.putAll(config.functionEnv());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint());
        env.put("AWS_ACCESS_KEY_ID", Dynalite.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Dynalite.SECRET_KEY);
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

    /**
     * Creates the permissions table and polls until it is ACTIVE. Not the SDK waiter: its first retry
     * comes after 20 s, and dynalite reports a new table as CREATING for half a second.
     */
    private static void createTable(DynamoDbClient client) throws InterruptedException, StartException {
        client.createTable(b -> b.tableName(TABLE)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("principal")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("principal").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        long deadline = System.nanoTime() + TABLE_TIMEOUT.toNanos();
        while (client.describeTable(b -> b.tableName(TABLE)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new StartException("table " + TABLE + " did not become ACTIVE in dynalite", null);
            }
            Thread.sleep(TABLE_POLL.toMillis());
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
    public DevIssuer issuer() {
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

    private static void require(boolean ok, String message) throws StartException {
        if (!ok) {
            throw new StartException(message, null);
        }
    }

    private void printBanner() {
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
        out.println("              iss " + DevIssuer.DEV_ISSUER_ID + ", aud " + DevIssuer.DEV_AUDIENCE
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

    /** Command line entry point; see the class comment. Exit codes: 0 ok, 1 failure or error answer, 2 usage. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(usage());
            return 2;
        }
        String command = args.get(0);
        Path root = Path.of(".").toAbsolutePath().normalize();
        Config config = Config.defaults(root, out);
        Path event = null;
        Path envFile = null;
        boolean quiet = false;
        try {
            List<String> rest = new ArrayList<>(args.subList(1, args.size()));
            // --root first: the defaults depend on it
            int r = rest.indexOf("--root");
            if (r >= 0 && r + 1 < rest.size()) {
                root = Path.of(rest.get(r + 1)).toAbsolutePath().normalize();
                config = Config.defaults(root, out);
                rest.remove(r + 1);
                rest.remove(r);
            }
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--port" -> config = config.withGatewayPort(port(value(arg, rest)));
                    case "--issuer-port" -> config = config.withIssuerPort(port(value(arg, rest)));
                    case "--ttl" -> config = config.withTtl(Duration.ofSeconds(seconds(value(arg, rest))));
                    case "--permissions" -> config = config.withPermissions(Path.of(value(arg, rest)).toAbsolutePath());
                    case "--env" -> envFile = Path.of(value(arg, rest)).toAbsolutePath();
                    case "--quiet" -> quiet = true;
                    default -> {
                        if (arg.startsWith("-") || event != null || !command.equals("invoke")) {
                            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                        }
                        event = Path.of(arg).toAbsolutePath();
                    }
                }
            }
            if (config.ttl().compareTo(Gateway.MAX_TTL) > 0) {
                throw new IllegalArgumentException("--ttl must be 0 to " + Gateway.MAX_TTL.toSeconds());
            }
        } catch (IllegalArgumentException e) {
            err.println("tollgate " + command + ": " + e.getMessage());
            err.println(usage());
            return 2;
        }
        return switch (command) {
            case "local" -> local(config, quiet, err);
            case "invoke" -> {
                if (event == null) {
                    err.println("tollgate invoke: an event file is required");
                    err.println(usage());
                    yield 2;
                }
                yield invoke(config, event, envFile == null ? root.resolve("events/env.json") : envFile, out, err);
            }
            default -> {
                err.println("tollgate: unknown command '" + command + "'");
                err.println(usage());
                yield 2;
            }
        };
    }

    static String usage() {
        return "usage: tollgate local [--port N (3000)] [--ttl SECONDS (300; 0 = off)] [--issuer-port N] "
                + "[--permissions FILE] [--quiet]\n"
                + "       tollgate invoke EVENT.json [--env ENV.json (events/env.json)] [--permissions FILE]";
    }

    private static int local(Config config, boolean quiet, PrintStream err) {
        config.out().println("starting the local stack (dev issuer, dynalite, tollgate under the runtime client, gateway) ...");
        LocalStack stack;
        try {
            stack = start(config);
        } catch (StartException e) {
            err.println("tollgate local: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stopping = true;
            config.out().println("\nstopping the local stack ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        LogTail tail = quiet ? null : LogTail.start(stack.functionLog(), line -> {
            if (!line.isBlank()) {
                config.out().println("[tollgate] " + LogLines.shorten(line));
            }
        });
        stack.printBanner();
        ProcessHandle.of(stack.function.pid()).ifPresent(h -> h.onExit().thenRun(() -> {
            try {
                // Ctrl-C reaches the whole process group: the function may exit just before the hook runs.
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!stack.stopping && !stack.closed) {
                err.println("[local] the tollgate function process exited; the gateway now answers 500. See "
                        + stack.functionErrorLog() + " and restart ./tollgate local");
            }
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tail != null) {
            tail.close();
        }
        return 0;
    }

    private static int invoke(Config config, Path event, Path envFile, PrintStream out, PrintStream err) {
        String body;
        Map<String, String> env;
        try {
            body = Files.readString(event);
            JSON.readTree(body);
            env = functionEnvFrom(envFile);
        } catch (IOException e) {
            err.println("tollgate invoke: cannot read " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("tollgate invoke: " + e.getMessage());
            return 2;
        }
        // Quiet start-up: the answer is the only thing on stdout.
        Config invokeConfig = new Config(config.root(), -1, config.ttl(), 0, config.permissions(), env,
                config.workDir().resolve("invoke"), err);
        try (LocalStack stack = start(invokeConfig)) {
            Gateway.Invocation answer = stack.invoke(body);
            printFunctionLog(stack.functionLog(), err);
            out.println(pretty(answer.body()));
            return answer.error() ? 1 : 0;
        } catch (StartException e) {
            err.println("tollgate invoke: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("tollgate invoke: no answer from the function: " + e);
            return 1;
        }
    }

    /**
     * The function variables of a SAM {@code --env-vars} file ({@code {"AuthorizerFunction": {...}}},
     * or a flat object); {@code AWS_ENDPOINT_URL_DYNAMODB} is dropped (the stack sets its own).
     */
    static Map<String, String> functionEnvFrom(Path envFile) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(envFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(envFile + " is not JSON: " + e.getOriginalMessage());
        }
        JsonNode vars = root.has("AuthorizerFunction") ? root.get("AuthorizerFunction") : root;
        if (!vars.isObject()) {
            throw new IllegalArgumentException(envFile + " must map variable names to values");
        }
        Map<String, String> env = new LinkedHashMap<>();
        vars.properties().forEach(e -> {
            if (!e.getValue().isContainerNode() && !e.getKey().equals("AWS_ENDPOINT_URL_DYNAMODB")) {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    private static void printFunctionLog(Path log, PrintStream err) {
        try {
            // The log is written by another process: give its last line a moment to land.
            Thread.sleep(50);
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    err.println("[tollgate] " + LogLines.shorten(line));
                }
            }
        } catch (IOException e) {
            err.println("[local] cannot read " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String pretty(String json) {
        try {
            return JSON.readTree(json).toPrettyString();
        } catch (IOException e) {
            return json;
        }
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int port(String value) {
        int port = (int) seconds(value);
        if (port > 65535) {
            throw new IllegalArgumentException("not a port: " + value);
        }
        return port;
    }

    private static long seconds(String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IllegalArgumentException("must not be negative: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + value + "'");
        }
    }
}
