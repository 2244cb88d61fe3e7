package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of the local stack ({@code ./tollgate local}, {@code ./tollgate invoke}, through
 * {@code local/run}): parses the options, starts a {@link LocalStack}, prints its banner and the
 * function's log lines, and stops everything on Ctrl-C.
 *
 * <pre>
 * LocalCommand local  --root DIR [--api rest-request|rest-token|http-simple|http-iam|http-v1] [--port 3000] [--ttl 300] [--issuer-port 0] [--permissions FILE] [--quiet]
 * LocalCommand invoke --root DIR EVENT.json [--permissions FILE] [--env ENV.json]
 * LocalCommand revoke --root DIR (--jti JTI [--expires-at EPOCH] | --principal P)   see {@link Revoke}
 * </pre>
 */
public final class LocalCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalCommand() {}

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
        StackConfig config = StackConfig.defaults(root, out);
        Path event = null;
        Path envFile = null;
        boolean quiet = false;
        try {
            List<String> rest = new ArrayList<>(args.subList(1, args.size()));
            // --root first: the defaults depend on it
            int r = rest.indexOf("--root");
            if (r >= 0 && r + 1 < rest.size()) {
                root = Path.of(rest.get(r + 1)).toAbsolutePath().normalize();
                config = StackConfig.defaults(root, out);
                rest.remove(r + 1);
                rest.remove(r);
            }
            if (command.equals("revoke")) {
                return Revoke.run(rest, config.workDir(), java.time.Clock.systemUTC(), out, err);
            }
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--api" -> config = config.withApi(EmulatedApi.fromFlag(value(arg, rest)));
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
        return "usage: tollgate local [--api " + EmulatedApi.flags() + " (rest-request)] [--port N (3000)]\n"
                + "                      [--ttl SECONDS (300; 0 = off)] [--issuer-port N] [--permissions FILE] [--quiet]\n"
                + "       tollgate invoke EVENT.json [--env ENV.json (events/env.json)] [--permissions FILE]\n"
                + Revoke.usage().replace("usage: ", "       ");
    }

    private static int local(StackConfig config, boolean quiet, PrintStream err) {
        config.out().println("starting the local stack (dev issuer, dynalite, tollgate under the runtime client, gateway: "
                + config.api().flag() + ") ...");
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (LocalStack.StartException e) {
            err.println("tollgate local: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.markStopping();
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
        ProcessHandle.of(stack.functionPid()).ifPresent(h -> h.onExit().thenRun(() -> {
            try {
                // Ctrl-C reaches the whole process group: the function may exit just before the hook runs.
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!stack.stoppingOrClosed()) {
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

    private static int invoke(StackConfig config, Path event, Path envFile, PrintStream out, PrintStream err) {
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
        StackConfig invokeConfig = config.withoutGateway().withFunctionEnv(env)
                .withWorkDir(config.workDir().resolve("invoke")).withOut(err);
        try (LocalStack stack = LocalStack.start(invokeConfig)) {
            AuthorizerClient.Invocation answer = stack.invoke(body);
            printFunctionLog(stack.functionLog(), err);
            out.println(pretty(answer.body()));
            return answer.error() ? 1 : 0;
        } catch (LocalStack.StartException e) {
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
