package dev.tollgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A loopback TCP proxy that passes the server's answer on one byte per {@code interval} (the
 * client's bytes go through at once): a server that is never silent long enough to trip a read
 * timeout, yet takes ages to say anything, e.g. a TLS handshake (in front of a {@link TlsFront}) or
 * HTTP headers that drip. Closing the proxy cuts every connection at once.
 */
public final class DripTcpProxy implements AutoCloseable {
    private final LoopbackTcpRelay relay;
    private final Duration interval;

    /** Starts listening on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
    public DripTcpProxy(int targetPort, Duration interval) {
        this.interval = interval;
        this.relay = LoopbackTcpRelay.proxy("drip-proxy", targetPort, this::passDripping);
    }

    public int port() {
        return relay.port();
    }

    private void passDripping(OutputStream out, byte[] chunk, int length) throws IOException, InterruptedException {
        for (int i = 0; i < length; i++) {
            Thread.sleep(interval.toMillis());
            out.write(chunk[i]);
            out.flush();
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}
