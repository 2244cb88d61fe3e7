package dev.tollgate.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Follows a log file another process writes (the function's stdout) and hands each complete line
 * to a consumer, from a daemon thread polling every {@value #POLL_MILLIS} ms.
 */
final class LogTail implements AutoCloseable {

    static final long POLL_MILLIS = 200;

    private final Thread thread;
    private volatile boolean stopped;

    private LogTail(Path file, Consumer<String> lines) {
        this.thread = new Thread(() -> follow(file, lines), "log-tail");
        this.thread.setDaemon(true);
    }

    static LogTail start(Path file, Consumer<String> lines) {
        LogTail tail = new LogTail(file, lines);
        tail.thread.start();
        return tail;
    }

    private void follow(Path file, Consumer<String> lines) {
        long position = 0;
        StringBuilder partial = new StringBuilder();
        while (!stopped) {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length < position) {
                    position = 0;
                }
                if (length > position) {
                    byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
                    in.seek(position);
                    in.readFully(bytes);
                    position += bytes.length;
                    partial.append(new String(bytes, StandardCharsets.UTF_8));
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        lines.accept(partial.substring(0, newline));
                        partial.delete(0, newline + 1);
                    }
                    continue;
                }
            } catch (IOException e) {
                // not there yet, or gone: try again
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
