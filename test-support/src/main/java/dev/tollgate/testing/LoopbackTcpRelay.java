package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The plumbing shared by the loopback TCP test servers ({@link DelayingTcpProxy},
 * {@link DripTcpProxy}, {@link TlsFront}): a listener on a free loopback port whose accepted
 * connections go to a handler, byte pumps that relay a connection to a loopback target, and one
 * place that closes every connection it has seen. What is slow or faulty about a server is the
 * {@link Forwarding} of its answers (or, for the TLS front, what it does before relaying).
 */
public final class LoopbackTcpRelay implements AutoCloseable {
    /** How a pump passes on one chunk it has read. */
    @FunctionalInterface
    public interface Forwarding {
        /** Writes and flushes the chunk as soon as it is read. */
        Forwarding AT_ONCE = (out, chunk, length) -> {
            out.write(chunk, 0, length);
            out.flush();
        };

        void pass(OutputStream out, byte[] chunk, int length) throws IOException, InterruptedException;
    }

    private final String name;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Listens on a free loopback port; nothing is accepted until {@link #acceptEach(Consumer)}. */
    public LoopbackTcpRelay(String name) {
        this.name = name;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /**
     * A proxy: every connection is relayed to {@code 127.0.0.1:targetPort}, the client's bytes at
     * once, the target's answers by {@code answers}.
     */
    public static LoopbackTcpRelay proxy(String name, int targetPort, Forwarding answers) {
        LoopbackTcpRelay relay = new LoopbackTcpRelay(name);
        relay.acceptEach(client -> relay.relay(client, targetPort, answers));
        return relay;
    }

    /**
     * Starts accepting: each connection is kept open (until {@link #closeConnections()}) and given to
     * {@code onConnection} on the accepting thread, one at a time.
     */
    public void acceptEach(Consumer<Socket> onConnection) {
        Thread acceptor = new Thread(() -> acceptLoop(onConnection), name + "-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop(Consumer<Socket> onConnection) {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(client);
            onConnection.accept(client);
        }
    }

    /**
     * Connects to {@code 127.0.0.1:targetPort} and pumps both ways between it and {@code client}:
     * the client's bytes at once, the target's answers by {@code answers}. If the target does not take
     * the connection within 2 s, {@code client} is dropped.
     */
    public void relay(Socket client, int targetPort, Forwarding answers) {
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
        } catch (IOException e) {
            drop(client);
            return;
        }
        open.add(client);
        open.add(server);
        pump(client, server, Forwarding.AT_ONCE);
        pump(server, client, answers);
    }

    private void pump(Socket from, Socket to, Forwarding forwarding) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    forwarding.pass(out, buffer, n);
                }
            } catch (IOException | InterruptedException e) {
                // a side closed (or the relay did): close both below
            } finally {
                drop(from);
                drop(to);
            }
        }, name + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes {@code socket} and forgets it. */
    public void drop(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        open.remove(socket);
    }

    /** Closes every connection open now (the listener goes on accepting). */
    public void closeConnections() {
        for (Socket socket : open) {
            drop(socket);
        }
    }

    /** Stops accepting and closes every connection at once. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        closeConnections();
    }
}
