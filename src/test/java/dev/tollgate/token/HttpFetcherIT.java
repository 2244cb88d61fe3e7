package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HttpFetcher against a raw loopback socket that misbehaves in ways an HTTP server library will not. */
class HttpFetcherIT {
    @Test
    void getWhenServerDripsBytesThenGivesUpWithinItsBudget() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread dripper = new Thread(() -> {
                try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 100; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // the client hung up: expected
                }
            });
            dripper.setDaemon(true);
            dripper.start();
            HttpFetcher fetcher = new HttpFetcher(Duration.ofMillis(200), Duration.ofMillis(300), 1024);
            long start = System.nanoTime();
            assertThatThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/jwks.json")))
                    .isInstanceOf(IOException.class).hasMessageContaining("time budget");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
        }
    }

    @Test
    void getWhenHeadersOrChunkedTrailersDripThenGivesUpWithinItsBudget() throws Exception {
        String[] scripts = {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Trailer: "
                    + "x".repeat(200) + "\r\n\r\n"};
        for (int s = 0; s < scripts.length; s++) {
            String script = scripts[s];
            // The first script drips everything; the second sends the body at once and drips the trailers,
            // which the JDK reads inside one read() call.
            int dripFrom = s == 0 ? 0 : script.indexOf("0\r\nX-Trailer");
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread dripper = new Thread(() -> {
                    try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                        socket.getInputStream().read(new byte[4096]);
                        out.write(script.substring(0, dripFrom).getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        for (char c : script.substring(dripFrom).toCharArray()) {
                            out.write(c);
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client hung up: expected
                    }
                });
                dripper.setDaemon(true);
                dripper.start();
                HttpFetcher fetcher = new HttpFetcher(Duration.ofMillis(250), Duration.ofMillis(250), 1024);
                long start = System.nanoTime();
                assertThatThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/jwks.json")))
                        .as(script).isInstanceOf(IOException.class).hasMessageContaining("time budget");
                // budget: connect + 2 x read = 750 ms
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(script).isLessThan(Duration.ofMillis(1100));
            }
        }
    }
}
