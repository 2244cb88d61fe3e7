package dev.tollgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server process a fixture owns (Keycloak, oidc-provider): its merged output drained into memory
 * by a daemon thread (so a chatty server never blocks on a full pipe), lines awaited by predicate,
 * commands written to its stdin, and a stop that takes its children along.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Writer input;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::drain, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code builder} (its output merged) and waits for a line matching {@code ready}.
     *
     * @throws IllegalStateException when it cannot start, exits, or is not ready within {@code timeout}
     *     (the message holds its output); the process is stopped then
     */
    static ServerProcess start(String name, ProcessBuilder builder, Predicate<String> ready, Duration timeout) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + builder.command().get(0) + "): "
                    + e.getMessage(), e);
        }
        ServerProcess server = new ServerProcess(name, process);
        try {
            server.awaitLine(0, ready, timeout);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A port nobody listens on now, on the loopback interface. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away: waiters are told below
        }
        synchronized (lines) {
            ended = true;
            lines.notifyAll();
        }
    }

    /** Lines printed so far. */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /**
     * Waits for the first line at index {@code from} or later that matches.
     *
     * @return that line
     * @throws IllegalStateException when the process ends first or {@code timeout} passes
     */
    String awaitLine(int from, Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int next = from;
            while (true) {
                for (; next < lines.size(); next++) {
                    if (match.test(lines.get(next))) {
                        return lines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new IllegalStateException(name + (ended ? " exited" : " gave no expected line within " + timeout)
                            + "; its output:\n" + String.join("\n", lines));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /** Writes one line to the process's stdin. */
    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take input: " + output(), e);
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process and its children (TERM, then KILL after {@code grace}); idempotent. */
    void stop(Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            input.close(); // a server that stops on end of stdin starts stopping now
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                try {
                    child.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    child.destroyForcibly();
                }
            }
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
