package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on loopback in front of a plain-HTTP loopback server (a {@link LoopbackIssuer},
 * a {@link ScriptedDynamoDb}, dynalite): it terminates TLS with a certificate the test chooses and
 * passes the decrypted bytes through, so the backend is unchanged and only the TLS layer is at
 * fault. Between requests a test switches what the front does on its one port:
 * <ul>
 *   <li>{@link #serve(TestTls.ServerCert)}: handshake with that certificate (trusted, from another
 *       CA, expired, for another host name...);
 *   <li>{@link #stall()}: accept the TCP connection and never read the ClientHello nor answer it (a
 *       handshake that never completes).
 * </ul>
 * A switch closes every open connection, so a kept-alive connection made under the previous
 * certificate cannot carry the next request past the new one.
 */
public final class TlsFront implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private volatile SSLContext context; // null: stall
    private volatile boolean closed;

    private TlsFront(int backendPort, SSLContext context) {
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
        this.backend = new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort);
        this.context = context;
        Thread acceptor = new Thread(this::acceptLoop, "tls-front-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a front on a free loopback port serving {@code certificate}, forwarding to {@code 127.0.0.1:backendPort}. */
    public static TlsFront start(int backendPort, TestTls.ServerCert certificate) {
        return new TlsFront(backendPort, certificate.serverContext());
    }

    /** From now on, handshakes present {@code certificate} (open connections are closed). */
    public TlsFront serve(TestTls.ServerCert certificate) {
        this.context = Objects.requireNonNull(certificate, "certificate").serverContext();
        closeOpenConnections();
        return this;
    }

    /** From now on, connections are accepted and then left silent: no handshake ever completes (open connections are closed). */
    public TlsFront stall() {
        this.context = null;
        closeOpenConnections();
        return this;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code https://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + port());
    }

    /** TCP connections accepted so far (a client that tried, whatever became of the handshake). */
    public int connections() {
        return connections.get();
    }

    /** Handshakes completed so far. */
    public int handshakes() {
        return handshakes.get();
    }

    /** Handshakes that failed so far (the client refused the certificate, or went away). */
    public int failedHandshakes() {
        return failedHandshakes.get();
    }

    private void acceptLoop() {
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
            connections.incrementAndGet();
            open.add(client);
            SSLContext current = context;
            if (current == null) {
                continue; // stall: held open, never read, closed by a switch or close()
            }
            Thread handshake = new Thread(() -> terminate(client, current), "tls-front-handshake");
            handshake.setDaemon(true);
            handshake.start();
        }
    }

    private void terminate(Socket client, SSLContext current) {
        SSLSocket tls;
        try {
            tls = (SSLSocket) current.getSocketFactory().createSocket(client, null, client.getPort(), true);
            tls.setUseClientMode(false);
            client.setSoTimeout(10_000); // a client that never finishes its side does not hold the thread forever
            tls.startHandshake();
            client.setSoTimeout(0);
        } catch (IOException e) {
            failedHandshakes.incrementAndGet();
            closeQuietly(client);
            open.remove(client);
            return;
        }
        handshakes.incrementAndGet();
        Socket server = new Socket();
        try {
            server.connect(backend, 2_000);
        } catch (IOException e) {
            closeQuietly(tls);
            open.remove(client);
            return;
        }
        open.add(tls);
        open.add(server);
        pump(tls, server);
        pump(server, tls);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed (or the front did): close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tls-front-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeOpenConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
            open.remove(socket);
        }
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
        closeOpenConnections();
    }
}
