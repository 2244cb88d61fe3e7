package dev.tollgate.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.Objects;
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
    private final LoopbackTcpRelay relay = new LoopbackTcpRelay("tls-front");
    private final int backendPort;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private volatile SSLContext context; // null: stall

    private TlsFront(int backendPort, SSLContext context) {
        this.backendPort = backendPort;
        this.context = context;
        relay.acceptEach(this::accepted);
    }

    /** Starts a front on a free loopback port serving {@code certificate}, forwarding to {@code 127.0.0.1:backendPort}. */
    public static TlsFront start(int backendPort, TestTls.ServerCert certificate) {
        return new TlsFront(backendPort, certificate.serverContext());
    }

    /** From now on, handshakes present {@code certificate} (open connections are closed). */
    public TlsFront serve(TestTls.ServerCert certificate) {
        this.context = Objects.requireNonNull(certificate, "certificate").serverContext();
        relay.closeConnections();
        return this;
    }

    /** From now on, connections are accepted and then left silent: no handshake ever completes (open connections are closed). */
    public TlsFront stall() {
        this.context = null;
        relay.closeConnections();
        return this;
    }

    public int port() {
        return relay.port();
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

    private void accepted(Socket client) {
        connections.incrementAndGet();
        SSLContext current = context;
        if (current == null) {
            return; // stall: held open, never read, closed by a switch or close()
        }
        Thread handshake = new Thread(() -> terminate(client, current), "tls-front-handshake");
        handshake.setDaemon(true);
        handshake.start();
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
            relay.drop(client);
            return;
        }
        handshakes.incrementAndGet();
        relay.relay(tls, backendPort, LoopbackTcpRelay.Forwarding.AT_ONCE);
    }

    @Override
    public void close() {
        relay.close();
    }
}
