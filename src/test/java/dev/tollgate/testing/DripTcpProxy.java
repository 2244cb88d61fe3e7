package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that passes the server's answer on one byte per {@code interval} (the
 * client's bytes go through at once): a server that is never silent long enough to trip a read
 * timeout, yet takes ages to say anything, e.g. a TLS handshake (in front of a {@link TlsFront}) or
 * HTTP headers that drip. Closing the proxy cuts every connection at once.
 */
public final class DripTcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Duration interval;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Starts listening on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
    public DripTcpProxy(int targetPort, Duration interval) {
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.interval = interval;
        Thread acceptor = new Thread(this::acceptLoop, "drip-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Socket server = new Socket();
                try {
                    server.connect(target, 2000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean drip) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!drip) {
                        out.write(buffer, 0, n);
                        out.flush();
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        Thread.sleep(interval.toMillis());
                        out.write(buffer[i]);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed (or the proxy did): close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "drip-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
