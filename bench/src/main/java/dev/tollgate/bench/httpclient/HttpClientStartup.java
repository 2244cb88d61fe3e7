package dev.tollgate.bench.httpclient;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SDK HTTP client decision, measured: fresh JVMs (C1, SerialGC, like the template), alternating
 * url-connection and AWS CRT, each building a DynamoDB client and reading one item from dynalite
 * over HTTPS (the harness's CA: trusted by the JVM through a copy of its cacerts, by the CRT's
 * native TLS through {@code SSL_CERT_FILE}, a copy of the system bundle plus the CA); reports the
 * median time from JVM start of main to the first response. {@code bench/run --http-clients [N]}.
 */
public final class HttpClientStartup {
    private HttpClientStartup() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(args[1], System.getenv("BENCH_ENDPOINT"));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Path root = Path.of(System.getProperty("bench.root", "."));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Path work = root.resolve("bench/target/bench-work/http-clients");
        dev.tollgate.bench.coldstart.HarnessTls tls = dev.tollgate.bench.coldstart.HarnessTls.create(work.resolve("tls"));
        Path bundle = work.resolve("ca-bundle.pem");
        java.nio.file.Files.writeString(bundle, java.nio.file.Files.readString(Path.of("/etc/ssl/certs/ca-certificates.crt"))
                + java.nio.file.Files.readString(tls.caPem()));
        List<String> trust = tls.jvmFlags(Path.of(System.getProperty("java.home")));
        try (DynaliteServer dynalite = DynaliteServer.start(root.resolve(DynaliteServer.INSTALL_DIR), tls.dynaliteHttps());
                DynaliteTables tables = new DynaliteTables(dynalite.endpoint(), tls.harnessTrustManagers())) {
            tables.createPermissionsTable("perms");
            for (int i = 0; i < rounds; i++) {
                for (String client : List.of("url-connection", "crt")) {
                    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
                    command.addAll(trust);
                    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                            HttpClientStartup.class.getName(), "--child", client));
                    ProcessBuilder child = new ProcessBuilder(command);
                    child.environment().put("BENCH_ENDPOINT", dynalite.endpoint().toString());
                    child.environment().put("SSL_CERT_FILE", bundle.toString());
                    Process process = child.redirectErrorStream(true).start();
                    String out = new String(process.getInputStream().readAllBytes()).strip();
                    process.waitFor();
                    String last = out.lines().reduce((a, b) -> b).orElse("");
                    millis.computeIfAbsent(client, k -> new ArrayList<>()).add(Double.parseDouble(last));
                    System.out.printf("round %d/%d %-15s %s ms%n", i + 1, rounds, client, last);
                }
            }
        }
        System.out.println("| HTTP client | build + first GetItem, median ms | p90 ms | samples |");
        System.out.println("|---|---|---|---|");
        millis.forEach((client, values) -> {
            Collections.sort(values);
            System.out.printf("| %s | %.0f | %.0f | %d |%n", client, values.get(values.size() / 2),
                    values.get((int) Math.ceil(values.size() * 0.9) - 1), values.size());
        });
    }

    private static void child(String client, String endpoint) {
        long start = System.nanoTime();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(DynaliteTables.REGION))
                .endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DynaliteTables.ACCESS_KEY_ID, DynaliteTables.SECRET_ACCESS_KEY)));
        if (client.equals("crt")) {
            builder.httpClientBuilder(AwsCrtHttpClient.builder());
        } else {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        try (DynamoDbClient dynamoDb = builder.build()) {
            dynamoDb.getItem(b -> b.tableName("perms").key(Map.of("principal", AttributeValue.fromS("alice"))));
        }
        System.out.println((System.nanoTime() - start) / 1e6);
    }
}
