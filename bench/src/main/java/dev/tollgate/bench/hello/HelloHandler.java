package dev.tollgate.bench.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: the least a Java function can do under the runtime interface client. It reads the
 * event and answers a constant JSON, so every tollgate figure can be read as a ratio to it.
 * Built into its own tiny jar ({@code bench/target/hello.jar}) and run exactly like tollgate.
 */
public final class HelloHandler implements RequestStreamHandler {

    private static final byte[] ANSWER = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
