package dev.tollgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;

/**
 * A loopback TCP proxy that holds every chunk of the server's answer for {@link #delay(Duration)}
 * before passing it on: a slow server without touching the server. Requests pass through at once.
 */
public final class DelayingTcpProxy implements AutoCloseable {
    private final LoopbackTcpRelay relay;
    private volatile Duration delay = Duration.ZERO;

    /** Starts listening on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
    public DelayingTcpProxy(int targetPort) {
        this.relay = LoopbackTcpRelay.proxy("delaying-proxy", targetPort, this::passDelayed);
    }

    /** How long each response chunk is held from now on; zero passes it straight through. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** {@code http://127.0.0.1:<proxy port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + relay.port());
    }

    private void passDelayed(OutputStream out, byte[] chunk, int length) throws IOException, InterruptedException {
        Duration hold = delay;
        if (!hold.isZero()) {
            Thread.sleep(hold.toMillis());
        }
        LoopbackTcpRelay.Forwarding.AT_ONCE.pass(out, chunk, length);
    }

    @Override
    public void close() {
        relay.close();
    }
}
