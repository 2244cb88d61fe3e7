package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.Settings;
import dev.tollgate.observe.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.tollgate.permission.PermissionStoreException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the DynamoDB path runs request and response through the SDK without sending
 * a byte; real requests still go out afterwards.
 */
class DynamoDbPrimingIT {
    private static final Settings.DynamoDbSettings FAST = new Settings.DynamoDbSettings(
            false, Duration.ofMillis(800), Duration.ofMillis(300), 0);

    @Test
    void primeWhenCalledThenNoConnectionIsMadeAndLaterRequestsStillReachTheEndpoint() throws Exception {
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
            Map<String, String> properties = Map.of("aws.endpointUrlDynamoDb", "http://127.0.0.1:" + trap.getLocalPort(),
                    "aws.region", "us-east-1", "aws.accessKeyId", "a", "aws.secretAccessKey", "b");
            properties.forEach(System::setProperty);
            try (DynamoDbClient client = DynamoDbClients.create(FAST, false)) {
                DynamoDbPermissionStore store = new DynamoDbPermissionStore(client, "tollgate-permissions", FAST);
                ByteArrayOutputStream logs = new ByteArrayOutputStream();
                Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
                try {
                    store.prime();
                    store.prime();
                } finally {
                    Log.redirect(null);
                }
                // A failed priming logs a warning: none means both canned responses were parsed and mapped.
                assertThat(logs.toString(StandardCharsets.UTF_8)).isEmpty();
                Thread.sleep(200);
                assertThat(connections).as("priming sends nothing").hasValue(0);
                assertThatThrownBy(() -> store.permissionsOf("alice")).isInstanceOf(PermissionStoreException.class);
                Thread.sleep(200);
                assertThat(connections.get()).as("a real request still goes out").isPositive();
            } finally {
                properties.keySet().forEach(System::clearProperty);
            }
        }
    }
}
