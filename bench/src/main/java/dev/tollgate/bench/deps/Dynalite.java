package dev.tollgate.bench.deps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * dynalite (a DynamoDB-API server on Node.js, in memory) on a free loopback port, started from the
 * pinned install in {@code src/test/dynalite} ({@code npm ci} runs there first when
 * {@code node_modules} is missing), over HTTPS with the harness's certificate (dynalite's own
 * {@code --ssl} certificate expired in 2018) or over plain HTTP.
 */
public final class Dynalite implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "bench";
    public static final String SECRET_KEY = "bench-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Starts dynalite with TLS when {@code process.argv} carries a key and a certificate file
     * (the library's {@code ssl} option; its CLI flag would use the expired bundled certificate).
     */
    private static final String LAUNCHER = String.join("\n",
            "const [dir, port, key, cert] = process.argv.slice(1);",
            "const fs = require('fs');",
            "const options = {createTableMs: 0};",
            "if (key) Object.assign(options, {ssl: true, key: fs.readFileSync(key), cert: fs.readFileSync(cert)});",
            "require(dir + '/node_modules/dynalite')(options).listen(+port, '127.0.0.1', err => {",
            "  if (err) { console.error(err); process.exit(1); }",
            "  console.log('dynalite listening at ' + (key ? 'https' : 'http') + '://127.0.0.1:' + port);",
            "});");

    private final Process process;
    private final int port;
    private final boolean https;
    private final DynamoDbClient client;

    private Dynalite(Process process, int port, HarnessTls tls) {
        this.process = process;
        this.port = port;
        this.https = tls != null;
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (tls != null) {
            http.tlsTrustManagersProvider(tls::harnessTrustManagers);
        }
        this.client = DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(http.build())
                .build();
    }

    /** True when a {@code node} executable is on the PATH. */
    public static boolean nodeAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts dynalite from {@code installDir} (the folder holding package.json).
     *
     * @throws IOException when node or dynalite cannot be started or does not listen in time
     */
    public static Dynalite start(Path installDir) throws IOException, InterruptedException {
        return start(installDir, null);
    }

    /**
     * Starts dynalite from {@code installDir}, over HTTPS with {@code tls}'s certificate.
     *
     * @param tls null serves plain HTTP
     * @throws IOException when node or dynalite cannot be started or does not listen in time
     */
    public static Dynalite start(Path installDir, HarnessTls tls) throws IOException, InterruptedException {
        NpmInstall.ensure(installDir);
        int port = freePort();
        // createTableMs 0: tables are ACTIVE at once (otherwise the SDK waiter polls 20 s later).
        List<String> command = new java.util.ArrayList<>(List.of("node", "-e", LAUNCHER,
                installDir.toAbsolutePath().toString(), Integer.toString(port)));
        if (tls != null) {
            command.add(tls.keyPem().toString());
            command.add(tls.certPem().toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("listening")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // process ended
            }
            listening.complete(false);
        }, "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            process.destroyForcibly();
            throw new IOException("dynalite did not start on port " + port);
        }
        return new Dynalite(process, port, tls);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code https://127.0.0.1:<port>} (or {@code http://}), the value of {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public String endpoint() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Creates the permissions table: partition key {@code principal} (S), on-demand billing. */
    public void createPermissionsTable(String table) {
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("principal")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("principal").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    /** Stores {@code permissions} (a string set of {@code "<METHOD> <path>"}) for {@code principal}. */
    public void putPermissions(String table, String principal, Collection<String> permissions) {
        client.putItem(b -> b.tableName(table).item(Map.of(
                "principal", AttributeValue.fromS(principal),
                "permissions", AttributeValue.fromSs(List.copyOf(permissions)))));
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
