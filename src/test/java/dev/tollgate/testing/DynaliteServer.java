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
 * A dynalite (DynamoDB-API server, in memory) started with the machine's {@code node} on a free
 * loopback port, owned by this object and stopped by its own process handle.
 *
 * <p>The pinned npm install lives in the directory named by the system property
 * {@code tollgate.dynalite.dir} (Maven sets it; {@code ./mvnw generate-test-resources} runs
 * {@code npm ci} there).
 */
public final class DynaliteServer implements AutoCloseable {

    /** Node start plus dynalite's module loading takes well under a second here; 20 s is for loaded CI. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private DynaliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts dynalite and waits until it listens.
     *
     * @throws IllegalStateException when node or the npm install is missing, or dynalite does not
     *     come up within {@link #START_TIMEOUT} (the message holds its output)
     */
    public static DynaliteServer start() {
        Path cli = cliPath();
        int port = freeLoopbackPort();
        ProcessBuilder builder = new ProcessBuilder("node", cli.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                // Tables are ACTIVE at once instead of after 500 ms.
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'node' (is Node.js installed and on PATH?): " + e.getMessage(), e);
        }
        DynaliteServer server = new DynaliteServer(process, port);
        server.awaitListening();
        return server;
    }

    private static Path cliPath() {
        String dir = System.getProperty("tollgate.dynalite.dir", "src/test/dynalite");
        Path cli = Path.of(dir, "node_modules", "dynalite", "cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed at " + cli.toAbsolutePath()
                    + ": run ./mvnw generate-test-resources (it runs npm ci in " + dir + ")");
        }
        return cli;
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

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
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
