package dev.tollgate.lambda;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM for {@code JvmTrustStoreIT}: builds the handler exactly as Lambda does (the no-argument
 * constructor: settings from the environment, production wiring, keys prefetched, DynamoDB primed),
 * then answers one event per line of standard input with one line on standard output:
 * {@code <PREFIX>OK <millis> <response JSON>} or {@code <PREFIX>FAIL <millis> <message>}. tollgate's
 * own log lines go to standard output too and do not start with the prefix.
 */
public final class ForkedHandlerMain {
    /** Starts every line of the protocol. */
    public static final String PREFIX = "@@tollgate-forked ";

    private ForkedHandlerMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        AuthorizerHandler handler = new AuthorizerHandler();
        out.println(PREFIX + "READY");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            long start = System.nanoTime();
            String answer;
            try {
                handler.handleRequest(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), response, null);
                answer = "OK " + millisSince(start) + " " + response.toString(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                answer = "FAIL " + millisSince(start) + " " + e.getMessage();
            }
            out.println(PREFIX + answer.replace('\n', ' '));
            out.flush();
        }
        System.exit(0); // end of input: the SDK's and the store's threads must not keep the JVM
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
