package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.DynamoDbSettings.Transport;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.testing.CapturedLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SnapStart priming of the DynamoDB path runs request and response through either transport without
 * sending a byte and without looking up credentials; real requests still go out afterwards.
 */
class DynamoDbPrimingIT {
    private static final DynamoDbSettings FAST = new DynamoDbSettings(
            false, Duration.ofMillis(800), Duration.ofMillis(300), 0);
    /** Twins of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set only after priming. */
    private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", "a", "aws.secretAccessKey", "b");

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void primeWhenCalledThenNoConnectionIsMadeAndLaterRequestsStillReachTheEndpoint(Transport transport)
            throws Exception {
        Map<String, String> previous = new HashMap<>();
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket socket = trap.accept()) {
                        connections.incrementAndGet();
                        socket.setSoLinger(true, 0); // close at once: the client sees a reset, not a hang
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + trap.getLocalPort());
            try (TransportStore primed = TransportStore.open(transport, endpoint, "tollgate-permissions", FAST)) {
                primed.store.prime();
                primed.store.prime();

                // A failed priming logs a warning: none means both canned responses were parsed and mapped
                // (and no credentials were needed: none are set yet).
                assertThat(log.text()).isEmpty();
                Thread.sleep(200);
                assertThat(connections).as("priming sends nothing").hasValue(0);

                CREDENTIALS.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
                assertThatThrownBy(() -> primed.store.permissionsOf("alice"))
                        .isInstanceOf(PermissionStoreException.class)
                        .hasMessageStartingWith("DynamoDB GetItem on table tollgate-permissions ");
                Thread.sleep(200);
                assertThat(connections.get()).as("a real request still goes out").isPositive();
            } finally {
                previous.forEach(TransportStore::restore);
            }
        }
    }
}
