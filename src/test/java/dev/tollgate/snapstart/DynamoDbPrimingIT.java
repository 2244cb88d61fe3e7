package dev.tollgate.snapstart;

import dev.tollgate.config.DynamoDbSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Settings;
import dev.tollgate.testing.CapturedLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Priming of the DynamoDB path runs every read through the production store over canned answers
 * without sending a byte to the configured endpoint (a loopback trap that counts connections) and
 * without credentials (none are set).
 */
class DynamoDbPrimingIT {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void runWhenCalledThenEveryPrincipalReadAndNoConnectionIsMade() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket socket = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            DynamoDbSettings settings = new DynamoDbSettings(false, Duration.ofMillis(800),
                    Duration.ofMillis(300), 0, "eu-west-1", URI.create("http://127.0.0.1:" + trap.getLocalPort()));

            assertThat(DynamoDbPriming.run(settings)).isEqualTo(4);
            assertThat(DynamoDbPriming.run(settings)).as("again, nothing kept").isEqualTo(4);

            // A failed priming logs a warning; none means every canned answer was parsed and mapped.
            assertThat(log.text()).isEmpty();
            Thread.sleep(200);
            assertThat(connections).as("priming sends nothing").hasValue(0);
        }
    }

    @Test
    void runWhenEndpointIsTheRegionalOneThenStillAnswered() {
        DynamoDbSettings regional = new DynamoDbSettings(false, Duration.ofMillis(800),
                Duration.ofMillis(300), 0, "eu-west-1", null, true, true);

        assertThat(DynamoDbPriming.run(regional)).isEqualTo(4);
    }
}
