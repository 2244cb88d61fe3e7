package dev.tollgate.dynamodb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A raw server that reads a request and then sends its status line one byte per 50 ms. */
final class DrippingHttpServer implements AutoCloseable {
    /** What the server writes after reading the request. */
    interface Script {
        void play(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dripping-dynamodb");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /** The status line and headers, one byte every 50 ms, for ever. */
    DrippingHttpServer() throws IOException {
        this(out -> drip(out, "HTTP/1.1 200 OK\r\nX-Padding: "));
    }

    DrippingHttpServer(Script script) throws IOException {
        executor.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.add(client);
                    executor.execute(() -> serve(client, script));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void serve(Socket client, Script script) {
        try (client) {
            InputStream in = client.getInputStream();
            in.read(new byte[8192]); // the request (small enough to arrive at once)
            script.play(client.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // client gone or server stopped
        }
    }

    /** {@code prefix} at once, then one more byte every 50 ms, for ever. */
    static void drip(OutputStream out, String prefix) throws IOException, InterruptedException {
        out.write(prefix.getBytes(UTF_8));
        out.flush();
        for (int i = 0; i < 10_000 && !Thread.currentThread().isInterrupted(); i++) {
            out.write('a');
            out.flush();
            Thread.sleep(50);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : accepted) {
            client.close();
        }
        executor.shutdownNow();
    }
}
