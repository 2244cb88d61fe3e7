package dev.tollgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A dynalite (DynamoDB-API server on Node.js, in memory) started with the machine's {@code node} on
 * a free loopback port, over plain HTTP or over HTTPS with a given certificate (dynalite's own
 * {@code --ssl} certificate expired in 2018), owned by this object and stopped by its own process
 * handle. Tables are ACTIVE at once (no 500 ms of CREATING).
 *
 * <p>The pinned npm install is {@code test-support/dynalite} ({@code package-lock.json});
 * {@link #start()} finds it through the system property {@code tollgate.dynalite.dir} (Maven sets
 * it), and {@code npm ci} runs there first when {@code node_modules} is missing ({@link NpmInstall}).
 */
public final class DynaliteServer implements AutoCloseable {

    /** Node start plus dynalite's module loading takes well under a second here; 20 s is for loaded CI. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /** The install relative to the project root. */
    public static final Path INSTALL_DIR = Path.of("test-support", "dynalite");

    /**
     * Starts dynalite with TLS when {@code process.argv} carries a key and a certificate file (the
     * library's {@code ssl} option; its CLI flag would use the expired bundled certificate).
     */
    private static final String LAUNCHER = String.join("\n",
            "const [dir, port, key, cert] = process.argv.slice(1);",
            "const fs = require('fs');",
            "const options = {createTableMs: 0, deleteTableMs: 0, updateTableMs: 0};",
            "if (key) Object.assign(options, {ssl: true, key: fs.readFileSync(key), cert: fs.readFileSync(cert)});",
            "require(dir + '/node_modules/dynalite')(options).listen(+port, '127.0.0.1', err => {",
            "  if (err) { console.error(err); process.exit(1); }",
            "  console.log('dynalite listening at ' + (key ? 'https' : 'http') + '://127.0.0.1:' + port);",
            "});");

    /** The PEM files dynalite serves HTTPS with. */
    public record Https(Path certificatePem, Path privateKeyPem) {}

    private final Process process;
    private final int port;
    private final boolean https;
    private final List<String> output = new ArrayList<>();

    private DynaliteServer(Process process, int port, boolean https) {
        this.process = process;
        this.port = port;
        this.https = https;
    }

    /**
     * Starts dynalite over plain HTTP from the install named by {@code tollgate.dynalite.dir}
     * (default {@link #INSTALL_DIR} below the working directory) and waits until it listens.
     *
     * @throws IllegalStateException when node or the npm install is missing, or dynalite does not
     *     come up within {@link #START_TIMEOUT} (the message holds its output)
     */
    public static DynaliteServer start() {
        return start(Path.of(System.getProperty("tollgate.dynalite.dir", INSTALL_DIR.toString())), null);
    }

    /**
     * Starts dynalite from {@code installDir} (the folder holding package.json), installing it
     * first when {@code node_modules} is missing, and waits until it listens.
     *
     * @param https the certificate and key to serve HTTPS with; null serves plain HTTP
     * @throws IllegalStateException as {@link #start()}, or when {@code npm ci} fails
     */
    public static DynaliteServer start(Path installDir, Https https) {
        try {
            NpmInstall.ensure(installDir);
        } catch (IOException e) {
            throw new IllegalStateException("dynalite is not installed in " + installDir.toAbsolutePath()
                    + " and npm ci failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing dynalite", e);
        }
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of("node", "-e", LAUNCHER,
                installDir.toAbsolutePath().toString(), Integer.toString(port)));
        if (https != null) {
            command.add(https.privateKeyPem().toString());
            command.add(https.certificatePem().toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'node' (is Node.js installed and on PATH?): " + e.getMessage(), e);
        }
        DynaliteServer server = new DynaliteServer(process, port, https != null);
        server.awaitListening();
        return server;
    }

    /** True when a {@code node} executable is on the PATH. */
    public static boolean nodeAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return true;
            }
        }
        return false;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                // Keeps draining after start so a chatty server never blocks on a full pipe.
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("listening")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                // The process went away; the waiter below reports it.
            }
            listening.completeExceptionally(new IllegalStateException("dynalite exited"));
        }, "dynalite-output-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            throw new IllegalStateException("dynalite did not start listening on port " + port + " within "
                    + START_TIMEOUT + "; output: " + output(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>} ({@code https://} with TLS): {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public URI endpoint() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** What dynalite printed so far. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Stops the process (and any children) and waits for it; idempotent. */
    public void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
